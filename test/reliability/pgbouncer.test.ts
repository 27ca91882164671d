import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncEvent } from '../../shared/protocol/sync';
import { configFromEnv } from '../../sync-server/src/config';
import { databaseConfigOf, openDatabase } from '../../sync-server/src/db/open';
import { cardBalances, facts } from '../../sync-server/src/db/schema';
import { distributionJob } from '../../sync-server/src/jobs/distribution';
import { postOfflineEarningsJob } from '../../sync-server/src/jobs/postOfflineEarnings';
import { runJob } from '../../sync-server/src/jobs/runner';
import { DATABASE_URL, postgresBackend, type TestBackend } from '../server/helpers/backends';
import {
  createCard,
  DeviceSequence,
  engineEarning,
  saleFact,
  startSyncTestServer,
  testCardNumber,
  type SyncTestServer,
} from '../server/helpers/facts';
import { startPgBouncer, type PgBouncer } from './helpers/pgbouncer';

const run = promisify(execFile);

/**
 * The production layout of compose.yaml: the API's statements through PgBouncer in transaction
 * pooling mode (DATABASE_URL), the sessions a pooler cannot keep straight to PostgreSQL
 * (DATABASE_DIRECT_URL): the event bus's LISTEN, the jobs' advisory locks and the distribution's
 * temporary tables.
 */
describe.skipIf(!DATABASE_URL)('behind PgBouncer in transaction mode', () => {
  let backend: TestBackend;
  let bouncer: PgBouncer;
  let sync: SyncTestServer;
  const events: SyncEvent[] = [];

  beforeAll(async () => {
    backend = await postgresBackend(DATABASE_URL ?? '');
    const direct = backend.env['DATABASE_URL'] ?? '';
    bouncer = await startPgBouncer(direct);
    const config = configFromEnv({ DATABASE_URL: bouncer.url, DATABASE_DIRECT_URL: direct });
    sync = await startSyncTestServer({
      ...backend,
      open: () => openDatabase(databaseConfigOf(config)),
    });
    sync.server.context.events.subscribe((event) => events.push(event));
  }, 60_000);

  afterAll(async () => {
    await sync?.server.close();
    await bouncer?.stop();
    await backend?.remove();
  });

  it('opens the pooled URL for statements and the direct URL for sessions', () => {
    const { native, description } = sync.server.database;
    expect(native.kind).toBe('postgres');
    if (native.kind !== 'postgres') return;
    expect(native.sessionPool).not.toBe(native.pool);
    expect(native.pool.options.connectionString).toBe(bouncer.url);
    expect(description).toMatch(/\(sessions direct to 127\.0\.0\.1:5432\/test_server_\w+\)$/);
  });

  it('stores a pushed sale, hears it over LISTEN, and the post job posts it', async () => {
    const card = testCardNumber(1);
    await createCard(sync.server.database, card);
    const lines = [{ net: '12.50' }];
    const sale = saleFact({ card, lines }, new DeviceSequence());
    const pushed = await sync.push('S1-R1', [sale]);
    expect(pushed.status).toBe(200);

    const run = await runJob(sync.server.context, postOfflineEarningsJob, 'manual');
    expect(run).toMatchObject({ status: 'succeeded', counts: { posted: 1, rejected: 0 } });
    const [stored] = await sync.server.database.db
      .select()
      .from(facts)
      .where(eq(facts.id, sale.id));
    expect(stored?.status).toBe('posted');
    const [balance] = await sync.server.database.db
      .select()
      .from(cardBalances)
      .where(eq(cardBalances.cardNumber, card));
    const earned = engineEarning({ card, lines }).earning.earned['STAR'];
    expect(earned).toBeGreaterThan(0);
    expect(balance).toMatchObject({ posted: earned, pending: 0 });
    // Published with NOTIFY through PgBouncer, heard on the direct LISTEN connection.
    await expect
      .poll(
        () =>
          events.some(
            (event) => event.type === 'fact' && event.id === sale.id && event.status === 'posted',
          ),
        { timeout: 20_000 },
      )
      .toBe(true);
  }, 60_000);

  it('runs the distribution, whose temporary tables live across transactions of one session', async () => {
    const run = await runJob(sync.server.context, distributionJob, 'manual');
    expect(run.error).toBeNull();
    expect(run.status).toBe('succeeded');
  }, 60_000);

  it("runs with the shipped settings, and answers the image's health check (pg_isready)", async () => {
    expect(bouncer.ini).toMatch(/^pool_mode = transaction$/m);
    const ready = await run('pg_isready', ['-h', '127.0.0.1', '-p', String(bouncer.port)]);
    expect(ready.stdout).toMatch(/accepting connections/);
  });

  it('sent the API statements through PgBouncer', async () => {
    const admin = new pg.Client({ connectionString: bouncer.adminUrl });
    await admin.connect();
    try {
      const stats = await admin.query<{ database: string; total_xact_count: string }>('SHOW STATS');
      const ours = stats.rows.find(
        (row) => row.database === new URL(bouncer.url).pathname.slice(1),
      );
      expect(Number(ours?.total_xact_count ?? 0)).toBeGreaterThan(10);
    } finally {
      await admin.end();
    }
  });
});

describe('DATABASE_DIRECT_URL', () => {
  it('is read beside DATABASE_URL, and refused without it', () => {
    const both = {
      DATABASE_URL: 'postgres://a@pooler/db',
      DATABASE_DIRECT_URL: 'postgres://a@pg/db',
    };
    expect(databaseConfigOf(configFromEnv(both))).toMatchObject({
      databaseUrl: 'postgres://a@pooler/db',
      directUrl: 'postgres://a@pg/db',
    });
    expect(configFromEnv({ DATABASE_URL: 'postgres://a@pg/db' }).databaseDirectUrl).toBeUndefined();
    expect(() => configFromEnv({ DATABASE_DIRECT_URL: 'postgres://a@pg/db' })).toThrow(
      /DATABASE_DIRECT_URL is set but DATABASE_URL is not/,
    );
  });
});
