import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../sync-server/src/clock';
import { configFromEnv } from '../../sync-server/src/config';
import { contextFor } from '../../sync-server/src/context';
import { localBus } from '../../sync-server/src/events/bus';
import { buildApp } from '../../sync-server/src/http/app';
import { mayReadMetrics } from '../../sync-server/src/http/access';
import { findJob } from '../../sync-server/src/jobs/registry';
import { runJob } from '../../sync-server/src/jobs/runner';
import { createLogger, logLevelFromEnv } from '../../sync-server/src/observability/logger';
import type { Database } from '../../sync-server/src/db/database';
import {
  pgliteBackend,
  PGLITE_CREATE_TIMEOUT,
  TEST_BACKENDS,
  type TestBackend,
} from './helpers/backends';
import {
  createCard,
  DeviceSequence,
  saleFact,
  startSyncTestServer,
  testCardNumber,
  type SyncTestServer,
} from './helpers/facts';

/** A log destination that keeps every JSON line for the test to read. */
function capturedLog(level: Parameters<typeof createLogger>[0]) {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger(level, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines };
}

/** The value of one sample of the Prometheus text, e.g. `name{a="b"}`; undefined when absent. */
function sample(metrics: string, series: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const METRICS_TOKEN = 'scrape-me-3b1f9c2e';

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`logs, probes and metrics (${backendKind.name})`, () => {
    let backend: TestBackend;
    let sync: SyncTestServer;
    const captured = capturedLog('info');
    const cards = [testCardNumber(501), testCardNumber(502)];

    beforeAll(async () => {
      backend = await backendKind.create();
      sync = await startSyncTestServer(
        backend,
        { metricsToken: METRICS_TOKEN },
        { log: captured.log },
      );
      for (const card of cards) await createCard(sync.server.database, card);
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await sync?.server.close();
      await backend?.remove();
    });

    const scrape = async () => {
      const response = await fetch(`${sync.server.url}/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      return response.text();
    };

    it('logs one JSON line per request with its id, which the caller gets back', async () => {
      const response = await fetch(`${sync.server.url}/healthz`, {
        headers: { 'x-request-id': 'lb-7f3a' },
      });
      expect(response.headers.get('x-request-id')).toBe('lb-7f3a');
      const mine = await fetch(`${sync.server.url}/api/hq/sync-health`, {
        headers: { authorization: `Bearer ${sync.hq}` },
      });
      const id = mine.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const line = captured.lines.find((l) => l['reqId'] === id);
      expect(line).toMatchObject({
        level: 30,
        msg: 'request completed',
        method: 'GET',
        route: '/api/hq/sync-health',
        status: 200,
        service: 'loyalty-sync',
      });
      expect(typeof line?.['time']).toBe('string');
      // Probes log at warn only: an answered /healthz leaves no line.
      expect(captured.lines.some((l) => l['reqId'] === 'lb-7f3a')).toBe(false);
      // Tokens never reach the log.
      expect(JSON.stringify(captured.lines)).not.toContain(sync.hq);
    });

    it('answers /healthz without the database and /readyz once every migration is applied', async () => {
      expect((await sync.server.call('GET', '/healthz')).status).toBe(200);
      const ready = await sync.server.call<{ ok: boolean; migrations: number }>('GET', '/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body.migrations).toBeGreaterThan(8);

      // The newest migration's record gone, as on a database an older server version migrated.
      const { rows } = await sync.server.database.query<{ id: number; name: string; hash: string }>(
        'delete from schema_migrations where id = (select max(id) from schema_migrations) returning id, name, hash',
      );
      const removed = rows[0];
      try {
        const behind = await sync.server.call<{ error: { code: string; message: string } }>(
          'GET',
          '/readyz',
        );
        expect(behind.status).toBe(503);
        expect(behind.body.error.code).toBe('notReady');
        expect(behind.body.error.message).toMatch(/migrations: \d+ of \d+ applied/);
        expect((await sync.server.call('GET', '/healthz')).status).toBe(200);
      } finally {
        await sync.server.database.query(
          'insert into schema_migrations (id, name, hash) values ($1, $2, $3)',
          [removed?.id, removed?.name, removed?.hash],
        );
      }
      expect((await sync.server.call('GET', '/readyz')).status).toBe(200);
    });

    it('shows pushes, the post job, outbox depths and request latency at /metrics', async () => {
      const seq = new DeviceSequence();
      const sales = cards.map((card) => saleFact({ card, lines: [{ net: '4.00' }] }, seq));
      const forged = saleFact(
        { card: cards[0] ?? null, lines: [{ net: '1.00' }], store: 'S2' },
        seq,
      );
      const pushed = await sync.push('S1-R1', [...sales, forged], {
        health: { outboxDepth: 7, distributionVersion: 0 },
      });
      expect(pushed.status).toBe(200);
      await sync.push('S1-R1', sales); // again: duplicates

      const run = await sync.server.call<{ status: string; counts: Record<string, number> }>(
        'POST',
        '/api/jobs/post-offline-earnings/run',
        { token: sync.hq, body: {} },
      );
      expect(run.body).toMatchObject({ status: 'succeeded', counts: { posted: 2 } });

      const metrics = await scrape();
      expect(sample(metrics, 'loyalty_facts_pushed_total{result="accepted"}')).toBe(2);
      expect(sample(metrics, 'loyalty_facts_pushed_total{result="rejected"}')).toBe(1);
      expect(sample(metrics, 'loyalty_facts_pushed_total{result="duplicate"}')).toBe(2);
      expect(sample(metrics, 'loyalty_facts_posted_total{result="posted"}')).toBe(2);
      expect(sample(metrics, 'loyalty_facts_posted_total{result="rejected"}')).toBe(0);
      expect(
        sample(
          metrics,
          'loyalty_job_duration_seconds_count{job="post-offline-earnings",status="succeeded"}',
        ),
      ).toBe(1);
      expect(
        sample(metrics, 'loyalty_job_items_total{job="post-offline-earnings",item="posted"}'),
      ).toBe(2);
      expect(sample(metrics, 'loyalty_register_outbox_depth{store="S1",register="S1-R1"}')).toBe(7);
      expect(
        sample(
          metrics,
          'loyalty_http_request_duration_seconds_count{method="POST",route="/api/sync/push",status="200"}',
        ),
      ).toBe(2);
      // Process figures come along.
      expect(metrics).toContain('loyalty_process_resident_memory_bytes');
    });

    it('lets only the METRICS_TOKEN bearer read /metrics when one is set', async () => {
      expect((await sync.server.call('GET', '/metrics')).status).toBe(401);
      expect((await sync.server.call('GET', '/metrics', { token: 'not-the-token' })).status).toBe(
        401,
      );
      expect((await sync.server.call('GET', '/metrics', { token: sync.hq })).status).toBe(401);
      // The metrics token opens nothing else.
      const elsewhere = await sync.server.call('GET', '/api/hq/sync-health', {
        token: METRICS_TOKEN,
      });
      expect(elsewhere.status).toBe(401);
      await scrape();
    });

    it('logs a job run through a child logger carrying the job and run id', async () => {
      const job = findJob('update-card-tiers');
      if (!job) throw new Error('no update-card-tiers job');
      const record = await runJob(sync.server.context, job, 'test');
      const runLines = captured.lines.filter((l) => l['run'] === record.id);
      expect(runLines.map((l) => l['msg'])).toEqual(['job started', 'job ended']);
      expect(runLines[1]).toMatchObject({ job: 'update-card-tiers', status: 'succeeded' });
    });
  });
}

describe('an unexpected error in a route', () => {
  let backend: TestBackend;
  let database: Database;

  beforeAll(async () => {
    backend = await pgliteBackend();
    database = await backend.open();
  }, PGLITE_CREATE_TIMEOUT);
  afterAll(async () => {
    await database?.close();
    await backend?.remove();
  });

  it('answers 500 without details and is logged at the quiet test level, with its request id', async () => {
    const captured = capturedLog(logLevelFromEnv({ NODE_ENV: 'test' }));
    const context = contextFor({
      database,
      log: captured.log,
      clock: systemClock,
      config: configFromEnv({}),
      events: localBus(),
    });
    const app = await buildApp(context, {
      routes: [
        (scope) => {
          scope.get('/healthz', async () => {
            throw new Error('the disk is on fire');
          });
        },
      ],
    });
    try {
      const answer = await app.inject({ method: 'GET', url: '/healthz' });
      expect(answer.statusCode).toBe(500);
      expect(answer.body).not.toContain('the disk is on fire');
      const id = answer.headers['x-request-id'];
      const line = captured.lines.find((l) => l['reqId'] === id);
      expect(line).toMatchObject({ level: 50, msg: 'answered 500: unexpected error' });
      expect((line?.['err'] as { message?: string }).message).toBe('the disk is on fire');
      // Nothing below error at this level: no request line.
      expect(captured.lines.every((l) => Number(l['level']) >= 50)).toBe(true);
    } finally {
      await app.close();
    }
  });
});

describe('/metrics without a METRICS_TOKEN', () => {
  it('answers only callers on the loopback interface', () => {
    const nobody = { principal: null };
    expect(mayReadMetrics({ ip: '127.0.0.1', ...nobody }, undefined)).toBe(true);
    expect(mayReadMetrics({ ip: '::1', ...nobody }, undefined)).toBe(true);
    expect(mayReadMetrics({ ip: '::ffff:127.0.0.1', ...nobody }, undefined)).toBe(true);
    expect(mayReadMetrics({ ip: '10.0.0.7', ...nobody }, undefined)).toBe(false);
    expect(mayReadMetrics({ ip: '172.18.0.4', ...nobody }, undefined)).toBe(false);
    // With a token set, the loopback interface needs it too.
    expect(mayReadMetrics({ ip: '127.0.0.1', ...nobody }, 'secret')).toBe(false);
  });
});
