import { DAY_MS, type Instant } from '../units/time';
import type { Lot, PointsByRewardPoint } from './model';

/** Where a lot stands at an instant. Expiry wins over vesting: an expired lot is gone either way. */
export type LotState = 'available' | 'unvested' | 'expired';

export function lotState(lot: Pick<Lot, 'vestsAt' | 'expiresAt'>, at: Instant): LotState {
  if (lot.expiresAt !== null && lot.expiresAt <= at) return 'expired';
  if (lot.vestsAt !== null && lot.vestsAt > at) return 'unvested';
  return 'available';
}

export const EXPIRING_SOON_DAYS = 30;

export interface Balance {
  readonly available: number;
  readonly unvested: number;
  /** Available points in lots that expire within 30 days after the instant. */
  readonly expiring30: number;
}

export function balanceSummary(lots: readonly Lot[], at: Instant): Record<string, Balance> {
  const result: Record<string, { available: number; unvested: number; expiring30: number }> = {};
  const soon = at + EXPIRING_SOON_DAYS * DAY_MS;
  for (const lot of lots) {
    const entry = (result[lot.rewardPoint] ??= { available: 0, unvested: 0, expiring30: 0 });
    const state = lotState(lot, at);
    if (state === 'available') {
      entry.available += lot.remaining;
      if (lot.expiresAt !== null && lot.expiresAt <= soon) entry.expiring30 += lot.remaining;
    } else if (state === 'unvested') {
      entry.unvested += lot.remaining;
    }
  }
  return result;
}

export function availableByRewardPoint(lots: readonly Lot[], at: Instant): PointsByRewardPoint {
  const result: PointsByRewardPoint = {};
  for (const [id, b] of Object.entries(balanceSummary(lots, at))) result[id] = b.available;
  return result;
}

/**
 * The order in which a spend consumes lots: soonest expiry first, lots that never expire last,
 * then the oldest first; the given order breaks remaining ties so the result is deterministic.
 */
export function spendOrder<T extends Pick<Lot, 'expiresAt' | 'earnedAt' | 'id'>>(
  lots: readonly T[],
): T[] {
  return lots
    .map((lot, index) => ({ lot, index }))
    .sort((a, b) => {
      const ea = a.lot.expiresAt ?? Number.POSITIVE_INFINITY;
      const eb = b.lot.expiresAt ?? Number.POSITIVE_INFINITY;
      if (ea !== eb) return ea - eb;
      const oa = a.lot.earnedAt ?? Number.NEGATIVE_INFINITY;
      const ob = b.lot.earnedAt ?? Number.NEGATIVE_INFINITY;
      if (oa !== ob) return oa - ob;
      return a.index - b.index;
    })
    .map(({ lot }) => lot);
}

/** Takes `points` from the lots in the given order; returns what was taken from each. */
export function takeFromLots(
  ordered: readonly Pick<Lot, 'id' | 'remaining'>[],
  points: number,
): { uses: { id: string; points: number }[]; shortfall: number } {
  const uses: { id: string; points: number }[] = [];
  let left = points;
  for (const lot of ordered) {
    if (left <= 0) break;
    const take = Math.min(lot.remaining, left);
    if (take <= 0) continue;
    uses.push({ id: lot.id, points: take });
    left -= take;
  }
  return { uses, shortfall: left };
}
