import type { RewardPointRules } from '../../../shared/engine/model';
import type { ServerContext } from '../context';
import { loadRewardPoints } from '../ledger/rewardPoints';
import { isConnectionFailure } from '../ingest/failure';
import { recordFailedAttempt, type FailedAttempt } from './attempts';
import { postFact, rejectFact, type FactOutcome } from './postFact';
import { FactRejected } from './rejection';

export interface PostOptions {
  /** Stop after this many facts (default: every pending fact). */
  readonly limit?: number;
  readonly batchSize?: number;
  readonly onProgress?: (done: number, total: number) => Promise<void>;
}

export interface PostSummary {
  readonly posted: number;
  readonly rejected: number;
  /** Posted, but listed for head office's review (offline overdraws). */
  readonly flagged: number;
  /** Failed for a reason other than their checks: still pending, to be tried again later. */
  readonly retrying: number;
  readonly outcomes: readonly FactOutcome[];
}

interface Cursor {
  readonly serverTime: string;
  readonly deviceSeq: number;
  readonly id: string;
}

/** Pending facts whose last failed attempt asks to wait are left out until their retry time. */
const READY = `status = 'pending' and not exists (select 1 from fact_attempts a
  where a.fact_id = facts.id and a.retry_after > $1::timestamptz)`;

/** The next pending facts in order of server time, then device sequence (keyset, so a fact another runner holds is not met again). */
async function nextBatch(context: ServerContext, after: Cursor | null, size: number) {
  const now = new Date(context.clock.now()).toISOString();
  const where = after
    ? `and (server_time, device_seq, id) > ($3::timestamptz, $4::bigint, $5::uuid)`
    : '';
  const params = after ? [now, size, after.serverTime, after.deviceSeq, after.id] : [now, size];
  const result = await context.database.query<Cursor>(
    `select server_time as "serverTime", device_seq as "deviceSeq", id from facts
      where ${READY} ${where}
      order by server_time, device_seq, id limit $2`,
    params,
  );
  return result.rows;
}

async function countPending(context: ServerContext): Promise<number> {
  const result = await context.database.query<{ n: number }>(
    `select count(*)::int as n from facts where ${READY}`,
    [new Date(context.clock.now()).toISOString()],
  );
  return Number(result.rows[0]?.n ?? 0);
}

/**
 * Posts one fact in a transaction of its own. Only a deliberate rejection (FactRejected) rejects
 * it; any other error leaves it pending to be tried again later (and set aside after a few
 * attempts), so a passing fault never throws away a valid fact. A lost database stops the run.
 */
async function postOne(
  context: ServerContext,
  id: string,
  rewardPoints: ReadonlyMap<string, RewardPointRules>,
): Promise<FailedAttempt | null> {
  const at = new Date(context.clock.now());
  try {
    return await context.database.transaction((tx) => postFact(tx, id, rewardPoints, at));
  } catch (error) {
    if (error instanceof FactRejected)
      return context.database.transaction((tx) => rejectFact(tx, id, error.message, at));
    if (isConnectionFailure(error)) throw error;
    return context.database.transaction((tx) => recordFailedAttempt(tx, id, error, at));
  }
}

/**
 * The post-offline-earnings job's work (PRODUCT 6): every pending fact, in order, exactly once.
 * Each fact is checked and posted (or set aside as rejected with its reason) in a transaction of
 * its own, so a crash leaves each fact either done or still pending, and a repeat posts nothing twice.
 */
export async function postPendingFacts(
  context: ServerContext,
  options: PostOptions = {},
): Promise<PostSummary> {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const batchSize = options.batchSize ?? 200;
  const total = Math.min(limit, await countPending(context));
  const outcomes: FactOutcome[] = [];
  let retrying = 0;
  let after: Cursor | null = null;
  let done = 0;
  while (done < limit) {
    const batch = await nextBatch(context, after, Math.min(batchSize, limit - done));
    if (batch.length === 0) break;
    const rewardPoints = await loadRewardPoints(context.database);
    for (const fact of batch) {
      const outcome = await postOne(context, fact.id, rewardPoints);
      done += 1;
      if (!outcome) continue;
      if (outcome.status === 'retrying') {
        retrying += 1;
        continue;
      }
      outcomes.push(outcome);
      await context.events.publish({
        type: 'fact',
        id: outcome.id,
        status: outcome.status,
        register: outcome.register,
        ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
      });
    }
    after = batch[batch.length - 1] ?? null;
    await options.onProgress?.(done, Math.max(total, done));
  }
  return {
    posted: outcomes.filter((o) => o.status === 'posted').length,
    rejected: outcomes.filter((o) => o.status === 'rejected').length,
    flagged: outcomes.filter((o) => o.reviews.length > 0).length,
    retrying,
    outcomes,
  };
}
