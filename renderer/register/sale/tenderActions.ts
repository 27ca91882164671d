import i18next from 'i18next';
import { api } from '../../../shared/protocol/api';
import { useState } from 'react';
import type { RedemptionSetup } from '../../../shared/checkout/points';
import { amountDue, paidWithPoints } from '../../../shared/checkout/receipt';
import { minor, type Minor } from '../../../shared/units/integers';
import { parseAmount } from '../../../shared/units/money';
import { ApiError } from '../../common/api';
import { formatMoney } from '../../common/i18n';
import type { CardInfo } from '../cards/cardInfo';
import type { RegisterDb } from '../localdb/schema';
import type { StoreSetup } from '../setup/storeSetup';
import type { SyncEngine } from '../sync/engine';
import { useBasket } from './basket';
import { useEntry, type Said } from './entry';
import { payWithPoints, type PointsRefusal } from './payWithPoints';
import type { SaleModel } from './saleModel';
import { errorText } from '../../common/errorText';

/** A typed amount in minor units; null when it is not an amount above zero. */
export function parseTyped(text: string, currency: string): Minor | null {
  try {
    const amount = parseAmount(text.trim().replace(',', '.'), currency);
    return amount > 0 ? amount : null;
  } catch {
    return null;
  }
}

export interface TenderActions {
  readonly due: number;
  readonly change: number;
  readonly busy: boolean;
  payCash(): void;
  payCard(): void;
  payPoints(): void;
  complete(): void;
  removeTender(id: string): void;
}

/**
 * Cash, card payment and points tenders and completing the sale, for the keys and the buttons
 * alike. The amount is what was typed (the tender panel's field, or digits in the scan field);
 * nothing typed means what is due (points: as much as the points can pay of it). Whatever
 * happens, the typed amount is used once: a refused tender does not leave it for the next key.
 */
export function useTenderActions({
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
}): TenderActions {
  const currency = setup.store.currency;
  const basket = useBasket();
  const entry = useEntry();
  const [busy, setBusy] = useState(false);
  const due = amountDue(model.lines, basket.pointsTenders, basket.moneyTenders);
  const money = (value: number) => formatMoney(value, currency);
  const paid =
    basket.moneyTenders.reduce((sum, tender) => sum + tender.amount, 0) +
    basket.pointsTenders.reduce((sum, tender) => sum + tender.covered, 0);
  const change = Math.max(0, paid - model.total);

  const refusalText = (refusal: PointsRefusal): Said => {
    if (refusal.reason === 'overAllowance')
      return () => i18next.t('register.tender.overAllowance', { points: refusal.left });
    if (refusal.reason === 'offlineNotAllowed' || refusal.reason === 'noScheme')
      return () => i18next.t(`register.tender.${refusal.reason}`);
    return () =>
      i18next.t(`register.tender.${refusal.reason}`, { amount: money(refusal.canCover) });
  };

  /** The typed amount, taken once: undefined when nothing was typed, null when it is no amount. */
  const takeTyped = (): Minor | null | undefined => {
    // Read now, not at render: a quick amount button sets it just before paying.
    const typed = useEntry.getState();
    const text = typed.amount.trim() || typed.scan.trim();
    entry.clear();
    if (!text) return undefined;
    return parseTyped(text, currency);
  };

  const run = async (action: () => Promise<Said | null>) => {
    if (busy) return;
    setBusy(true);
    try {
      const refusal = await action();
      entry.say(refusal ? { text: refusal, tone: 'error' } : null);
    } catch (failure) {
      entry.say({ text: () => errorText(failure), tone: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const noSale = (): Said | null =>
    model.lines.length === 0 ? () => i18next.t('register.tender.nothingToPay') : null;

  const payMoney = (kind: 'cash' | 'card') =>
    run(async () => {
      const typed = takeTyped();
      if (noSale()) return noSale();
      if (due === 0) return () => i18next.t('register.tender.nothingDue');
      if (typed === null) return () => i18next.t('register.tender.badAmount');
      const amount = typed ?? due;
      if (kind === 'card' && amount > due)
        return () => i18next.t('register.tender.cardOverDue', { amount: money(due) });
      basket.addMoneyTender({ id: crypto.randomUUID(), kind, amount: minor(amount) });
      return null;
    });

  const payPoints = () =>
    run(async () => {
      const typed = takeTyped();
      if (noSale()) return noSale();
      if (!card || card.status !== 'active')
        return () => i18next.t('register.tender.pointsNeedCard');
      if (due === 0) return () => i18next.t('register.tender.nothingDue');
      if (typed === null) return () => i18next.t('register.tender.badAmount');
      // Nothing typed: as much as the points can pay, up to what is due.
      const amount = minor(Math.min(typed ?? model.canCover, due));
      if (amount <= 0)
        return () => i18next.t('register.tender.insufficient', { amount: money(model.canCover) });
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
        reward: basket.reward ?? null,
        tenderId: crypto.randomUUID(),
      });
      if (!result.ok) return refusalText(result.refusal);
      basket.addPointsTender(result.tender);
      return null;
    });

  const complete = () =>
    run(async () => {
      entry.clear();
      if (noSale()) return noSale();
      if (due > 0) return () => i18next.t('register.tender.stillDue', { amount: money(due) });
      await onComplete();
      return null;
    });

  const removeTender = (id: string) =>
    run(async () => {
      const points = basket.pointsTenders.find((tender) => tender.id === id);
      if (points?.reservation === 'online') {
        try {
          await engine.api().route(api.sync.release, { params: { tender: id } });
        } catch (error) {
          if (error instanceof ApiError && error.status === 0)
            return () => i18next.t('register.tender.releaseOffline');
          throw error;
        }
      }
      basket.removeTender(id);
      return null;
    });

  return {
    due,
    change,
    busy,
    payCash: () => void payMoney('cash'),
    payCard: () => void payMoney('card'),
    payPoints: () => void payPoints(),
    complete: () => void complete(),
    removeTender: (id) => void removeTender(id),
  };
}
