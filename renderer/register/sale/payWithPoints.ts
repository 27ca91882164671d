import {
  coverOfReservation,
  redeemFromLots,
  type RedemptionSetup,
} from '../../../shared/checkout/points';
import type { PricedLine } from '../../../shared/checkout/pricing';
import type { PointsTender } from '../../../shared/checkout/receipt';
import { lotsLessReward, type SaleReward } from '../../../shared/checkout/saleReward';
import { minor, type Minor } from '../../../shared/units/integers';
import { formatAmount, parseAmount } from '../../../shared/units/money';
import { ApiError } from '../../common/api';
import type { CardInfo } from '../cards/cardInfo';
import type { RegisterDb } from '../localdb/schema';
import type { SyncEngine } from '../sync/engine';
import type { StoreSetup } from '../setup/storeSetup';
import { offlineSpentToday } from './offlineAllowance';

export type PointsRefusal =
  | {
      readonly reason: 'insufficient' | 'threshold' | 'unknownCard' | 'blockedCard';
      readonly canCover: Minor;
    }
  | { readonly reason: 'offlineNotAllowed' }
  | { readonly reason: 'overAllowance'; readonly left: number }
  | { readonly reason: 'noScheme' };

export type PointsResult =
  | { readonly ok: true; readonly tender: PointsTender }
  | { readonly ok: false; readonly refusal: PointsRefusal };

export interface PointsPayment {
  readonly engine: SyncEngine;
  readonly db: RegisterDb;
  readonly setup: StoreSetup;
  readonly redemption: RedemptionSetup | null;
  readonly card: CardInfo;
  readonly lines: readonly PricedLine[];
  readonly paid: ReadonlyMap<string, number>;
  readonly amount: Minor;
  /** The sale's reward: its points are no longer there to pay, and offline count to the allowance. */
  readonly reward: SaleReward | null;
  /** The tender's id, chosen before the first try so a retry reserves nothing twice. */
  readonly tenderId: string;
}

const isUnreachable = (error: unknown) => error instanceof ApiError && error.status === 0;

/** Reserves on the server; a lost answer is asked again once with the same tender id. */
async function reserveOnline(payment: PointsPayment) {
  const { currency } = payment.setup.store;
  const body = {
    tender: payment.tenderId,
    card: payment.card.number,
    amount: formatAmount(payment.amount, currency),
    lines: payment.lines.map((line) => ({
      id: line.id,
      product: line.product,
      category: line.category,
      quantity: line.quantity,
      netAmount: formatAmount(minor(line.netAmount - (payment.paid.get(line.id) ?? 0)), currency),
    })),
  };
  try {
    return await payment.engine.reserve(body);
  } catch (error) {
    if (!isUnreachable(error)) throw error;
    return payment.engine.reserve(body);
  }
}

async function reserved(payment: PointsPayment, setup: RedemptionSetup): Promise<PointsResult> {
  const answer = await reserveOnline(payment);
  const { currency } = payment.setup.store;
  if (!answer.ok) {
    return {
      ok: false,
      refusal: { reason: answer.error, canCover: parseAmount(answer.canCover, currency) },
    };
  }
  const covered = parseAmount(answer.covered, currency);
  const split = coverOfReservation(
    setup,
    payment.card.standing,
    payment.lines,
    payment.paid,
    { covered, points: answer.points },
    payment.engine.serverNow(),
  );
  if (!split.ok)
    throw new Error('the reserved points do not cover the lines they were reserved for');
  return {
    ok: true,
    tender: {
      id: payment.tenderId,
      reservation: 'online',
      covered,
      points: answer.points,
      entries: (answer.entries ?? []).map((entry) => ({ ...entry, lots: [...entry.lots] })),
      lines: split.lines,
    },
  };
}

/** Offline: only where the store allows it, within the card's daily allowance (PRODUCT 5). */
async function spentOffline(payment: PointsPayment, setup: RedemptionSetup): Promise<PointsResult> {
  const allowance = payment.setup.store.profile.offlineRedemption?.allowancePerCardPerDay;
  if (!allowance) return { ok: false, refusal: { reason: 'offlineNotAllowed' } };
  const at = payment.engine.serverNow();
  const result = redeemFromLots(
    setup,
    payment.card.standing,
    lotsLessReward(payment.card.spendableLots, payment.reward),
    payment.lines,
    payment.paid,
    payment.amount,
    at,
  );
  if (!result.ok)
    return { ok: false, refusal: { reason: result.error, canCover: minor(result.canCover) } };
  const spending = Object.values(result.points).reduce((a, b) => a + b, 0);
  const rewardOffline = payment.reward?.reservation === 'offline' ? payment.reward.points : 0;
  const left =
    allowance -
    rewardOffline -
    (await offlineSpentToday(payment.db, payment.card.number, at, payment.setup.store.timeZone));
  if (spending > left)
    return { ok: false, refusal: { reason: 'overAllowance', left: Math.max(0, left) } };
  const entries = Object.entries(result.points).map(([rewardPoint, points]) => ({
    id: crypto.randomUUID(),
    rewardPoint,
    points: -points,
    lots: result.lots
      .filter((lot) => lot.rewardPoint === rewardPoint)
      .map((lot) => ({ id: lot.id, points: lot.points })),
  }));
  return {
    ok: true,
    tender: {
      id: payment.tenderId,
      reservation: 'offline',
      covered: minor(result.covered),
      points: result.points,
      entries,
      lines: result.lines,
    },
  };
}

/** Pays part of the sale with the card's points: reserved online, or offline where allowed. */
export async function payWithPoints(payment: PointsPayment): Promise<PointsResult> {
  const setup = payment.redemption;
  if (!setup) return { ok: false, refusal: { reason: 'noScheme' } };
  try {
    return await reserved(payment, setup);
  } catch (error) {
    if (!isUnreachable(error)) throw error;
    return spentOffline(payment, setup);
  }
}
