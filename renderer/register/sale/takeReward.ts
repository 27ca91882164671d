import { rewardFromLots, rewardShares, type SaleReward } from '../../../shared/checkout/saleReward';
import type { PricedLine } from '../../../shared/checkout/pricing';
import type { DistributedReward } from '../../../shared/domain/loyalty';
import type { Lot } from '../../../shared/engine/model';
import { minor } from '../../../shared/units/integers';
import { formatAmount } from '../../../shared/units/money';
import { ApiError } from '../../common/api';
import type { RegisterDb } from '../localdb/schema';
import type { StoreSetup } from '../setup/storeSetup';
import type { SyncEngine } from '../sync/engine';
import { offlineSpentToday } from './offlineAllowance';

export type RewardRefusal =
  | { readonly reason: 'insufficient' | 'threshold' | 'notApplicable' | 'notRedeemable' }
  | { readonly reason: 'offlineNotAllowed' }
  | { readonly reason: 'overAllowance'; readonly left: number };

export type RewardTaken =
  | { readonly ok: true; readonly reward: SaleReward }
  | { readonly ok: false; readonly refusal: RewardRefusal };

export interface RewardRequest {
  readonly engine: SyncEngine;
  readonly db: RegisterDb;
  readonly setup: StoreSetup;
  readonly card: { readonly number: string; readonly spendableLots: readonly Lot[] };
  readonly reward: DistributedReward;
  /** The basket's lines before any reward. */
  readonly lines: readonly PricedLine[];
  /** The reservation's id, chosen before the first try so a retry reserves nothing twice. */
  readonly id: string;
}

const isUnreachable = (error: unknown) => error instanceof ApiError && error.status === 0;

/** Reserves the reward's points on the server; a lost answer is asked again with the same id. */
async function reservedOnline(request: RewardRequest): Promise<RewardTaken> {
  const { currency } = request.setup.store;
  const shares = rewardShares(request.reward, currency, request.lines);
  const body = {
    tender: request.id,
    card: request.card.number,
    amount: formatAmount(shares.discount, currency),
    lines: request.lines.map((line) => ({
      id: line.id,
      product: line.product,
      category: line.category,
      quantity: line.quantity,
      netAmount: formatAmount(line.netAmount, currency),
    })),
    reward: { id: request.reward.id, version: request.reward.version },
  };
  const ask = async () => {
    try {
      return await request.engine.reserve(body);
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      return request.engine.reserve(body);
    }
  };
  const answer = await ask();
  if (!answer.ok)
    return {
      ok: false,
      refusal: { reason: answer.error === 'threshold' ? 'threshold' : 'insufficient' },
    };
  return {
    ok: true,
    reward: {
      id: request.id,
      reward: { id: request.reward.id, version: request.reward.version },
      name: request.reward.name,
      reservation: 'online',
      rewardPoint: request.reward.rewardPoint,
      points: request.reward.points,
      discount: shares.discount,
      lines: shares.lines,
      entries: (answer.entries ?? []).map((entry) => ({ ...entry, lots: [...entry.lots] })),
    },
  };
}

/** Offline: only where the store allows it, within the card's daily allowance (PRODUCT 5). */
async function takenOffline(request: RewardRequest): Promise<RewardTaken> {
  const { setup, card, reward } = request;
  const allowance = setup.store.profile.offlineRedemption?.allowancePerCardPerDay;
  if (!allowance) return { ok: false, refusal: { reason: 'offlineNotAllowed' } };
  const at = request.engine.serverNow();
  const applied = rewardFromLots(
    reward,
    { currency: setup.store.currency, rewardPoints: setup.rewardPoints },
    card.spendableLots,
    request.lines,
    at,
  );
  if (!applied.ok) return { ok: false, refusal: { reason: applied.error } };
  const left =
    allowance - (await offlineSpentToday(request.db, card.number, at, setup.store.timeZone));
  if (applied.points > left)
    return { ok: false, refusal: { reason: 'overAllowance', left: Math.max(0, left) } };
  return {
    ok: true,
    reward: {
      id: request.id,
      reward: { id: reward.id, version: reward.version },
      name: reward.name,
      reservation: 'offline',
      rewardPoint: applied.rewardPoint,
      points: applied.points,
      discount: minor(applied.discount),
      lines: applied.lines,
      entries: [
        {
          id: crypto.randomUUID(),
          rewardPoint: applied.rewardPoint,
          points: -applied.points,
          lots: applied.lots.map((lot) => ({ id: lot.id, points: lot.points })),
        },
      ],
    },
  };
}

/** Applies a reward to the sale: reserved online, or taken offline where the store allows it. */
export async function takeReward(request: RewardRequest): Promise<RewardTaken> {
  try {
    return await reservedOnline(request);
  } catch (error) {
    if (!isUnreachable(error)) throw error;
    return takenOffline(request);
  }
}
