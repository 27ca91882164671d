import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../shared/protocol/api';
import { configFromEnv, type ServerConfig } from '../../sync-server/src/config';
import type { Database } from '../../sync-server/src/db/database';
import { LIMITS, limitClassOf, sweepRateLimits } from '../../sync-server/src/http/limits';
import { logLevelFromEnv } from '../../sync-server/src/observability/logger';
import { startServer, type RunningServer } from '../../sync-server/src/server';
import {
  DATABASE_URL,
  PGLITE_CREATE_TIMEOUT,
  pgliteBackend,
  postgresBackend,
  type TestBackend,
} from '../server/helpers/backends';
import { seedBasics } from '../server/helpers/fixtures';

const config = (): ServerConfig => ({
  ...configFromEnv({}),
  port: 0,
  host: '127.0.0.1',
  logLevel: logLevelFromEnv(process.env),
});

/** Sign-in attempts with unknown staff ids: the statuses, in order. */
async function spray(servers: readonly RunningServer[], count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    const server = servers[i % servers.length] as RunningServer;
    const answer = await fetch(`${server.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ staff: `NOBODY${i}`, pin: '0000' }),
    });
    statuses.push(answer.status);
  }
  return statuses;
}

describe('rate limits by route class', () => {
  it('gives every route of the contract a class, and leaves only the probes unlimited', () => {
    const probes = API_ROUTES.filter((r) => limitClassOf(r.method, r.path) === 'probe').map(
      (r) => r.path,
    );
    expect(probes.sort()).toEqual(['/healthz', '/metrics', '/readyz']);
    const money = API_ROUTES.filter((r) => limitClassOf(r.method, r.path) === 'money');
    expect(money.map((r) => r.path)).toContain('/api/sync/push');
    expect(money.map((r) => r.path)).toContain('/api/cards/:number/adjust');
    const secret = API_ROUTES.filter((r) => limitClassOf(r.method, r.path) === 'secret');
    expect(secret.map((r) => r.path).sort()).toEqual([
      '/api/auth/sign-in',
      '/api/registers/enrol',
      '/api/sync/approvals',
    ]);
  });

  describe('on the embedded database', () => {
    let backend: TestBackend;
    let database: Database;
    let server: RunningServer;

    beforeAll(async () => {
      backend = await pgliteBackend();
      database = await backend.open();
      server = await startServer({ config: config(), database });
      await seedBasics(database);
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await server?.close();
      await database?.close();
      await backend?.remove();
    });

    it('limits a standard route per caller, and never the health probe', async () => {
      const statuses = new Map<number, number>();
      const count = LIMITS.standard + 5;
      for (let from = 0; from < count; from += 25) {
        const answers = await Promise.all(
          Array.from({ length: Math.min(25, count - from) }, () =>
            fetch(`${server.url}/api/sync/feed?after=0`).then((r) => r.status),
          ),
        );
        for (const status of answers) statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
      // Without a token the feed answers 401, until the address has used its minute.
      expect(statuses.get(401)).toBe(LIMITS.standard);
      expect(statuses.get(429)).toBe(5);
      const probes = await Promise.all(
        Array.from({ length: 50 }, () => fetch(`${server.url}/healthz`).then((r) => r.status)),
      );
      expect(new Set(probes)).toEqual(new Set([200]));
    }, 180_000);

    it('sweeps counts whose window ended long ago, and keeps running ones', async () => {
      await database.query(
        `insert into rate_limits (key, hits, resets_at) values
           ('sweep|gone', 3, now() - interval '11 minutes'),
           ('sweep|recent', 3, now() - interval '1 minute'),
           ('sweep|running', 3, now() + interval '1 minute')`,
      );
      expect(await sweepRateLimits(database)).toBe(1);
      const left = await database.query<{ key: string }>(
        `select key from rate_limits where key like 'sweep|%' order by key`,
      );
      expect(left.rows.map((r) => r.key)).toEqual(['sweep|recent', 'sweep|running']);
    });
  });

  describe.skipIf(!DATABASE_URL)('on PostgreSQL, with two replicas', () => {
    let backend: TestBackend;
    const databases: Database[] = [];
    const servers: RunningServer[] = [];

    beforeAll(async () => {
      backend = await postgresBackend(DATABASE_URL ?? '');
      for (let i = 0; i < 2; i++) {
        const database = await backend.open();
        databases.push(database);
        servers.push(await startServer({ config: config(), database }));
      }
      await seedBasics(databases[0] as Database);
    }, 60_000);

    afterAll(async () => {
      for (const server of servers) await server.close();
      for (const database of databases) await database.close();
      await backend?.remove();
    });

    it('counts sign-in attempts across the replicas, not per process', async () => {
      const statuses = await spray(servers, LIMITS.secret + 4);
      // Each replica alone would allow LIMITS.secret; together they allow that many, once.
      expect(statuses.filter((s) => s === 401)).toHaveLength(LIMITS.secret);
      expect(statuses.slice(LIMITS.secret)).toEqual([429, 429, 429, 429]);
      const answer = await fetch(`${servers[1]?.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ staff: 'C1', pin: '1111' }),
      });
      expect(answer.status).toBe(429);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('rateLimited');
    }, 120_000);
  });
});
