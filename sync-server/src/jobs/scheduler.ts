import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import type { ServerContext } from '../context';
import type { Database } from '../db/database';
import { describeError } from '../db/errors';
import type { Logger } from '../observability/logger';
import type { JobDefinition } from './job';
import { jobDefinitions } from './registry';
import { JobBusyError, runJob } from './runner';

/**
 * Cron expressions are read in UTC so that every replica computes the same ticks. Five fields
 * (minute precision) or six (with seconds first), as croner reads them.
 */
export const SCHEDULE_TIME_ZONE = 'UTC';

/** Throws croner's own message when `expression` is not a cron expression it can run. */
export function checkCron(expression: string): void {
  new Cron(expression, { paused: true, timezone: SCHEDULE_TIME_ZONE }).stop();
}

/** The next tick after `after`, or null when the expression has none left. */
export function nextTick(expression: string, after: Date): Date | null {
  const cron = new Cron(expression, { paused: true, timezone: SCHEDULE_TIME_ZONE });
  try {
    return cron.nextRun(after);
  } finally {
    cron.stop();
  }
}

/** Claimed ticks are kept this long (they only need to outlive the tick's race), then deleted. */
const TICKS_KEPT_MS = 3_600_000;

export interface JobSchedule {
  cron: string;
  enabled: boolean;
}

/** Each job's schedule: head office's edit from job_schedules, else the job's default. */
export async function loadSchedules(
  database: Database,
  jobs: readonly JobDefinition[] = jobDefinitions,
): Promise<Map<string, JobSchedule>> {
  const saved = await database.query<{ name: string; cron: string; enabled: boolean }>(
    'select name, cron, enabled from job_schedules',
  );
  const byName = new Map(saved.rows.map((row) => [row.name, row]));
  return new Map(
    jobs.map((job) => {
      const row = byName.get(job.name);
      return [job.name, row ? { cron: row.cron, enabled: row.enabled } : defaultSchedule(job)];
    }),
  );
}

export const defaultSchedule = (job: JobDefinition): JobSchedule => ({
  cron: job.defaultCron,
  enabled: true,
});

export interface SchedulerOptions {
  /** The jobs to schedule (default: the registry). */
  readonly jobs?: readonly JobDefinition[];
  /** How often schedules are re-read, so head office's edits apply without a restart. */
  readonly reloadMs?: number;
  /** How often due ticks are looked for. */
  readonly pollMs?: number;
}

export interface Scheduler {
  /** Stops ticking and waits for the runs it started. */
  stop(): Promise<void>;
}

interface Planned {
  schedule: JobSchedule;
  next: Date | null;
}

/**
 * Runs each job at the ticks of its cron. Every replica runs a scheduler; for each tick the one
 * whose insert into job_ticks wins runs the job, so a tick runs once however many replicas there are.
 * Ticks use the real time, not the context's clock (which tests move by hand).
 */
export function startScheduler(context: ServerContext, options: SchedulerOptions = {}): Scheduler {
  const jobs = options.jobs ?? jobDefinitions;
  const reloadMs = options.reloadMs ?? 5_000;
  const pollMs = options.pollMs ?? 250;
  const instance = randomUUID();
  const log = context.log.child({ component: 'scheduler' });
  const plans = new Map<string, Planned>();
  const running = new Set<Promise<unknown>>();
  let loadedAt = 0;
  let prunedAt = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<void> = Promise.resolve();

  async function reload(now: Date) {
    const schedules = await loadSchedules(context.database, jobs);
    for (const [name, schedule] of schedules) {
      const plan = plans.get(name);
      if (
        plan &&
        plan.schedule.cron === schedule.cron &&
        plan.schedule.enabled === schedule.enabled
      )
        continue;
      plans.set(name, { schedule, next: planNext(name, schedule, now, log) });
    }
    loadedAt = now.getTime();
    if (now.getTime() - prunedAt >= TICKS_KEPT_MS) {
      prunedAt = now.getTime();
      await context.database.query('delete from job_ticks where scheduled_for < $1', [
        new Date(now.getTime() - TICKS_KEPT_MS).toISOString(),
      ]);
    }
  }

  async function claimTick(name: string, at: Date): Promise<boolean> {
    const result = await context.database.query(
      `insert into job_ticks (name, scheduled_for, claimed_by) values ($1, $2, $3)
       on conflict do nothing returning name`,
      [name, at.toISOString(), instance],
    );
    return result.rows.length > 0;
  }

  async function fire(job: JobDefinition, at: Date) {
    if (!(await claimTick(job.name, at))) return;
    const run = runJob(context, job, `schedule@${at.toISOString()}`).catch((error: unknown) => {
      if (!(error instanceof JobBusyError))
        log.error(
          { job: job.name, err: error },
          `${job.name} failed to start: ${describeError(error)}`,
        );
    });
    running.add(run);
    void run.finally(() => running.delete(run));
  }

  async function poll() {
    const now = new Date();
    if (now.getTime() - loadedAt >= reloadMs) await reload(now);
    for (const job of jobs) {
      const plan = plans.get(job.name);
      if (!plan?.next || plan.next > now) continue;
      const due = plan.next;
      // Ticks missed while the process was busy or down are skipped, not caught up one by one.
      plan.next = planNext(job.name, plan.schedule, now, log);
      await fire(job, due);
    }
  }

  function loop() {
    if (stopped) return;
    polling = poll()
      .catch((error: unknown) => log.error({ err: error }, `poll failed: ${describeError(error)}`))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, pollMs);
      });
  }

  loop();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await polling;
      await Promise.allSettled([...running]);
    },
  };
}

function planNext(name: string, schedule: JobSchedule, now: Date, log: Logger): Date | null {
  if (!schedule.enabled) return null;
  try {
    return nextTick(schedule.cron, now);
  } catch (error) {
    log.error(
      { job: name, cron: schedule.cron },
      `${name} has an unusable cron "${schedule.cron}": ${describeError(error)}`,
    );
    return null;
  }
}
