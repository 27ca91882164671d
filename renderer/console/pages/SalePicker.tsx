import { errorText } from '../../common/errorText';
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseAmount } from '../../../shared/units/money';
import { formatDateTime, formatMoney, formatPercent } from '../../common/i18n';
import { ActionForm } from '../components/ActionForm';
import { str, type FormValues } from '../components/form';
import { api as contract, type StoredSale } from '../../../shared/protocol/api';
import { api } from '../session';
import { pointsText } from './simulatorInput';

export type { StoredSale } from '../../../shared/protocol/api';

const PAGE_SIZE = 10;

/** A page of sales: those whose receipt, id or card starts with `search`, older than `before`. */
const salesQuery = (search: string, before: string | null) => ({
  limit: PAGE_SIZE,
  ...(search ? { search } : {}),
  ...(before ? { before } : {}),
});

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
    const page = await api.route(contract.hq.sales, { query: salesQuery(text, before) });
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
                  <td>{formatMoney(parseAmount(sale.total, sale.currency), sale.currency)}</td>
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
                      {t('simulator.useSale', { number: sale.receiptNumber })}
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
