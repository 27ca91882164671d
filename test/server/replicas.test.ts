import { logLevelFromEnv } from '../../sync-server/src/observability/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncEvent } from '../../shared/protocol/sync';
import { configFromEnv, type ServerConfig } from '../../sync-server/src/config';
import type { Database } from '../../sync-server/src/db/database';
import type { JobDefinition } from '../../sync-server/src/jobs/job';
import { JobBusyError, runJob, startJob } from '../../sync-server/src/jobs/runner';
import { startServer, type RunningServer } from '../../sync-server/src/server';
import { DATABASE_URL, postgresBackend, type TestBackend } from './helpers/backends';
import { BASICS, PINS, seedBasics } from './helpers/fixtures';

const tickJob: JobDefinition = {
  name: 'test-tick',
  summary: 'counts one',
  defaultCron: '* * * * * *',
  async run(job) {
    job.count('ticks');
  },
};
let release: () => void = () => undefined;
const gatedJob: JobDefinition = {
  name: 'test-gated',
  summary: 'waits for the test',
  defaultCron: '0 0 1 1 *',
  run: () => new Promise<void>((resolve) => (release = resolve)),
};

/** Reads the SyncEvents of an SSE stream as they arrive. */
async function openStream(url: string, token: string) {
  const controller = new AbortController();
  const response = await fetch(`${url}/api/sync/events`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  if (!response.body) throw new Error('no stream');
  const reader = response.body.getReader();
  const events: SyncEvent[] = [];
  let buffer = '';
  return {
    events,
    async waitFor(predicate: (event: SyncEvent) => boolean): Promise<SyncEvent> {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const found = events.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no such event; got ${JSON.stringify(events)}`);
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        buffer += new TextDecoder().decode(value);
        const frames = buffer.split('\n\n');
        buffer = frames.pop() ?? '';
        for (const frame of frames) {
          const data = frame.split('\n').find((line) => line.startsWith('data: '));
          if (data) events.push(JSON.parse(data.slice(6)) as SyncEvent);
        }
      }
    },
    close: () => controller.abort(),
  };
}

async function call<T>(
  server: RunningServer,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

describe.skipIf(!DATABASE_URL)('two server replicas on one PostgreSQL', () => {
  let backend: TestBackend;
  const databases: Database[] = [];
  let a: RunningServer;
  let b: RunningServer;
  let hq: string;
  let register: string;

  beforeAll(async () => {
    backend = await postgresBackend(DATABASE_URL ?? '');
    const config: ServerConfig = {
      ...configFromEnv({}),
      port: 0,
      host: '127.0.0.1',
      logLevel: logLevelFromEnv(process.env),
    };
    const start = async () => {
      const database = await backend.open();
      databases.push(database);
      return startServer({
        config,
        database,
        scheduler: { jobs: [tickJob], reloadMs: 200, pollMs: 50 },
      });
    };
    a = await start();
    b = await start();
    await seedBasics(a.context.database);
    const signIn = await call<{ token: string }>(a, 'POST', '/api/auth/sign-in', undefined, {
      staff: BASICS.staff.hq,
      pin: PINS.hq,
    });
    hq = signIn.body.token;
    const code = await call<{ code: string }>(
      b,
      'POST',
      '/api/hq/stores/S1/registers/S1-R1/enrolment-code',
      hq,
    );
    register = (
      await call<{ token: string }>(a, 'POST', '/api/registers/enrol', undefined, code.body)
    ).body.token;
  }, 60_000);

  let closed = false;
  afterAll(async () => {
    if (!closed) {
      await a?.close();
      await b?.close();
    }
    for (const database of databases) await database.close();
    await backend?.remove();
  }, 30_000);

  it('a register connected to one replica hears events published by the other', async () => {
    const onA = await openStream(a.url, register);
    const onB = await openStream(b.url, register);
    try {
      await b.context.events.publish({ type: 'distribution', store: 'S1', version: 42 });
      await onA.waitFor((e) => e.type === 'distribution' && e.version === 42);
      // A distribution run on replica A reaches the stream on replica B.
      const run = await call<{ status: string }>(a, 'POST', '/api/jobs/distribution-1050/run', hq);
      expect(run.body.status).toBe('succeeded');
      await onB.waitFor((e) => e.type === 'distribution' && e.version === 1);
    } finally {
      onA.close();
      onB.close();
    }
  });

  it('never runs one job in two processes at once', async () => {
    const first = await startJob(a.context, gatedJob, 'manual');
    await expect(runJob(b.context, gatedJob, 'manual')).rejects.toBeInstanceOf(JobBusyError);
    release();
    expect((await first.done).status).toBe('succeeded');
    const second = await startJob(b.context, gatedJob, 'manual');
    release();
    expect((await second.done).status).toBe('succeeded');
  });

  it('runs each scheduled tick once, on one of the replicas', { timeout: 60_000 }, async () => {
    const [database] = databases;
    if (!database) throw new Error('no database');
    // The job ticks every second: wait until two ticks have run, however busy the machine is.
    await expect
      .poll(
        async () =>
          (
            await database.query<{ n: number }>(
              `select count(*)::int as n from job_runs where name = 'test-tick' and status = 'succeeded'`,
            )
          ).rows[0]?.n ?? 0,
        { timeout: 50_000, interval: 200 },
      )
      .toBeGreaterThanOrEqual(2);
    // Closing stops the schedulers and waits for the runs they started.
    await a.close();
    await b.close();
    closed = true;
    const ticks = await database.query<{ scheduled_for: Date; claimed_by: string }>(
      `select scheduled_for, claimed_by from job_ticks where name = 'test-tick'`,
    );
    const runs = await database.query<{ trigger: string; status: string }>(
      `select trigger, status from job_runs where name = 'test-tick'`,
    );
    expect(ticks.rows.length).toBeGreaterThanOrEqual(2);
    expect(runs.rows).toHaveLength(ticks.rows.length);
    expect(runs.rows.every((run) => run.status === 'succeeded')).toBe(true);
    const triggers = runs.rows.map((run) => run.trigger).sort();
    expect(new Set(triggers).size).toBe(triggers.length);
    const expected = ticks.rows
      .map((tick) => `schedule@${new Date(tick.scheduled_for).toISOString()}`)
      .sort();
    expect(triggers).toEqual(expected);
  });
});
