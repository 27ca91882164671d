import { z } from 'zod';
import { describeError } from '../../db/errors';
import type { JobDefinition } from '../../jobs/job';
import { findJob, jobDefinitions } from '../../jobs/registry';
import { JobBusyError, lastRuns, listRuns, startJob, type JobRunRecord } from '../../jobs/runner';
import { checkCron, loadSchedules, nextTick } from '../../jobs/scheduler';
import { conflict, invalidField, notFound } from '../../errors';
import { requireStaff } from '../../auth/principal';
import type { RouteModule } from '../app';

/** POST /run waits this long for the run to finish before answering 202 with the running record. */
export const RUN_WAIT_MS = 10_000;

const RunRecord = z.object({
  id: z.int(),
  name: z.string(),
  trigger: z.string(),
  status: z.enum(['running', 'succeeded', 'failed']),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  durationMs: z.int().nullable(),
  counts: z.record(z.string(), z.number()),
  progress: z.object({ done: z.int(), total: z.int().nullable() }),
  error: z.string().nullable(),
});

const JobInfo = z.object({
  name: z.string(),
  summary: z.string(),
  schedule: z.object({ cron: z.string(), enabled: z.boolean(), nextRun: z.string().nullable() }),
  lastRun: RunRecord.nullable(),
});

const JobParams = z.object({ name: z.string().min(1).max(100) });
const ScheduleBody = z.object({ cron: z.string().min(1).max(200), enabled: z.boolean() });

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

  app.get(
    '/api/jobs',
    { schema: { tags: ['jobs'], response: { 200: z.array(JobInfo) } } },
    async (request) => {
      requireStaff(request.principal, 'headOffice');
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
    },
  );

  app.put(
    '/api/jobs/:name/schedule',
    {
      schema: {
        tags: ['jobs'],
        summary: "set a job's cron (5 fields, or 6 with seconds first; UTC) and whether it runs",
        params: JobParams,
        body: ScheduleBody,
        response: { 200: JobInfo.shape.schedule },
      },
    },
    async (request) => {
      requireStaff(request.principal, 'headOffice');
      const job = jobNamed(request.params.name);
      const { cron, enabled } = request.body;
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
    },
  );

  app.post(
    '/api/jobs/:name/run',
    {
      schema: {
        tags: ['jobs'],
        summary: `run a job now: 200 with the finished run, or 202 with the running one after ${RUN_WAIT_MS / 1000} s`,
        params: JobParams,
        response: { 200: RunRecord, 202: RunRecord },
      },
    },
    async (request, reply) => {
      const member = requireStaff(request.principal, 'headOffice');
      const job = jobNamed(request.params.name);
      let started;
      try {
        started = await startJob(context, job, `manual:${member.id}`);
      } catch (error) {
        if (error instanceof JobBusyError) throw conflict('jobBusy', error.message);
        throw error;
      }
      const finished = await settled(started.done, RUN_WAIT_MS);
      return finished ? reply.status(200).send(finished) : reply.status(202).send(started.run);
    },
  );

  app.get(
    '/api/jobs/:name/runs',
    {
      schema: {
        tags: ['jobs'],
        params: JobParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
        response: { 200: z.array(RunRecord) },
      },
    },
    async (request) => {
      requireStaff(request.principal, 'headOffice');
      const job = jobNamed(request.params.name);
      return listRuns(database, job.name, request.query.limit);
    },
  );
};
