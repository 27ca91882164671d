import type { Instant } from '../units/time';
import type { CardLedger } from './ledger';
import { lotState } from './lots';

export interface ExpiryProposal {
  readonly lotId: string;
  readonly rewardPoint: string;
  /** Negative: what remained in the lot. */
  readonly points: number;
  readonly expiredAt: Instant;
}

/**
 * The expire step (PRODUCT 4.4): one entry per lot whose expiry has passed, for exactly what
 * remained in it, so a balance never goes below zero by expiring. Deterministic per lot, so the
 * server can key the entries by lot and a rerun after a crash posts nothing twice.
 */
export function expireLots(ledger: CardLedger, now: Instant): ExpiryProposal[] {
  const proposals: ExpiryProposal[] = [];
  for (const [rewardPoint, rp] of Object.entries(ledger)) {
    for (const lot of rp.lots) {
      if (lot.remaining <= 0 || lotState(lot, now) !== 'expired' || lot.expiresAt === null)
        continue;
      proposals.push({
        lotId: lot.id,
        rewardPoint,
        points: -lot.remaining,
        expiredAt: lot.expiresAt,
      });
    }
  }
  return proposals;
}

/** Lots whose points will expire within `horizon` after `now`, for expiry warnings. */
export function expiringWithin(
  ledger: CardLedger,
  now: Instant,
  horizon: Instant,
): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [rewardPoint, rp] of Object.entries(ledger)) {
    for (const lot of rp.lots) {
      if (lot.expiresAt === null || lot.remaining <= 0 || lotState(lot, now) !== 'available')
        continue;
      if (lot.expiresAt <= horizon)
        result[rewardPoint] = (result[rewardPoint] ?? 0) + lot.remaining;
    }
  }
  return result;
}
