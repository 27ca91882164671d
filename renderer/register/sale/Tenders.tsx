import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RedemptionSetup } from '../../../shared/checkout/points';
import { amountDue, paidWithPoints } from '../../../shared/checkout/receipt';
import { minor, type Minor } from '../../../shared/units/integers';
import { parseAmount } from '../../../shared/units/money';
import { formatMoney } from '../../common/i18n';
import type { CardInfo } from '../cards/cardInfo';
import type { RegisterDb } from '../localdb/schema';
import type { SyncEngine } from '../sync/engine';
import type { StoreSetup } from '../setup/storeSetup';
import { useBasket } from './basket';
import { payWithPoints, type PointsRefusal } from './payWithPoints';
import type { SaleModel } from './saleModel';
import { errorText } from '../../common/errorText';

function parseTyped(text: string, currency: string): Minor | null {
  try {
    const amount = parseAmount(text.trim().replace(',', '.'), currency);
    return amount > 0 ? amount : null;
  } catch {
    return null;
  }
}

/** Cash, card and points tenders; points are reserved on the server or spent offline if allowed. */
export function Tenders({
  engine,
  db,
  setup,
  model,
  card,
  onComplete,
}: {
  engine: SyncEngine;
  db: RegisterDb;
  setup: StoreSetup;
  model: SaleModel;
  card: CardInfo | null;
  onComplete: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const currency = setup.store.currency;
  const basket = useBasket();
  const [amountText, setAmountText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const due = amountDue(model.lines, basket.pointsTenders, basket.moneyTenders);
  const money = (value: number) => formatMoney(value, currency);
  const typed = amountText ? parseTyped(amountText, currency) : due;
  const paidMoney = basket.moneyTenders.reduce((sum, tender) => sum + tender.amount, 0);
  const paidPoints = basket.pointsTenders.reduce((sum, tender) => sum + tender.covered, 0);
  const change = Math.max(0, paidMoney + paidPoints - model.total);

  const refusalText = (refusal: PointsRefusal): string => {
    if (refusal.reason === 'overAllowance')
      return t('register.tender.overAllowance', { points: refusal.left });
    if (refusal.reason === 'offlineNotAllowed' || refusal.reason === 'noScheme')
      return t(`register.tender.${refusal.reason}`);
    return t(`register.tender.${refusal.reason}`, { amount: money(refusal.canCover) });
  };

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  const payMoney = (kind: 'cash' | 'card') =>
    run(async () => {
      const amount = kind === 'card' ? due : typed;
      if (!amount) return setError(t('register.tender.badAmount'));
      basket.addMoneyTender({ id: crypto.randomUUID(), kind, amount });
      setAmountText('');
    });

  const payPoints = () =>
    run(async () => {
      if (!card) return;
      const amount = typed ? minor(Math.min(typed, due)) : null;
      if (!amount) return setError(t('register.tender.badAmount'));
      const { schemes } = model.loyalty;
      const redemption: RedemptionSetup | null =
        schemes.length > 0 ? { currency, schemes, rewardPoints: setup.rewardPoints } : null;
      const result = await payWithPoints({
        engine,
        db,
        setup,
        redemption,
        card,
        lines: model.lines,
        paid: paidWithPoints(basket.pointsTenders),
        amount,
        tenderId: crypto.randomUUID(),
      });
      if (!result.ok) return setError(refusalText(result.refusal));
      basket.addPointsTender(result.tender);
      setAmountText('');
    });

  // F8 pays the amount typed (or what is due) in cash; F9 completes the sale once it is paid.
  const keys = useRef({ cash: () => {}, complete: () => {} });
  keys.current = {
    cash: () => {
      if (!busy && due > 0) void payMoney('cash');
    },
    complete: () => {
      if (!busy && due === 0 && model.lines.length > 0) void run(onComplete);
    },
  };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'F8') keys.current.cash();
      else if (event.key === 'F9') keys.current.complete();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <section className="panel tenders" aria-label={t('register.tender.title')}>
      <p className="totals">
        <span>{t('register.tender.total', { amount: money(model.total) })}</span>{' '}
        <strong data-testid="amount-due">{t('register.tender.due', { amount: money(due) })}</strong>
        {change > 0 && <span> {t('register.tender.change', { amount: money(change) })}</span>}
      </p>
      <ul aria-label={t('register.tender.paid')}>
        {basket.pointsTenders.map((tender) => (
          <li key={tender.id}>
            {t(`register.tender.points.${tender.reservation}`, {
              amount: money(tender.covered),
              points: Object.values(tender.points).reduce((a, b) => a + b, 0),
            })}
          </li>
        ))}
        {basket.moneyTenders.map((tender) => (
          <li key={tender.id}>
            {t(`register.tender.${tender.kind}`)}: {money(tender.amount)}
          </li>
        ))}
      </ul>
      <label>
        {t('register.tender.amount')}
        <input
          inputMode="decimal"
          value={amountText}
          placeholder={money(due)}
          onChange={(event) => setAmountText(event.target.value)}
        />
      </label>
      <div className="actions">
        <button type="button" disabled={busy || due === 0} onClick={() => void payMoney('cash')}>
          {t('register.tender.payCash')} <kbd>F8</kbd>
        </button>
        <button type="button" disabled={busy || due === 0} onClick={() => void payMoney('card')}>
          {t('register.tender.payCard')}
        </button>
        <button
          type="button"
          disabled={busy || due === 0 || !card || card.status !== 'active' || model.canCover === 0}
          onClick={() => void payPoints()}
        >
          {t('register.tender.payPoints')}
        </button>
        <button
          type="button"
          className="primary"
          disabled={busy || due > 0 || model.lines.length === 0}
          onClick={() => void run(onComplete)}
        >
          {t('register.tender.complete')} <kbd>F9</kbd>
        </button>
      </div>
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
