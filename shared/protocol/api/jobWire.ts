import { z } from 'zod';

/** One run of a scheduled job, finished or under way. */
export const RunRecord = z.object({
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
export type RunRecord = z.infer<typeof RunRecord>;

/** When a job runs (cron in UTC) and whether it does. */
export const JobSchedule = z.object({
  cron: z.string(),
  enabled: z.boolean(),
  nextRun: z.string().nullable(),
});

export const JobInfo = z.object({
  name: z.string(),
  summary: z.string(),
  schedule: JobSchedule,
  lastRun: RunRecord.nullable(),
});
export type JobInfo = z.infer<typeof JobInfo>;

export const JobParams = z.object({ name: z.string().min(1).max(100) });
export const ScheduleBody = z.object({ cron: z.string().min(1).max(200), enabled: z.boolean() });
export const RunsQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });
