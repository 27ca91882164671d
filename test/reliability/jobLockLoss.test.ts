import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../sync-server/src/db/postgres';
import type { JobDefinition } from '../../sync-server/src/jobs/job';
import { listRuns, startJob } from '../../sync-server/src/jobs/runner';
import { DATABASE_URL, postgresBackend, type TestBackend } from '../server/helpers/backends';
import { startSyncTestServer, type SyncTestServer } from '../server/helpers/facts';
import { startTcpProxy, type TcpProxy } from './helpers/tcpProxy';

/** A job that waits for the test, then does one more step of work (a query and its progress). */
function gatedJob(name: string) {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const definition: JobDefinition = {
    name,
    summary: 'waits for the test',
    defaultCron: '0 0 1 1 *',
    async run(job) {
      await gate;
      await job.context.database.query('select 1');
      await job.progress(1, 1);
    },
  };
  return { definition, open: () => open() };
}

/**
 * The database goes away under a running job (PostgreSQL restarted: every connection dropped). The
 * run must not stay `running` until the job next starts: it is closed as interrupted as soon as the
 * database answers again, and a run whose lock went with the connection stops at its next step
 * instead of going on beside a run another process may have started meanwhile.
 */
describe.skipIf(!DATABASE_URL)('a job whose database connection is lost', () => {
  let backend: TestBackend;
  let proxy: TcpProxy;
  let sync: SyncTestServer;

  beforeAll(async () => {
    backend = await postgresBackend(DATABASE_URL ?? '');
    const direct = new URL(backend.env['DATABASE_URL'] ?? '');
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const proxied = new URL(direct);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    sync = await startSyncTestServer({
      ...backend,
      open: () => openPostgres(proxied.toString(), { poolSize: 4 }),
    });
  }, 60_000);

  afterAll(async () => {
    proxy?.restore();
    await sync?.server.close();
    await proxy?.close();
    await backend?.remove();
  }, 60_000);

  const lastRun = async (name: string) =>
    (await listRuns(sync.server.context.database, name, 1))[0];

  /** Starts the job as soon as nobody holds its lock (the cut's end reaches the lock's session). */
  async function startWhenFree(definition: JobDefinition) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        return await startJob(sync.server.context, definition, 'manual');
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  it('is closed as interrupted once the database is back, not left running', async () => {
    const job = gatedJob('test-cut-while-running');
    const started = await startJob(sync.server.context, job.definition, 'manual');
    proxy.cut();
    job.open();
    // The step fails while the database is away; the run's end cannot be written yet.
    const restore = setTimeout(() => proxy.restore(), 1_000);
    try {
      const ended = await started.done;
      expect(ended.status).toBe('failed');
      expect(ended.error).toMatch(/interrupted/);
    } finally {
      clearTimeout(restore);
      proxy.restore();
    }
    expect(await lastRun('test-cut-while-running')).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/interrupted/),
    });
  }, 60_000);

  it('stops at its next step when its lock went with the connection', async () => {
    const job = gatedJob('test-lock-lost');
    const started = await startJob(sync.server.context, job.definition, 'manual');
    // A short cut: the database answers again before the job's next step, but the session that
    // held the job's lock is gone, so another process could start the job now.
    proxy.cut();
    await expect.poll(() => proxy.stats.cuts).toBeGreaterThan(0);
    proxy.restore();
    // Another run of the job can start now (here, in the same process, as another would).
    const again = gatedJob('test-lock-lost');
    const second = await startWhenFree(again.definition);
    job.open();
    const ended = await started.done;
    expect(ended.status).toBe('failed');
    expect(ended.error).toMatch(/interrupted: .*lock/);
    again.open();
    expect((await second.done).status).toBe('succeeded');
  }, 60_000);
});
