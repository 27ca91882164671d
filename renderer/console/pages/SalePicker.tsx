import { errorText } from '../../common/errorText';
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseAmount } from '../../../shared/units/money';
import { formatDateTime, formatMoney, formatPercent } from '../../common/i18n';
import { ActionForm } from '../components/ActionForm';
import { str, type FormValues } from '../components/form';
import { api } from '../session';
import { pointsText } from './simulatorInput';

/** A receipt the server keeps (sync-server/src/hq/sales.ts). */
export interface StoredSale {
  id: string;
  /** As printed on the receipt: store, register and the register's sequence. */
  receiptNumber: string;
  store: string;
  register: string;
  staff: string | null;
  card: string | null;
  currency: string;
  total: string;
  offline: boolean;
  deviceTime: string;
  lines: {
    id: string;
    product: string;
    category: string;
    quantity: number;
    netAmount: string;
    earned: Record<string, number>;
  }[];
  /** VAT per rate (basis points), amounts as decimal strings. */
  vat: { rate: number; net: string; vat: string; gross: string }[];
}

interface Page {
  items: StoredSale[];
  next: string | null;
}

const PAGE_SIZE = 10;

function salesPath(search: string, before: string | null): string {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (search) query.set('search', search);
  if (before) query.set('before', before);
  return `/api/hq/sales?${query.toString()}`;
}

/**
 * Receipts newest first, found by their printed number or the start of their id or card number, a
 * page at a time.
 */
function useSales() {
  const [search, setSearch] = useState('');
  const [sales, setSales] = useState<StoredSale[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (text: string, before: string | null) => {
    const page = await api.call<Page>('GET', salesPath(text, before));
    setSales((old) => (before ? [...old, ...page.items] : page.items));
    setNext(page.next);
    setSearch(text);
    setError(null);
  }, []);
  useEffect(() => {
    load('', null).catch((caught: unknown) => setError(errorText(caught)));
  }, [load]);
  const more = () => load(search, next).catch((caught: unknown) => setError(errorText(caught)));
  return { sales, next, error, find: (text: string) => load(text, null), more };
}

/** Past sales stored on the server, to try the scheme on a real basket. */
export function SalePicker({ onPick }: { onPick: (sale: StoredSale) => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const { sales, next, error, find, more } = useSales();
  return (
    <section aria-labelledby={titleId} className="sale-picker">
      <h3 id={titleId}>{t('simulator.pastSales')}</h3>
      <ActionForm
        title={t('simulator.findSales')}
        submitLabel={t('simulator.findButton')}
        initial={{ search: '' }}
        fields={[
          {
            kind: 'text',
            name: 'search',
            label: t('simulator.salesSearch'),
            hint: t('simulator.salesSearchHint'),
          },
        ]}
        onSubmit={(values: FormValues) => find(str(values, 'search'))}
      />
      {error && <p role="alert">{error}</p>}
      {sales.length === 0 ? (
        <p>{t('simulator.noSales')}</p>
      ) : (
        <div className="scroll">
          <table aria-label={t('simulator.salesTable')}>
            <thead>
              <tr>
                <th scope="col">{t('simulator.receipt')}</th>
                <th scope="col">{t('simulator.soldAt')}</th>
                <th scope="col">{t('review.where')}</th>
                <th scope="col">{t('review.card')}</th>
                <th scope="col">{t('simulator.total')}</th>
                <th scope="col">{t('simulator.vat')}</th>
                <th scope="col">{t('simulator.recorded')}</th>
                <th scope="col">{t('resource.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {sales.map((sale) => (
                <tr key={sale.id}>
                  <th scope="row" title={sale.id}>
                    {sale.receiptNumber}
                  </th>
                  <td>{formatDateTime(sale.deviceTime)}</td>
                  <td>
                    {t('review.storeRegister', { store: sale.store, register: sale.register })}
                  </td>
                  <td>{sale.card ?? t('cards.anonymous')}</td>
                  <td>{`${sale.total} ${sale.currency}`}</td>
                  <td data-testid="sale-vat">
                    {sale.vat
                      .map((part) =>
                        t('simulator.vatPart', {
                          rate: formatPercent(part.rate),
                          vat: formatMoney(parseAmount(part.vat, sale.currency), sale.currency),
                          net: formatMoney(parseAmount(part.net, sale.currency), sale.currency),
                        }),
                      )
                      .join(' · ')}
                  </td>
                  <td>{pointsText(recordedTotal(sale))}</td>
                  <td>
                    <button type="button" className="secondary" onClick={() => onPick(sale)}>
                      {t('simulator.useSale', { id: sale.id })}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <button type="button" className="secondary" onClick={() => void more()}>
          {t('simulator.olderSales')}
        </button>
      )}
    </section>
  );
}

/** What the register recorded the whole sale earned, per reward point. */
export function recordedTotal(sale: StoredSale): Record<string, number> {
  const total: Record<string, number> = {};
  for (const line of sale.lines)
    for (const [id, points] of Object.entries(line.earned)) total[id] = (total[id] ?? 0) + points;
  return total;
}
