import { randomUUID } from 'node:crypto';
import type { EntryKind } from '../../../shared/engine/ledger';
import type { LotUse } from '../../../shared/engine/model';
import type { Session } from '../db/database';
import { conflict } from '../errors';
import { postEntries, type EntryToPost, type PostOutcome } from '../ledger/post';
import { loadRewardPoints } from '../ledger/rewardPoints';
import type { Actor } from './access';

export interface EntrySpec {
  readonly id?: string | undefined;
  readonly cardNumber: string;
  readonly rewardPointId: string;
  readonly kind: EntryKind;
  readonly points: number;
  readonly comment?: string | null | undefined;
  readonly reverses?: string | null;
  readonly lots?: readonly LotUse[];
  readonly activityType?: string | null;
  /** For a lot made by moving points: keep this expiry instead of starting a new period. */
  readonly expiresAt?: Date | null;
}

/** An online entry made by a person at the server's time, stamped with who and where. */
export function onlineEntry(spec: EntrySpec, actor: Actor, now: Date): EntryToPost {
  return {
    ...spec,
    id: spec.id ?? randomUUID(),
    comment: spec.comment ?? null,
    earnedAt: now,
    origin: 'online',
    staffId: actor.staffId,
    storeId: actor.storeId,
    registerId: actor.registerId,
  };
}

export interface Posted extends PostOutcome {
  readonly card: string;
  readonly rewardPoint: string;
  readonly kind: EntryKind;
}

/**
 * Posts through the ledger's one door (cap, idempotency, lots and balances as the fold). With
 * `keepAll`, an increase the cap would crop is refused with 409 instead: moving points must not
 * lose any.
 */
export async function post(
  tx: Session,
  entries: readonly EntryToPost[],
  now: Date,
  keepAll = false,
): Promise<Posted[]> {
  const outcomes = await postEntries(tx, entries, await loadRewardPoints(tx), now);
  return outcomes.map((outcome, i) => {
    const entry = entries[i] as EntryToPost;
    if (keepAll && outcome.status === 'posted' && outcome.cropped > 0)
      throw conflict(
        'capReached',
        `card ${entry.cardNumber} can hold only ${outcome.points} more ${entry.rewardPointId}: ${outcome.cropped} points would be lost to its cap`,
      );
    return {
      ...outcome,
      card: entry.cardNumber,
      rewardPoint: entry.rewardPointId,
      kind: entry.kind,
    };
  });
}
