import { errorText } from '../../common/errorText';
import { useCallback, useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDateTime, formatNumber } from '../../common/i18n';
import { errorsAt, fieldErrorsOf, type FieldError } from '../components/fieldErrors';
import { api as contract } from '../../../shared/protocol/api';
import { api } from '../session';
import {
  activityChartData,
  ENROLMENT_SOURCES,
  enrolmentChartData,
  lastThirtyDays,
  liabilityChartData,
  PALETTE,
  type ActivityReport,
  type EnrolmentReport,
  type ExpiringReport,
  type LiabilityReport,
} from './reportData';

interface Reports {
  liability: LiabilityReport;
  activity: ActivityReport;
  enrolments: EnrolmentReport;
  expiring: ExpiringReport;
}

const CHART = { width: 640, height: 260 } as const;
const colour = (index: number) => PALETTE[index % PALETTE.length];
const formatTick = (value: number) => formatNumber(value);

/** A chart with its accessible name and the same numbers as a plain table underneath. */
function Chart({ title, chart, table }: { title: string; chart: ReactNode; table: ReactNode }) {
  const captionId = useId();
  return (
    <figure aria-labelledby={captionId} className="report">
      <figcaption id={captionId}>{title}</figcaption>
      <div aria-hidden="true">{chart}</div>
      {table}
    </figure>
  );
}

function LiabilityChart({ report }: { report: LiabilityReport }) {
  const { t } = useTranslation();
  return (
    <Chart
      title={t('reports.liability')}
      chart={
        <LineChart {...CHART} data={liabilityChartData(report)}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" />
          <YAxis tickFormatter={formatTick} />
          <Tooltip formatter={(value) => formatNumber(Number(value))} />
          <Legend />
          {report.series.map(({ rewardPoint }, index) => (
            <Line
              key={rewardPoint}
              type="monotone"
              dataKey={rewardPoint}
              stroke={colour(index)}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      }
      table={
        <table aria-label={t('reports.liabilityTable')}>
          <thead>
            <tr>
              <th scope="col">{t('reports.day')}</th>
              <th scope="col">{t('reports.rewardPoint')}</th>
              <th scope="col">{t('reports.outstanding')}</th>
            </tr>
          </thead>
          <tbody>
            {report.series.flatMap(({ rewardPoint, days }) =>
              days.map(({ day, outstanding }) => (
                <tr key={`${rewardPoint} ${day}`}>
                  <th scope="row">{day}</th>
                  <td>{rewardPoint}</td>
                  <td>{formatNumber(outstanding)}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      }
    />
  );
}

function ActivityChart({ report }: { report: ActivityReport }) {
  const { t } = useTranslation();
  const headOffice = t('reports.headOffice');
  const { data, keys } = activityChartData(report, headOffice);
  return (
    <Chart
      title={t('reports.activity')}
      chart={
        <BarChart {...CHART} data={data}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" />
          <YAxis tickFormatter={formatTick} />
          <Tooltip formatter={(value) => formatNumber(Number(value))} />
          <Legend />
          {keys.flatMap((key, index) => [
            <Bar
              key={`${key}:earned`}
              dataKey={`${key}:earned`}
              name={t('reports.earnedBy', { key })}
              fill={colour(2 * index)}
              isAnimationActive={false}
            />,
            <Bar
              key={`${key}:redeemed`}
              dataKey={`${key}:redeemed`}
              name={t('reports.redeemedBy', { key })}
              fill={colour(2 * index + 1)}
              isAnimationActive={false}
            />,
          ])}
        </BarChart>
      }
      table={
        <table aria-label={t('reports.activityTable')}>
          <thead>
            <tr>
              <th scope="col">{t('reports.day')}</th>
              <th scope="col">{t('reports.store')}</th>
              <th scope="col">{t('reports.rewardPoint')}</th>
              <th scope="col">{t('reports.earned')}</th>
              <th scope="col">{t('reports.redeemed')}</th>
              <th scope="col">{t('reports.returned')}</th>
              <th scope="col">{t('reports.refunded')}</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((row) => (
              <tr key={`${row.day} ${row.store ?? ''} ${row.rewardPoint}`}>
                <th scope="row">{row.day}</th>
                <td>{row.store ?? headOffice}</td>
                <td>{row.rewardPoint}</td>
                <td>{formatNumber(row.earned)}</td>
                <td>{formatNumber(row.redeemed)}</td>
                <td>{formatNumber(row.returned)}</td>
                <td>{formatNumber(row.refunded)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

function EnrolmentChart({ report }: { report: EnrolmentReport }) {
  const { t } = useTranslation();
  return (
    <Chart
      title={t('reports.enrolments')}
      chart={
        <BarChart {...CHART} data={enrolmentChartData(report)}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" />
          <YAxis tickFormatter={formatTick} allowDecimals={false} />
          <Tooltip formatter={(value) => formatNumber(Number(value))} />
          <Legend />
          {ENROLMENT_SOURCES.map((source, index) => (
            <Bar
              key={source}
              dataKey={source}
              name={t(`reports.sources.${source}`)}
              stackId="cards"
              fill={colour(index)}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      }
      table={
        <table aria-label={t('reports.enrolmentsTable')}>
          <thead>
            <tr>
              <th scope="col">{t('reports.day')}</th>
              <th scope="col">{t('reports.source')}</th>
              <th scope="col">{t('reports.store')}</th>
              <th scope="col">{t('reports.cards')}</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((row) => (
              <tr key={`${row.day} ${row.source} ${row.store ?? ''}`}>
                <th scope="row">{row.day}</th>
                <td>{t(`reports.sources.${row.source}`)}</td>
                <td>{row.store ?? '–'}</td>
                <td>{formatNumber(row.cards)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

function ExpiringChart({ report }: { report: ExpiringReport }) {
  const { t } = useTranslation();
  const horizons = ['within30', 'within60', 'within90'] as const;
  return (
    <Chart
      title={t('reports.expiring')}
      chart={
        <BarChart {...CHART} data={report.rows}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="rewardPoint" />
          <YAxis tickFormatter={formatTick} />
          <Tooltip formatter={(value) => formatNumber(Number(value))} />
          <Legend />
          {horizons.map((horizon, index) => (
            <Bar
              key={horizon}
              dataKey={horizon}
              name={t(`reports.${horizon}`)}
              fill={colour(index)}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      }
      table={
        <>
          <p>{t('reports.at', { at: formatDateTime(report.at) })}</p>
          <table aria-label={t('reports.expiringTable')}>
            <thead>
              <tr>
                <th scope="col">{t('reports.rewardPoint')}</th>
                {horizons.map((horizon) => (
                  <th scope="col" key={horizon}>
                    {t(`reports.${horizon}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.rows.map((row) => (
                <tr key={row.rewardPoint}>
                  <th scope="row">{row.rewardPoint}</th>
                  {horizons.map((horizon) => (
                    <td key={horizon}>{formatNumber(row[horizon])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      }
    />
  );
}

/** Head office's reports over a period: liability, activity, enrolments, and what expires soon. */
export function Reports() {
  const { t } = useTranslation();
  const titleId = useId();
  const [range, setRange] = useState(lastThirtyDays);
  const [reports, setReports] = useState<Reports | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const errorId = useId();

  const load = useCallback(async (period: { from: string; to: string }) => {
    setLoading(true);
    setFieldErrors([]);
    try {
      const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const query = { ...period, timeZone };
      const reports = contract.hq.reports;
      const [liability, activity, enrolments, expiring] = await Promise.all([
        api.route(reports.liability, { query: { ...query, step: 'day' } }),
        api.route(reports.activity, { query }),
        api.route(reports.enrolments, { query }),
        api.route(reports.expiring, {}),
      ]);
      setReports({ liability, activity, enrolments, expiring });
      setError(null);
    } catch (caught) {
      setError(errorText(caught));
      setFieldErrors(fieldErrorsOf(caught));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(lastThirtyDays());
  }, [load]);
  // The alert says what is wrong with the period; the input at fault points to it.
  const invalidIf = (invalid: boolean) =>
    invalid ? { 'aria-invalid': true as const, 'aria-describedby': errorId } : {};

  function submit(event: FormEvent) {
    event.preventDefault();
    void load(range);
  }

  return (
    <section aria-labelledby={titleId}>
      <h2 id={titleId}>{t('reports.title')}</h2>
      <form onSubmit={submit} aria-label={t('reports.range')}>
        <label>
          {t('reports.from')}
          <input
            type="date"
            value={range.from}
            required
            {...invalidIf(errorsAt(fieldErrors, ['from']).length > 0)}
            onChange={(event) => setRange({ ...range, from: event.target.value })}
          />
        </label>
        <label>
          {t('reports.to')}
          <input
            type="date"
            value={range.to}
            required
            {...invalidIf(errorsAt(fieldErrors, ['to']).length > 0)}
            onChange={(event) => setRange({ ...range, to: event.target.value })}
          />
        </label>
        <button type="submit" disabled={loading}>
          {t('reports.show')}
        </button>
      </form>
      {error && (
        <p role="alert" id={errorId}>
          {error}
        </p>
      )}
      {loading && <p role="status">{t('reports.loading')}</p>}
      {reports && (
        <>
          <p>{t('reports.period', { from: reports.activity.from, to: reports.activity.to })}</p>
          <LiabilityChart report={reports.liability} />
          <ActivityChart report={reports.activity} />
          <EnrolmentChart report={reports.enrolments} />
          <ExpiringChart report={reports.expiring} />
        </>
      )}
    </section>
  );
}
