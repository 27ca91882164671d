import { useTranslation } from 'react-i18next';
import { minor } from '../../../shared/units/integers';
import { formatAmount } from '../../../shared/units/money';
import { formatMoney } from '../../common/i18n';
import type { CardInfo } from '../cards/cardInfo';
import { useBasket } from './basket';
import { useEntry } from './entry';
import type { SaleModel } from './saleModel';
import type { TenderActions } from './tenderActions';

const NUMPAD = ['7', '8', '9', '4', '5', '6', '1', '2', '3', '0', '.'] as const;

/** Round cash amounts above what is due that customers hand over (in minor units). */
function quickAmounts(due: number): number[] {
  const notes = [500, 1000, 2000, 5000, 10000];
  const above = notes.filter((note) => note > due).slice(0, 1);
  return [...new Set([due, ...above])].filter((amount) => amount > 0);
}

/** The big numbers: what the sale comes to, what is still due, the change to give. */
export function Totals({
  total,
  due,
  change,
  currency,
}: {
  total: number;
  due: number;
  change: number;
  currency: string;
}) {
  const { t } = useTranslation();
  const money = (amount: number) => formatMoney(amount, currency);
  return (
    <section className="totals" aria-label={t('register.tender.totals')}>
      <div className="total" data-testid="sale-total">
        <span>{t('register.tender.totalLabel')}</span>
        <strong>{money(total)}</strong>
      </div>
      <div className={change > 0 ? 'due change' : 'due'}>
        {change > 0 ? (
          <>
            <span>{t('register.tender.changeLabel')}</span>
            <strong data-testid="change">{money(change)}</strong>
          </>
        ) : (
          <>
            <span>{t('register.tender.dueLabel')}</span>
            <strong data-testid="amount-due">{money(due)}</strong>
          </>
        )}
      </div>
    </section>
  );
}

/** The tenders taken so far (each can be taken back before completing) and the ways to pay. */
export function Tenders({
  model,
  card,
  currency,
  actions,
}: {
  model: SaleModel;
  card: CardInfo | null;
  currency: string;
  actions: TenderActions;
}) {
  const { t } = useTranslation();
  const basket = useBasket();
  const { amount, setAmount } = useEntry();
  const money = (value: number) => formatMoney(value, currency);
  const { due, busy } = actions;
  const empty = model.lines.length === 0;
  const tenders = [
    ...basket.pointsTenders.map((tender) => ({
      id: tender.id,
      text: t(`register.tender.points.${tender.reservation}`, {
        amount: money(tender.covered),
        points: Object.values(tender.points).reduce((a, b) => a + b, 0),
      }),
    })),
    ...basket.moneyTenders.map((tender) => ({
      id: tender.id,
      text: `${t(`register.tender.${tender.kind}`)}: ${money(tender.amount)}`,
    })),
  ];
  const press = (key: string) => setAmount(amount + key);
  // Paid in full: nothing more to type or take, so Complete stands alone under the change.
  const paidInFull = !empty && due === 0 && tenders.length > 0;
  const completeButton = (
    <button
      type="button"
      className="primary complete"
      disabled={busy || empty}
      onClick={actions.complete}
    >
      {t('register.tender.complete')} <kbd>F9</kbd>
    </button>
  );
  return (
    <section className="tenders" aria-label={t('register.tender.title')}>
      {tenders.length > 0 && (
        <ul className="paid" aria-label={t('register.tender.paid')}>
          {tenders.map((tender) => (
            <li key={tender.id}>
              <span>{tender.text}</span>
              <button
                type="button"
                className="remove"
                disabled={busy}
                aria-label={t('register.tender.remove', { tender: tender.text })}
                onClick={() => actions.removeTender(tender.id)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {!paidInFull && (
        <div className="pay">
          <div className="keypad">
            <label className="amount">
              <span className="visually-hidden">{t('register.tender.amount')}</span>
              <input
                inputMode="decimal"
                autoComplete="off"
                value={amount}
                placeholder={money(due)}
                onChange={(event) => setAmount(event.target.value)}
              />
            </label>
            <div className="numpad" role="group" aria-label={t('register.tender.numpad')}>
              {NUMPAD.map((key) => (
                <button key={key} type="button" className="key" onClick={() => press(key)}>
                  {key}
                </button>
              ))}
              <button
                type="button"
                className="key clear"
                aria-label={t('register.tender.clearAmount')}
                onClick={() => setAmount('')}
              >
                C
              </button>
            </div>
          </div>
          <div className="pay-buttons">
            <div className="quick" role="group" aria-label={t('register.tender.quick')}>
              {quickAmounts(due).map((quick) => (
                <button
                  key={quick}
                  type="button"
                  className="secondary"
                  disabled={busy || empty || due === 0}
                  onClick={() => {
                    setAmount(formatAmount(minor(quick), currency));
                    actions.payCash();
                  }}
                >
                  {money(quick)}
                </button>
              ))}
            </div>
            <button
              type="button"
              className="tender cash"
              disabled={busy || empty || due === 0}
              onClick={actions.payCash}
            >
              {t('register.tender.payCash')} <kbd>F8</kbd>
            </button>
            <button
              type="button"
              className="tender"
              disabled={busy || empty || due === 0}
              onClick={actions.payCard}
            >
              {t('register.tender.payCard')} <kbd>⇧F8</kbd>
            </button>
            <button
              type="button"
              className="tender points"
              disabled={busy || empty || due === 0 || !card || card.status !== 'active'}
              onClick={actions.payPoints}
            >
              {t('register.tender.payPoints')} <kbd>F10</kbd>
            </button>
            {completeButton}
          </div>
        </div>
      )}
      {paidInFull && completeButton}
    </section>
  );
}
