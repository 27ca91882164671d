import type { ServerContext } from '../context';
import type { Database } from '../db/database';
import { isoSql } from '../db/sqlParams';
import { describeError } from '../db/errors';
import { isConnectionFailure } from '../db/failure';
import type { JobDefinition, JobRun } from './job';
import { JobLockLost, tryLockJob, type JobLock } from './jobLock';

/** A run as head office's console and the CLI show it. */
export interface JobRunRecord {
  id: number;
  name: string;
  trigger: string;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
  counts: Record<string, number>;
  progress: { done: number; total: number | null };
  error: string | null;
}

/** The job is running already, here or in another server process. */
export class JobBusyError extends Error {
  override name = 'JobBusyError';
  constructor(readonly job: string) {
    super(`job ${job} is running already; try again when it has finished`);
  }
}

export interface StartedJob {
  /** The record as written when the run started. */
  readonly run: JobRunRecord;
  /** Resolves with the final record; never rejects (a failure is recorded in it). */
  readonly done: Promise<JobRunRecord>;
}

/** How often progress and counts are written while a job runs. */
const PROGRESS_EVERY_MS = 1_000;

/**
 * Starts `definition` unless it is running already anywhere (JobBusyError): takes the job's lock,
 * marks runs left `running` by a crashed process as failed, records the new run, and runs the body
 * in the background. `trigger` says why: manual, schedule..., startup.
 */
export async function startJob(
  context: ServerContext,
  definition: JobDefinition,
  trigger: string,
): Promise<StartedJob> {
  const { database } = context;
  const lock = await tryLockJob(database, definition.name);
  if (!lock) throw new JobBusyError(definition.name);
  let run: JobRunRecord;
  try {
    run = await database.transaction(async (tx) => {
      // Holding the lock means no one else runs this job: a `running` row is a crashed run.
      await tx.query(
        `update job_runs set status = 'failed', ended_at = now(),
           error = 'interrupted: the process running it stopped (found when the job next started)'
         where name = $1 and status = 'running'`,
        [definition.name],
      );
      const inserted = await tx.query<RunRow>(
        `insert into job_runs (name, trigger) values ($1, $2) returning ${RUN_COLUMNS}`,
        [definition.name, trigger],
      );
      return toRecord(inserted.rows[0] as RunRow);
    });
  } catch (error) {
    await lock.release();
    throw error;
  }
  const done = execute(context, definition, run.id, lock)
    // The end could not be written (the database stayed away): the record says so all the same.
    .catch((error: unknown): JobRunRecord => ({
      ...run,
      status: 'failed',
      error: failureOf(error),
    }))
    .finally(() =>
      lock.release().catch((error: unknown) => {
        context.log.warn({ err: error, job: definition.name }, 'job lock release failed');
      }),
    );
  return { run, done };
}

/** Runs `definition` now and resolves with its final record (JobBusyError when already running). */
export async function runJob(
  context: ServerContext,
  definition: JobDefinition,
  trigger: string,
): Promise<JobRunRecord> {
  return (await startJob(context, definition, trigger)).done;
}

/** How long a run's end is tried again while the database is away, before giving up. */
const SAVE_END_FOR_MS = 5 * 60_000;

/** The reason a run failed, as its record says it. */
function failureOf(error: unknown): string {
  if (error instanceof JobLockLost) return error.message;
  if (isConnectionFailure(error))
    return `interrupted: the database went away while the job ran (${describeError(error)})`;
  return describeError(error);
}

async function execute(
  context: ServerContext,
  definition: JobDefinition,
  runId: number,
  lock: JobLock,
): Promise<JobRunRecord> {
  const { database, metrics } = context;
  const log = context.log.child({ job: definition.name, run: runId });
  const counts: Record<string, number> = {};
  let done = 0;
  let total: number | null = null;
  let savedAt = 0;
  const save = (status: string, error: string | null = null) =>
    database.query<RunRow>(
      `update job_runs set status = $2, counts = $3::jsonb, progress_done = $4, progress_total = $5,
         error = $6, ended_at = case when $2 = 'running' then null else now() end
       where id = $1 returning ${RUN_COLUMNS}`,
      [runId, status, JSON.stringify(counts), done, total, error],
    );
  const job: JobRun = {
    context,
    runId,
    log,
    async progress(doneNow, totalNow) {
      // Every step checks the lock: a run that lost it must not go on beside another one.
      if (lock.lost()) throw new JobLockLost(definition.name);
      done = doneNow;
      if (totalNow !== undefined) total = totalNow;
      if (Date.now() - savedAt < PROGRESS_EVERY_MS) return;
      savedAt = Date.now();
      await save('running');
    },
    count(name, by = 1) {
      counts[name] = (counts[name] ?? 0) + by;
      metrics.jobItems.inc({ job: definition.name, item: name }, by);
    },
  };
  log.info('job started');
  const startedAt = performance.now();
  let outcome: { status: 'succeeded' | 'failed'; error: string | null };
  try {
    await definition.run(job);
    outcome = { status: 'succeeded', error: null };
  } catch (error) {
    outcome = { status: 'failed', error: failureOf(error) };
    log.error({ err: error }, `job failed: ${outcome.error}`);
  }
  const seconds = (performance.now() - startedAt) / 1000;
  metrics.jobDuration.observe({ job: definition.name, status: outcome.status }, seconds);
  log.info({ status: outcome.status, ms: Math.round(seconds * 1000), counts }, 'job ended');
  return saveEnd(() => save(outcome.status, outcome.error), log);
}

/**
 * Writes the run's end. While the database is away it is tried again, with a growing pause, so
 * the run is closed as soon as the database answers, not left `running` until the job next
 * starts; after SAVE_END_FOR_MS it gives up (the next start closes it then).
 */
async function saveEnd(
  save: () => Promise<{ rows: RunRow[] }>,
  log: ServerContext['log'],
): Promise<JobRunRecord> {
  const giveUpAt = Date.now() + SAVE_END_FOR_MS;
  for (let pause = 100; ; pause = Math.min(pause * 2, 5_000)) {
    try {
      return toRecord((await save()).rows[0] as RunRow);
    } catch (error) {
      if (!isConnectionFailure(error) || Date.now() > giveUpAt) throw error;
      log.warn({ err: error }, "the run's end could not be written yet; trying again");
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** The runs of a job, newest first. */
export async function listRuns(
  database: Database,
  name: string,
  limit: number,
): Promise<JobRunRecord[]> {
  const result = await database.query<RunRow>(
    `select ${RUN_COLUMNS} from job_runs where name = $1 order by id desc limit $2`,
    [name, limit],
  );
  return result.rows.map(toRecord);
}

/** The latest run of every job that has one. */
export async function lastRuns(database: Database): Promise<Map<string, JobRunRecord>> {
  const result = await database.query<RunRow>(
    `select distinct on (name) ${RUN_COLUMNS} from job_runs order by name, id desc`,
  );
  return new Map(result.rows.map((row) => [row.name, toRecord(row)]));
}

interface RunRow {
  id: number;
  name: string;
  trigger: string;
  status: JobRunRecord['status'];
  started_at: string;
  ended_at: string | null;
  duration_ms: number | null;
  counts: Record<string, number>;
  progress_done: number;
  progress_total: number | null;
  error: string | null;
}

const RUN_COLUMNS = `id, name, trigger, status, ${isoSql('started_at')} as started_at,
  ${isoSql('ended_at')} as ended_at,
  (extract(epoch from ended_at - started_at) * 1000)::bigint as duration_ms,
  counts, progress_done, progress_total, error`;

function toRecord(row: RunRow): JobRunRecord {
  return {
    id: row.id,
    name: row.name,
    trigger: row.trigger,
    status: row.status,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationMs: row.duration_ms,
    counts: row.counts,
    progress: { done: row.progress_done, total: row.progress_total },
    error: row.error,
  };
}
