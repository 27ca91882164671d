import { errorText } from '../../common/errorText';
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../common/i18n';
import { api as contract, type AnswerOf } from '../../../shared/protocol/api';
import { api } from '../session';

type SyncHealthReport = AnswerOf<typeof contract.hq.syncHealth>;
type RegisterHealth = SyncHealthReport['registers'][number];

const POLL_MS = 5_000;

function Versions({ row }: { row: RegisterHealth }) {
  const { t } = useTranslation();
  const held = row.distributionVersion === null ? '–' : formatNumber(row.distributionVersion);
  const latest = row.latestVersion === null ? '–' : formatNumber(row.latestVersion);
  const lag =
    row.versionLag === null
      ? t('health.lagUnknown')
      : row.versionLag === 0
        ? t('health.upToDate')
        : t('health.behind', { versions: formatNumber(row.versionLag) });
  return (
    <>
      {t('health.versionOf', { held, latest })} ({lag})
    </>
  );
}

/** Every register's sync: last contact, outbox depth, distribution lag, clock offset, facts. */
export function SyncHealth() {
  const { t } = useTranslation();
  const titleId = useId();
  const [report, setReport] = useState<SyncHealthReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setReport(await api.route(contract.hq.syncHealth, {}));
      setError(null);
    } catch (caught) {
      setError(errorText(caught));
    }
  }, []);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  return (
    <section aria-labelledby={titleId}>
      <h2 id={titleId}>{t('health.title')}</h2>
      {error && <p role="alert">{error}</p>}
      <button type="button" className="secondary" onClick={() => void refresh()}>
        {t('health.refresh')}
      </button>
      {report && <p>{t('health.at', { at: formatDateTime(report.at) })}</p>}
      {report && report.registers.length === 0 && <p role="status">{t('health.none')}</p>}
      {report && report.registers.length > 0 && (
        <table aria-label={t('health.registers')}>
          <thead>
            <tr>
              <th scope="col">{t('health.store')}</th>
              <th scope="col">{t('health.register')}</th>
              <th scope="col">{t('health.lastContact')}</th>
              <th scope="col">{t('health.outbox')}</th>
              <th scope="col">{t('health.version')}</th>
              <th scope="col">{t('health.clockOffset')}</th>
              <th scope="col">{t('health.pending')}</th>
              <th scope="col">{t('health.rejected')}</th>
            </tr>
          </thead>
          <tbody>
            {report.registers.map((row) => (
              <tr key={row.register}>
                <td>
                  {row.store} ({row.storeName})
                </td>
                <th scope="row">
                  {row.register} ({row.name})
                  {row.enrolmentState !== 'enrolled' && (
                    <> – {t(`registers.states.${row.enrolmentState}`)}</>
                  )}
                </th>
                <td>{row.lastContactAt ? formatDateTime(row.lastContactAt) : t('health.never')}</td>
                <td>{row.outboxDepth === null ? '–' : formatNumber(row.outboxDepth)}</td>
                <td>
                  <Versions row={row} />
                </td>
                <td>
                  {row.clockOffsetMs === null
                    ? '–'
                    : t('health.offset', { ms: formatNumber(row.clockOffsetMs) })}
                </td>
                <td>{formatNumber(row.pendingFacts)}</td>
                <td>{formatNumber(row.rejectedFacts)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
