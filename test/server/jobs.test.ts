import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { programs, schemes } from '../../sync-server/src/db/schema';
import type { JobDefinition } from '../../sync-server/src/jobs/job';
import { schemesForStore } from '../../sync-server/src/hq/storeSchemes';
import { jobDefinitions } from '../../sync-server/src/jobs/registry';
import {
  JobBusyError,
  runJob,
  startJob,
  type JobRunRecord,
} from '../../sync-server/src/jobs/runner';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import { seedBasics, signIn } from './helpers/fixtures';
import { startTestServer, type TestServer } from './helpers/server';

/** A job that counts three items; and one that waits until the test lets it finish. */
let release: () => void = () => undefined;
const countingJob: JobDefinition = {
  name: 'test-counting',
  summary: 'counts three items',
  defaultCron: '0 3 * * *',
  async run(job) {
    for (let i = 1; i <= 3; i++) {
      job.count('items');
      await job.progress(i, 3);
    }
  },
};
const gatedJob: JobDefinition = {
  name: 'test-gated',
  summary: 'waits for the test',
  defaultCron: '0 4 * * *',
  run: () => new Promise<void>((resolve) => (release = resolve)),
};
const failingJob: JobDefinition = {
  name: 'test-failing',
  summary: 'always fails',
  defaultCron: '0 5 * * *',
  run: () => Promise.reject(new Error('the thing broke')),
};
jobDefinitions.push(countingJob, gatedJob, failingJob);

const scheme = (
  id: string,
  version: number,
  fields: Partial<typeof schemes.$inferInsert> = {},
) => ({
  id,
  version,
  programId: 'MAIN',
  status: 'active' as const,
  earning: [],
  redemption: [],
  ...fields,
});

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(
    `jobs: runner, API, process schemes (${backendKind.name})`,
    () => {
      let backend: TestBackend;
      let server: TestServer;
      let hq: string;

      beforeAll(async () => {
        backend = await backendKind.create();
        server = await startTestServer(backend);
        await seedBasics(server.database);
        hq = await signIn(server, 'hq');
      }, PGLITE_CREATE_TIMEOUT);

      afterAll(async () => {
        await server?.close();
        await backend?.remove();
      });

      it('records a run with its counts, progress and duration', async () => {
        const run = await server.call<JobRunRecord>('POST', '/api/jobs/test-counting/run', {
          token: hq,
        });
        expect(run.status).toBe(200);
        expect(run.body).toMatchObject({
          name: 'test-counting',
          status: 'succeeded',
          counts: { items: 3 },
          progress: { done: 3, total: 3 },
          error: null,
        });
        expect(run.body.trigger).toBe('manual:HQ1');
        expect(run.body.durationMs).toBeGreaterThanOrEqual(0);
        expect(Date.parse(run.body.endedAt ?? '')).toBeGreaterThanOrEqual(
          Date.parse(run.body.startedAt),
        );
      });

      it('refuses a second run of a job while one runs, and runs it again afterwards', async () => {
        const first = await startJob(server.context, gatedJob, 'manual');
        expect(first.run.status).toBe('running');
        const again = await server.call<{ error: { code: string } }>(
          'POST',
          '/api/jobs/test-gated/run',
          {
            token: hq,
          },
        );
        expect(again.status).toBe(409);
        expect(again.body.error.code).toBe('jobBusy');
        await expect(runJob(server.context, gatedJob, 'manual')).rejects.toBeInstanceOf(
          JobBusyError,
        );
        // Another job is not held up by it.
        expect((await runJob(server.context, countingJob, 'manual')).status).toBe('succeeded');
        release();
        expect((await first.done).status).toBe('succeeded');
        const next = await startJob(server.context, gatedJob, 'manual');
        release();
        expect((await next.done).status).toBe('succeeded');
      });

      it('records the error of a failed run', async () => {
        const run = await server.call<JobRunRecord>('POST', '/api/jobs/test-failing/run', {
          token: hq,
        });
        expect(run.status).toBe(200);
        expect(run.body.status).toBe('failed');
        expect(run.body.error).toContain('the thing broke');
      });

      it('marks a run left running by a crashed process as failed when the job next runs', async () => {
        const crashed = await server.database.query<{ id: number }>(
          `insert into job_runs (name, trigger) values ('test-counting', 'manual') returning id`,
        );
        await runJob(server.context, countingJob, 'manual');
        const history = await server.call<JobRunRecord[]>('GET', '/api/jobs/test-counting/runs', {
          token: hq,
        });
        const stale = history.body.find((run) => run.id === crashed.rows[0]?.id);
        expect(stale?.status).toBe('failed');
        expect(stale?.error).toMatch(/interrupted/);
        expect(history.body[0]?.status).toBe('succeeded');
        const ids = history.body.map((run) => run.id);
        expect(ids).toEqual([...ids].sort((a, b) => b - a));
      });

      it('lists jobs with schedule and last run, and lets head office edit a schedule', async () => {
        const cashier = await signIn(server, 'cashier');
        expect((await server.call('GET', '/api/jobs', { token: cashier })).status).toBe(403);
        const bad = await server.call<{ error: { message: string } }>(
          'PUT',
          '/api/jobs/test-counting/schedule',
          { token: hq, body: { cron: 'every tuesday', enabled: true } },
        );
        expect(bad.status).toBe(400);
        expect(bad.body.error.message).toMatch(/cron/);
        const unknown = await server.call('PUT', '/api/jobs/nope/schedule', {
          token: hq,
          body: { cron: '0 1 * * *', enabled: true },
        });
        expect(unknown.status).toBe(404);
        const saved = await server.call('PUT', '/api/jobs/test-counting/schedule', {
          token: hq,
          body: { cron: '30 2 * * *', enabled: false },
        });
        expect(saved.status).toBe(200);
        const list = await server.call<
          { name: string; schedule: { cron: string; enabled: boolean }; lastRun: unknown }[]
        >('GET', '/api/jobs', { token: hq });
        const counting = list.body.find((job) => job.name === 'test-counting');
        expect(counting?.schedule).toMatchObject({ cron: '30 2 * * *', enabled: false });
        expect(counting?.lastRun).toMatchObject({ status: 'succeeded' });
        const distribution = list.body.find((job) => job.name === 'distribution-1050');
        expect(distribution?.schedule).toMatchObject({ cron: '*/5 * * * *', enabled: true });
      });

      it('process schemes picks, per store, the highest active version valid now', async () => {
        const db = server.database.db;
        await db.insert(programs).values({ id: 'OTHER', name: 'Other program' });
        const later = new Date(Date.parse('2026-03-01T11:00:00Z'));
        await db
          .insert(schemes)
          .values([
            scheme('ALL', 1),
            scheme('ALL', 2, { validFrom: later }),
            scheme('DRAFT', 1, { status: 'draft' }),
            scheme('ONLY-S2', 1, { stores: ['S2'] }),
            scheme('ENDED', 1, { validTo: new Date(Date.parse('2026-02-01T00:00:00Z')) }),
            scheme('ELSEWHERE', 1, { programId: 'OTHER' }),
          ]);
        const run = await server.call<JobRunRecord>(
          'POST',
          '/api/jobs/process-loyalty-schemes/run',
          {
            token: hq,
          },
        );
        expect(run.body).toMatchObject({ status: 'succeeded', counts: { storeSchemes: 3 } });
        const applied = async (store: string) =>
          (await schemesForStore(server.database, store)).map((s) => `${s.id}@${s.version}`);
        expect(await applied('S1')).toEqual(['ALL@1']);
        expect(await applied('S2')).toEqual(['ALL@1', 'ONLY-S2@1']);

        server.clock.set(later.getTime());
        const again = await server.call('POST', '/api/jobs/process-loyalty-schemes/run', {
          token: hq,
        });
        expect(again.status).toBe(200);
        expect(await applied('S1')).toEqual(['ALL@2']);
      });
    },
  );
}

const execute = promisify(execFile);

describe('npm run server -- job', { timeout: 90_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'loyalty-job-cli-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function cli(args: string[]) {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir };
    delete env.DATABASE_URL;
    try {
      const out = await execute('node_modules/.bin/tsx', ['sync-server/src/cli.ts', ...args], {
        env,
      });
      return { code: 0, ...out };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  it('runs a job and prints its record; an unknown job is a usage error listing the jobs', async () => {
    const ok = await cli(['job', 'process-loyalty-schemes']);
    expect(ok.code).toBe(0);
    const record = JSON.parse(ok.stdout.trim().split('\n').at(-1) ?? '') as JobRunRecord;
    expect(record).toMatchObject({
      name: 'process-loyalty-schemes',
      status: 'succeeded',
      trigger: 'cli',
    });

    const unknown = await cli(['job', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown job "nope"');
    expect(unknown.stderr).toContain('distribution-1050');
  });
});
