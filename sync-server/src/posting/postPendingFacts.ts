import type { RewardPointRules } from '../../../shared/engine/model';
import type { TierRules } from '../../../shared/engine/tiers';
import type { SyncEvent } from '../../../shared/protocol/sync';
import type { ServerContext } from '../context';
import { testFault } from '../testFaults';
import { countPending, nextBatch, type Cursor, type PendingFact } from './pendingFacts';
import { loadRewardPoints } from '../ledger/rewardPoints';
import { isConnectionFailure } from '../db/failure';
import { recordFailedAttempt, type FailedAttempt } from './attempts';
import type { FactOutcome } from './outcome';
import { registerAuthority } from './authority';
import { RunMasterData } from './masterData';
import { postRun, type RunSettings } from './batch/postRun';
import { loadTiersByProgram } from '../tiers/rules';
import { windowsOf } from '../tiers/evaluate';

export interface PostOptions {
  /** Stop after this many facts (default: every pending fact). */
  readonly limit?: number;
  readonly batchSize?: number;
  readonly onProgress?: (done: number, total: number) => Promise<void>;
}

export interface PostSummary {
  readonly posted: number;
  readonly rejected: number;
  /** Sales kept whose loyalty entries were rejected (also listed for review, so in `flagged`). */
  readonly loyaltyRejected: number;
  /** Posted, but listed for head office's review (offline overdraws). */
  readonly flagged: number;
  /** Failed for a reason other than their checks: still pending, to be tried again later. */
  readonly retrying: number;
  readonly outcomes: readonly FactOutcome[];
}

/**
 * The most facts a run holds. A run holds its cards' locks until it commits, and a push to one of
 * them waits: small runs keep that wait short, at a few statements more per thousand facts.
 */
const RUN_SIZE = 500;
const BATCH_SIZE = 900;

/**
 * Posts `ids` as a run in a transaction of its own. Only a deliberate rejection rejects a fact; a
 * run that fails for any other reason is posted again as runs of one fact each, and a fact whose
 * run of one fails is left pending to be tried again later (set aside after a few attempts), so a
 * passing fault never throws away a valid fact. A lost database stops the job.
 */
async function postInRun(
  context: ServerContext,
  ids: readonly string[],
  settings: RunSettings,
): Promise<FailedAttempt[]> {
  try {
    return await context.database.transaction(async (tx) => {
      // Durable before its events go out: see makeDurable.
      if (onServer(context)) await tx.query('set local synchronous_commit = off');
      return postRun(tx, ids, settings);
    });
  } catch (error) {
    if (isConnectionFailure(error)) throw error;
    if (ids.length > 1) {
      const results: FailedAttempt[] = [];
      for (const id of ids) results.push(...(await postInRun(context, [id], settings)));
      return results;
    }
    const attempt = await context.database.transaction((tx) =>
      recordFailedAttempt(tx, ids[0] ?? '', error, settings),
    );
    return attempt ? [attempt] : [];
  }
}

/** A run's settings: what the batch read, and the run's own time with the tier windows it gives. */
function runSettings(
  context: ServerContext,
  master: RunMasterData,
  rewardPoints: ReadonlyMap<string, RewardPointRules>,
  tierRules: ReadonlyMap<string, TierRules[]>,
): RunSettings {
  const at = new Date(context.clock.now());
  return {
    rewardPoints,
    master,
    tierRules,
    windows: windowsOf([...tierRules.values()].flat(), at.getTime()),
    at,
    authority: registerAuthority(context.config.approvalKey),
  };
}

/** Posts the batch's facts in order, in runs of at most RUN_SIZE facts. */
async function postBatch(
  context: ServerContext,
  ids: readonly string[],
  master: RunMasterData,
): Promise<FailedAttempt[]> {
  const results: FailedAttempt[] = [];
  if (ids.length === 0) return results;
  const rewardPoints = await loadRewardPoints(context.database);
  const tierRules = await loadTiersByProgram(context.database);
  for (let from = 0; from < ids.length; from += RUN_SIZE) {
    const settings = runSettings(context, master, rewardPoints, tierRules);
    results.push(...(await postInRun(context, ids.slice(from, from + RUN_SIZE), settings)));
    await testFault('post-after-commit');
  }
  return results;
}

/**
 * On PostgreSQL, runs commit without waiting for their write-ahead log to reach the disk (a flush
 * per run was a few milliseconds each, thousands of times in a large backlog). A transaction with
 * an id, committed as usual, flushes the log up to its commit and so every run before it: called
 * once per batch, before the batch's events go out, so nothing is announced that a crash of the
 * database could take back. Such a crash loses at most runs whose facts are then still pending,
 * posted again by the next pass; the job's own process dying loses nothing, as the database server
 * lives on. The embedded database lives in the job's process, so there every run commits durably.
 */
const onServer = (context: ServerContext) => context.database.native.kind === 'postgres';

async function makeDurable(context: ServerContext): Promise<void> {
  if (onServer(context)) await context.database.query('select txid_current()');
}

function eventOf(outcome: FactOutcome): SyncEvent {
  return {
    type: 'fact',
    id: outcome.id,
    status: outcome.status,
    register: outcome.register,
    ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
  };
}

/** Which of two lanes a card's facts go to: always the same one for a card. */
function laneOf(fact: PendingFact): 0 | 1 {
  const key = fact.card ?? fact.id;
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) | 0;
  return (hash & 1) as 0 | 1;
}

/**
 * Plain sales of different cards share no rows, and their order matters only per card: a batch of
 * nothing but plain sales is posted in two lanes at once, split by card, so the database works on
 * one lane while the job checks the other. Any other batch goes in order. On the embedded database
 * the lanes' transactions take turns on its one connection: the same outcome, without the overlap.
 */
async function postBatchInLanes(
  context: ServerContext,
  batch: readonly PendingFact[],
  lanes: readonly [RunMasterData, RunMasterData],
): Promise<FailedAttempt[]> {
  const parallel = batch.every((f) => f.plain);
  if (!parallel)
    return postBatch(
      context,
      batch.map((f) => f.id),
      lanes[0],
    );
  const split: [string[], string[]] = [[], []];
  for (const fact of batch) split[laneOf(fact)].push(fact.id);
  const results = await Promise.all(
    split.map((ids, lane) => postBatch(context, ids, lanes[lane] ?? lanes[0])),
  );
  return results.flat();
}

/**
 * The post-offline-earnings job's work (PRODUCT 6): every pending fact, in order, exactly once.
 * Facts are posted in runs, one transaction per run (batch/postRun.ts). A crash leaves each fact
 * done or still pending, and a repeat posts nothing twice.
 */
export async function postPendingFacts(
  context: ServerContext,
  options: PostOptions = {},
): Promise<PostSummary> {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  // Two lanes, split by a hash of the card, so each gets about half (± 15 of 900): below RUN_SIZE
  // nearly always, so a lane is one run rather than a full one and a run of a few facts.
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const total = Math.min(limit, await countPending(context));
  const lanes = [new RunMasterData(), new RunMasterData()] as const;
  const outcomes: FactOutcome[] = [];
  let retrying = 0;
  let after: Cursor | null = null;
  let done = 0;
  while (done < limit) {
    const batch = await nextBatch(context, after, Math.min(batchSize, limit - done));
    if (batch.length === 0) break;
    const results = await postBatchInLanes(context, batch, lanes);
    await makeDurable(context);
    done += batch.length;
    const settled = results.filter((r): r is FactOutcome => r.status !== 'retrying');
    retrying += results.length - settled.length;
    outcomes.push(...settled);
    await context.events.publishAll(settled.map(eventOf));
    after = batch[batch.length - 1] ?? null;
    await options.onProgress?.(done, Math.max(total, done));
  }
  return {
    posted: outcomes.filter((o) => o.status === 'posted').length,
    rejected: outcomes.filter((o) => o.status === 'rejected').length,
    loyaltyRejected: outcomes.filter((o) => o.status === 'loyaltyRejected').length,
    flagged: outcomes.filter((o) => o.reviews.length > 0).length,
    retrying,
    outcomes,
  };
}
