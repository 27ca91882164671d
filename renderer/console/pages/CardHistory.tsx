import { errorText } from '../../common/errorText';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../common/i18n';
import { api as contract, type HistoryEntry } from '../../../shared/protocol/api';
import { api } from '../session';

const PAGE_SIZE = 50;

type Column = readonly [string, (entry: HistoryEntry) => ReactNode];

/** Every field of a ledger entry, in the order PRODUCT.md lists them. */
function useColumns(): Column[] {
  const { t } = useTranslation();
  const text = (value: string | number | null) => value ?? '';
  return [
    ['seq', (e) => e.seq],
    ['id', (e) => <code>{e.id}</code>],
    ['rewardPoint', (e) => e.rewardPoint],
    ['kind', (e) => t(`history.kinds.${e.kind}`, e.kind)],
    ['points', (e) => formatNumber(e.points)],
    ['status', (e) => t(`history.statuses.${e.status}`)],
    ['reason', (e) => text(e.reason)],
    ['origin', (e) => t(`history.origins.${e.origin}`)],
    ['cropped', (e) => formatNumber(e.cropped)],
    ['store', (e) => text(e.store)],
    ['register', (e) => text(e.register)],
    ['receipt', (e) => text(e.receipt)],
    ['line', (e) => text(e.line)],
    ['scheme', (e) => (e.scheme ? `${e.scheme} v${e.schemeVersion ?? '?'}` : '')],
    ['rules', (e) => e.rules.join(', ')],
    ['earnedAt', (e) => formatDateTime(e.earnedAt)],
    ['vestsAt', (e) => formatDateTime(e.vestsAt)],
    ['expiresAt', (e) => formatDateTime(e.expiresAt)],
    ['staff', (e) => text(e.staff)],
    ['comment', (e) => text(e.comment)],
    ['deviceTime', (e) => formatDateTime(e.deviceTime)],
    ['deviceSeq', (e) => text(e.deviceSeq)],
    ['serverTime', (e) => formatDateTime(e.serverTime)],
    ['lots', (e) => (e.lots ?? []).map((lot) => `${lot.id}: ${lot.points}`).join(', ')],
    ['reverses', (e) => text(e.reverses)],
    ['fact', (e) => text(e.fact)],
    ['activityType', (e) => text(e.activityType)],
  ];
}

/** A card's ledger, newest first, with every field of each entry. */
export function CardHistory({ number, refresh }: { number: string; refresh: number }) {
  const { t } = useTranslation();
  const columns = useColumns();
  // The entries with the card they are of: another card's never show under this card's title.
  const [shown, setShown] = useState<{ number: string; entries: HistoryEntry[] }>({
    number,
    entries: [],
  });
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The card whose history is asked for now; an answer about an earlier card is dropped.
  const current = useRef(number);
  current.current = number;

  const load = useCallback(
    async (before: number | null) => {
      try {
        const page = await api.route(contract.cards.history, {
          params: { number },
          query: { limit: PAGE_SIZE, ...(before ? { before } : {}) },
        });
        if (current.current !== number) return;
        setShown((old) => ({
          number,
          entries: before && old.number === number ? [...old.entries, ...page.items] : page.items,
        }));
        setNext(page.next);
        setError(null);
      } catch (caught) {
        if (current.current === number) setError(errorText(caught));
      }
    },
    [number],
  );
  useEffect(() => void load(null), [load, refresh]);
  const entries = shown.number === number ? shown.entries : [];

  const title = t('history.title', { number });
  return (
    <section aria-label={title}>
      <h3>{title}</h3>
      {error && <p role="alert">{error}</p>}
      <div className="scroll">
        <table aria-label={title}>
          <thead>
            <tr>
              {columns.map(([name]) => (
                <th key={name} scope="col">
                  {t(`history.${name}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                {columns.map(([name, cell]) => (
                  <td key={name}>{cell(entry)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {next !== null && shown.number === number && (
        <button type="button" className="secondary" onClick={() => void load(next)}>
          {t('history.older')}
        </button>
      )}
    </section>
  );
}
