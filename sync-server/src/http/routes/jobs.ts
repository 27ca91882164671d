import { api, RUN_WAIT_MS } from '../../../../shared/protocol/api';
import { describeError } from '../../db/errors';
import type { JobDefinition } from '../../jobs/job';
import { findJob, jobDefinitions } from '../../jobs/registry';
import { JobBusyError, lastRuns, listRuns, startJob, type JobRunRecord } from '../../jobs/runner';
import { checkCron, loadSchedules, nextTick } from '../../jobs/scheduler';
import { conflict, invalidField, notFound } from '../../errors';
import { actingStaff } from '../../auth/principal';
import type { RouteModule } from '../app';
import { serve } from '../serve';

function jobNamed(name: string): JobDefinition {
  const job = findJob(name);
  if (!job) throw notFound(`job ${name} (jobs: ${jobDefinitions.map((j) => j.name).join(', ')})`);
  return job;
}

function nextRunOf(cron: string, enabled: boolean): string | null {
  if (!enabled) return null;
  try {
    return nextTick(cron, new Date())?.toISOString() ?? null;
  } catch {
    return null;
  }
}

const settled = (done: Promise<JobRunRecord>, ms: number) =>
  Promise.race([done, new Promise<null>((resolve) => setTimeout(() => resolve(null), ms).unref())]);

/** Head office's jobs: list, schedule, run now, and each job's history. */
export const jobRoutes: RouteModule = (app, context) => {
  const { database } = context;

  serve(app, api.jobs.list, async () => {
    const [schedules, last] = await Promise.all([loadSchedules(database), lastRuns(database)]);
    return jobDefinitions.map((job) => {
      const schedule = schedules.get(job.name) ?? { cron: job.defaultCron, enabled: true };
      return {
        name: job.name,
        summary: job.summary,
        schedule: { ...schedule, nextRun: nextRunOf(schedule.cron, schedule.enabled) },
        lastRun: last.get(job.name) ?? null,
      };
    });
  });

  serve(app, api.jobs.schedule, async ({ params, body: { cron, enabled } }) => {
    const job = jobNamed(params.name);
    try {
      checkCron(cron);
    } catch (error) {
      throw invalidField(
        'invalidCron',
        'cron',
        'invalid',
        `"${cron}" is not a cron expression: ${describeError(error)}`,
      );
    }
    await database.query(
      `insert into job_schedules (name, cron, enabled) values ($1, $2, $3)
       on conflict (name) do update set cron = excluded.cron, enabled = excluded.enabled,
         updated_at = now()`,
      [job.name, cron, enabled],
    );
    return { cron, enabled, nextRun: nextRunOf(cron, enabled) };
  });

  serve(app, api.jobs.run, async ({ principal, params, reply }) => {
    const job = jobNamed(params.name);
    let started;
    try {
      started = await startJob(context, job, `manual:${actingStaff(principal).id}`);
    } catch (error) {
      if (error instanceof JobBusyError) throw conflict('jobBusy', error.message);
      throw error;
    }
    const finished = await settled(started.done, RUN_WAIT_MS);
    return finished ? reply.status(200).send(finished) : reply.status(202).send(started.run);
  });

  serve(app, api.jobs.runs, async ({ params, query }) =>
    listRuns(database, jobNamed(params.name).name, query.limit),
  );
};
