import { eq } from 'drizzle-orm';
import type { Session } from '../db/database';
import { describeError } from '../db/errors';
import { factAttempts } from '../db/schema';
import { rootReason } from '../db/failure';
import { lockPendingFact } from './facts';
import { rejectInRun } from './batch/runOfOne';
import type { RunSettings } from './batch/startRun';
import type { FactOutcome } from './outcome';

/** Attempts before a fact that keeps failing is set aside as rejected for head office to look at. */
export const MAX_ATTEMPTS = 5;
const FIRST_RETRY_MS = 60_000;
const LONGEST_RETRY_MS = 60 * 60_000;
const MAX_ERROR_LENGTH = 2_000;

/**
 * The error as head office reads it: the database's own reason first, then the whole chain (a
 * run's statement with its parameters can be long, and is cut).
 */
function lastErrorOf(error: unknown): string {
  const root = rootReason(error);
  const chain = describeError(error);
  return (chain.startsWith(root) ? chain : `${root}; ${chain}`).slice(0, MAX_ERROR_LENGTH);
}

/** The wait before the next attempt: doubling from a minute, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);
}

export type FailedAttempt =
  { readonly status: 'retrying'; readonly id: string; readonly attempts: number } | FactOutcome;

/**
 * Counts an attempt to post the fact that failed for a reason other than its checks, in a
 * transaction of its own: the fact stays pending until retry_after, or, at the last attempt, is
 * set aside as rejected with the last error as its reason. Null when the fact is no longer
 * pending or another runner holds it.
 */
export async function recordFailedAttempt(
  tx: Session,
  id: string,
  error: unknown,
  settings: RunSettings,
): Promise<FailedAttempt | null> {
  const { at } = settings;
  const row = await lockPendingFact(tx, id);
  if (!row) return null;
  const [previous] = await tx.db
    .select({ attempts: factAttempts.attempts })
    .from(factAttempts)
    .where(eq(factAttempts.factId, id));
  const attempts = (previous?.attempts ?? 0) + 1;
  const values = {
    attempts,
    lastError: lastErrorOf(error),
    retryAfter: new Date(at.getTime() + retryDelayMs(attempts)),
    updatedAt: at,
  };
  await tx.db
    .insert(factAttempts)
    .values({ factId: id, ...values })
    .onConflictDoUpdate({ target: factAttempts.factId, set: values });
  if (attempts < MAX_ATTEMPTS) return { status: 'retrying', id, attempts };
  const reason = `the server could not post this fact after ${attempts} attempts: ${rootReason(error)}`;
  await rejectInRun(tx, row, reason, settings);
  return { id, register: row.registerId, status: 'rejected', reason, reviews: [] };
}
