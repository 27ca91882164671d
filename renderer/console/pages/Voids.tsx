import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../common/errorText';
import { formatDateTime } from '../../common/i18n';
import { errorsAt, fieldErrorsOf, type FieldError } from '../components/fieldErrors';
import { useIds } from '../components/useIds';
import { api as contract, type AnswerOf } from '../../../shared/protocol/api';
import { api } from '../session';
import { lastThirtyDays } from './reportData';

type VoidReport = AnswerOf<typeof contract.hq.reports.voids>;
/** One void as the server reports it. */
type VoidRow = VoidReport['rows'][number];

/** An amount sent as a decimal string, in the reader's conventions; no float holds it. */
function formatAmount(text: string, currency: string, language: string): string {
  const format = new Intl.NumberFormat(language, { style: 'currency', currency });
  return format.format(text as Intl.StringNumericLiteral);
}

function VoidLines({ row }: { row: VoidRow }) {
  const { t } = useTranslation();
  if (row.lines.length === 0) return <>{t('voids.noLines')}</>;
  return (
    <ul className="void-lines">
      {row.lines.map((line, i) => (
        <li key={i}>{t('voids.line', { product: line.product, quantity: line.quantity })}</li>
      ))}
    </ul>
  );
}

/**
 * What the registers voided in a period, of one store or all: each line or sale with its amount,
 * who voided it, why, and the manager who approved it.
 */
export function Voids() {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const errorId = useId();
  const stores = useIds(contract.hq.stores.list);
  const [query, setQuery] = useState(() => ({ ...lastThirtyDays(), store: '' }));
  const [report, setReport] = useState<VoidReport | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);

  const load = useCallback(async (wanted: { from: string; to: string; store: string }) => {
    setLoading(true);
    setFieldErrors([]);
    try {
      const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const query = {
        from: wanted.from,
        to: wanted.to,
        timeZone,
        ...(wanted.store ? { store: wanted.store } : {}),
      };
      setReport(await api.route(contract.hq.reports.voids, { query }));
      setError(null);
    } catch (caught) {
      setError(errorText(caught));
      setFieldErrors(fieldErrorsOf(caught));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load({ ...lastThirtyDays(), store: '' });
  }, [load]);

  const invalidIf = (path: string) =>
    errorsAt(fieldErrors, [path]).length > 0
      ? { 'aria-invalid': true as const, 'aria-describedby': errorId }
      : {};

  function submit(event: FormEvent) {
    event.preventDefault();
    void load(query);
  }

  return (
    <section aria-labelledby={titleId}>
      <h2 id={titleId}>{t('voids.title')}</h2>
      <form onSubmit={submit} aria-label={t('voids.filter')}>
        <label>
          {t('reports.from')}
          <input
            type="date"
            value={query.from}
            required
            {...invalidIf('from')}
            onChange={(event) => setQuery({ ...query, from: event.target.value })}
          />
        </label>
        <label>
          {t('reports.to')}
          <input
            type="date"
            value={query.to}
            required
            {...invalidIf('to')}
            onChange={(event) => setQuery({ ...query, to: event.target.value })}
          />
        </label>
        <label>
          {t('voids.store')}
          <select
            value={query.store}
            {...invalidIf('store')}
            onChange={(event) => setQuery({ ...query, store: event.target.value })}
          >
            <option value="">{t('voids.allStores')}</option>
            {stores.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={loading}>
          {t('voids.show')}
        </button>
      </form>
      {error && (
        <p role="alert" id={errorId}>
          {error}
        </p>
      )}
      {loading && <p role="status">{t('voids.loading')}</p>}
      {report && (
        <>
          <p>{t('voids.count', { count: report.rows.length, from: report.from, to: report.to })}</p>
          {report.rows.length > 0 && (
            <table aria-label={t('voids.table')}>
              <thead>
                <tr>
                  <th scope="col">{t('voids.at')}</th>
                  <th scope="col">{t('voids.store')}</th>
                  <th scope="col">{t('voids.register')}</th>
                  <th scope="col">{t('voids.what')}</th>
                  <th scope="col">{t('voids.amount')}</th>
                  <th scope="col">{t('voids.by')}</th>
                  <th scope="col">{t('voids.approvedBy')}</th>
                  <th scope="col">{t('voids.reason')}</th>
                  <th scope="col">{t('voids.card')}</th>
                </tr>
              </thead>
              <tbody>
                {report.rows.map((row) => (
                  <tr key={row.id}>
                    <th scope="row">{formatDateTime(row.at)}</th>
                    <td>{row.store}</td>
                    <td>{row.register}</td>
                    <td>
                      {t(`voids.scopes.${row.scope}`)}
                      <VoidLines row={row} />
                    </td>
                    <td>{formatAmount(row.total, row.currency, i18n.language)}</td>
                    <td>{row.staff}</td>
                    <td>{row.approvedBy ?? t('voids.notNeeded')}</td>
                    <td>
                      {i18n.exists(`voids.reasons.${row.reason}`)
                        ? t(`voids.reasons.${row.reason}`)
                        : row.reason}
                    </td>
                    <td>{row.card ?? '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
