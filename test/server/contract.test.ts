import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, API_ROUTES, routeKey } from '../../shared/protocol/api';
import { configFromEnv } from '../../sync-server/src/config';
import { contextFor } from '../../sync-server/src/context';
import type { Database } from '../../sync-server/src/db/database';
import { localBus } from '../../sync-server/src/events/bus';
import { buildApp } from '../../sync-server/src/http/app';
import { allRoutes } from '../../sync-server/src/http/routes';
import { serve } from '../../sync-server/src/http/serve';
import { createLogger } from '../../sync-server/src/observability/logger';
import { systemClock } from '../../sync-server/src/clock';
import { pgliteBackend, PGLITE_CREATE_TIMEOUT, type TestBackend } from './helpers/backends';

/** The API contract (shared/protocol/api) and the routes the server registers are the same set. */
describe('the API contract', () => {
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

  const context = () =>
    contextFor({
      database,
      log: createLogger('silent'),
      clock: systemClock,
      config: configFromEnv({}),
      events: localBus(),
    });

  it('states each route once', () => {
    const keys = API_ROUTES.map((entry) => routeKey(entry.method, entry.path));
    expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
    expect(keys.length).toBeGreaterThan(80);
  });

  it('lists every route the server registers, and the server registers every route it lists', async () => {
    const app = await buildApp(context(), { routes: allRoutes });
    try {
      const served = new Set(
        app.routeTable
          .map((r) => routeKey(r.method, r.url))
          .filter((key) => !key.startsWith('GET /docs')),
      );
      const listed = new Set(API_ROUTES.map((entry) => routeKey(entry.method, entry.path)));
      expect([...served].filter((key) => !listed.has(key))).toEqual([]);
      expect([...listed].filter((key) => !served.has(key))).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('leaves a reply the handler sent itself alone (a page of JSON text, a stream)', async () => {
    const lines: string[] = [];
    const app = await buildApp(
      contextFor({
        database,
        log: createLogger('warn', { write: (line: string) => void lines.push(line) }),
        clock: systemClock,
        config: configFromEnv({}),
        events: localBus(),
      }),
      {
        routes: [
          (scope) =>
            serve(scope, api.ops.liveness, async ({ reply }) =>
              reply.type('application/json').send('{"ok":true,"database":"as text"}'),
            ),
        ],
      },
    );
    try {
      const answer = await app.inject({ method: 'GET', url: '/healthz' });
      expect(answer.json()).toEqual({ ok: true, database: 'as text' });
      expect(lines.filter((line) => /already sent/.test(line))).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('refuses to register a route that is not in the contract', async () => {
    await expect(
      buildApp(context(), {
        routes: [
          (scope) => {
            scope.get('/api/not-in-the-contract', async () => ({}));
          },
        ],
      }),
    ).rejects.toThrow(/GET \/api\/not-in-the-contract is not in the API contract/);
  });
});
