import { eq, inArray } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fact, PushResponse } from '../../shared/protocol/sync';
import { migrate } from '../../sync-server/src/db/migrate';
import { cardBalances, facts, ledgerEntries } from '../../sync-server/src/db/schema';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import { PINS, seedBasics } from './helpers/fixtures';
import {
  createCard,
  DeviceSequence,
  engineEarning,
  pushBody,
  saleFact,
  seedScheme,
  testCardNumber,
} from './helpers/facts';
import { startServerProcess, type ServerProcess } from './helpers/process';

const CARDS = 20;
const SALES = 480;

async function call<T>(server: ServerProcess, path: string, body: unknown, token?: string) {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/**
 * A register pushes a backlog; the server process is killed (SIGKILL) while it stores the push,
 * restarted, and the register pushes everything again. Each fact must be stored and posted once.
 */
for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`a server killed mid-push (${backendKind.name})`, () => {
    let backend: TestBackend;
    let server: ServerProcess | undefined;
    const cards = Array.from({ length: CARDS }, (_, i) => testCardNumber(500 + i));

    beforeAll(async () => {
      backend = await backendKind.create();
      const database = await backend.open();
      await migrate(database);
      await seedBasics(database);
      await seedScheme(database);
      for (const card of cards) await createCard(database, card);
      await database.close();
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await server?.stop();
      await backend?.remove();
    });

    it('stores and posts every fact exactly once', async () => {
      server = await startServerProcess(backend.env);
      const hq = (
        await call<{ token: string }>(server, '/api/auth/sign-in', { staff: 'HQ1', pin: PINS.hq })
      ).body.token;
      const code = (
        await call<{ code: string }>(
          server,
          '/api/hq/stores/S1/registers/S1-R1/enrolment-code',
          {},
          hq,
        )
      ).body.code;
      const register = (await call<{ token: string }>(server, '/api/registers/enrol', { code }))
        .body.token;

      const seq = new DeviceSequence();
      const now = new Date().toISOString();
      const backlog: Fact[] = Array.from({ length: SALES }, (_, i) =>
        saleFact(
          {
            card: cards[i % CARDS] ?? null,
            lines: [{ net: `${(i % 7) + 1}.25` }],
            deviceTime: now,
          },
          seq,
        ),
      );

      // Some facts arrive whole first; the next push dies with the process part-way through.
      const early = await call<PushResponse>(
        server,
        '/api/sync/push',
        pushBody(backlog.slice(0, 20)),
        register,
      );
      expect(early.body.results.every((r) => r.status === 'accepted')).toBe(true);
      // On PostgreSQL a lock held here makes the push wait inside its transaction, so the kill
      // lands mid-push however fast the server is; the embedded database can only be raced.
      const blocker = backend.env['DATABASE_URL']
        ? new pg.Client({ connectionString: backend.env['DATABASE_URL'] })
        : null;
      if (blocker) {
        await blocker.connect();
        await blocker.query('begin');
        await blocker.query('lock table facts in exclusive mode');
      }
      const interrupted = call<PushResponse>(
        server,
        '/api/sync/push',
        pushBody(backlog),
        register,
      ).catch(() => null);
      await new Promise((resolve) => setTimeout(resolve, blocker ? 500 : 30));
      await server.kill();
      if (blocker) {
        await blocker.query('rollback');
        await blocker.end();
      }
      expect(await interrupted).toBeNull();

      server = await startServerProcess(backend.env);
      const again = await call<PushResponse>(server, '/api/sync/push', pushBody(backlog), register);
      expect(again.status).toBe(200);
      const statuses = again.body.results.map((r) => r.status);
      expect(statuses.filter((s) => s === 'rejected')).toEqual([]);
      expect(statuses.filter((s) => s === 'duplicate').length).toBeGreaterThanOrEqual(20);
      expect(
        statuses.filter((s) => s === 'accepted').length +
          statuses.filter((s) => s === 'duplicate').length,
      ).toBe(SALES);

      const hqAgain = (
        await call<{ token: string }>(server, '/api/auth/sign-in', { staff: 'HQ1', pin: PINS.hq })
      ).body.token;
      const run = await call<{ status: string; counts: Record<string, number> }>(
        server,
        '/api/jobs/post-offline-earnings/run',
        {},
        hqAgain,
      );
      expect(run.body.status).toBe('succeeded');
      // Run it again: nothing more to post.
      await call(server, '/api/jobs/post-offline-earnings/run', {}, hqAgain);
      await server.stop();
      server = undefined;

      const database = await backend.open();
      try {
        const stored = await database.db.select({ id: facts.id, status: facts.status }).from(facts);
        expect(stored).toHaveLength(SALES);
        expect(stored.every((f) => f.status === 'posted')).toBe(true);
        const entries = await database.db
          .select({
            card: ledgerEntries.cardNumber,
            points: ledgerEntries.points,
            status: ledgerEntries.status,
          })
          .from(ledgerEntries)
          .where(inArray(ledgerEntries.cardNumber, cards));
        expect(entries.every((e) => e.status === 'posted')).toBe(true);
        for (const card of cards) {
          const expected = backlog
            .filter((fact) => fact.type === 'sale' && fact.receipt.card === card)
            .reduce((sum, fact) => {
              if (fact.type !== 'sale') return sum;
              const lines = fact.receipt.lines.map((l) => ({ net: l.netAmount }));
              return sum + (engineEarning({ card, lines }).earning.earned['STAR'] ?? 0);
            }, 0);
          const [balance] = await database.db
            .select()
            .from(cardBalances)
            .where(eq(cardBalances.cardNumber, card));
          expect(balance?.posted).toBe(expected);
          expect(entries.filter((e) => e.card === card).reduce((sum, e) => sum + e.points, 0)).toBe(
            expected,
          );
        }
      } finally {
        await database.close();
      }
    }, 180_000);
  });
}
