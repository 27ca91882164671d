import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fact, PushResponse } from '../../shared/protocol/sync';
import { migrate } from '../../sync-server/src/db/migrate';
import { cardBalances, facts, ledgerEntries } from '../../sync-server/src/db/schema';
import {
  PGLITE_CREATE_TIMEOUT,
  pgliteBackend,
  TEST_BACKENDS,
  type TestBackend,
} from './helpers/backends';
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
import {
  TEST_FAULT_ENV,
  TEST_FAULT_PAUSED,
  testFaultFromEnv,
  type TestFaultPoint,
} from '../../sync-server/src/testFaults';

const CARDS = 20;
const SALES = 480;

const ids = (list: readonly Fact[]) => list.map((fact) => fact.id).sort();

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
 *
 * The kills land at fault-injection points of the server (sync-server/src/testFaults.ts), not on
 * a timer: once inside the push's transaction before COMMIT (none of the push may be stored), once
 * after COMMIT before the answer (all of it must be, and the register, never answered, pushes
 * everything again).
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

    /** The server's environment with a fault armed at the n-th arrival at `point`. */
    const faultEnv = (point: TestFaultPoint, arrival: number) => ({
      ...backend.env,
      NODE_ENV: 'test',
      [TEST_FAULT_ENV]: `${point}@${arrival}`,
    });

    /** Pushes `backlog`, kills the server once it has paused at `point`: no answer comes. */
    async function pushAndKillAt(
      running: ServerProcess,
      point: TestFaultPoint,
      backlog: Fact[],
      register: string,
    ) {
      const interrupted = call<PushResponse>(
        running,
        '/api/sync/push',
        pushBody(backlog),
        register,
      ).catch(() => null);
      await running.printed(`${TEST_FAULT_PAUSED} ${point}`);
      await running.kill();
      expect(await interrupted).toBeNull();
    }

    /** The ids of the stored facts, read with the server down. */
    async function storedIds(): Promise<string[]> {
      const database = await backend.open();
      try {
        const rows = await database.db.select({ id: facts.id }).from(facts);
        return rows.map((row) => row.id).sort();
      } finally {
        await database.close();
      }
    }

    it('stores and posts every fact exactly once', async () => {
      server = await startServerProcess(faultEnv('push-before-commit', 2));
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

      // Some facts arrive whole first (the first push to reach the fault point, so not paused).
      const early = await call<PushResponse>(
        server,
        '/api/sync/push',
        pushBody(backlog.slice(0, 20)),
        register,
      );
      expect(early.body.results.every((r) => r.status === 'accepted')).toBe(true);

      // Killed inside the transaction: none of the backlog is stored, the early facts still are.
      await pushAndKillAt(server, 'push-before-commit', backlog, register);
      expect(await storedIds()).toEqual(ids(backlog.slice(0, 20)));

      // Killed after the commit, before the answer: all of it is stored.
      server = await startServerProcess(faultEnv('push-after-commit', 1));
      await pushAndKillAt(server, 'push-after-commit', backlog, register);
      expect(await storedIds()).toEqual(ids(backlog));

      // The register heard no answer either time, and pushes everything again: stored already.
      server = await startServerProcess(backend.env);
      const again = await call<PushResponse>(server, '/api/sync/push', pushBody(backlog), register);
      expect(again.status).toBe(200);
      expect(again.body.results.map((r) => r.status)).toEqual(backlog.map(() => 'duplicate'));

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

describe('the fault-injection point', () => {
  it('is off unless asked, and asked only with NODE_ENV=test', () => {
    expect(testFaultFromEnv({ NODE_ENV: 'test' })).toBeNull();
    expect(testFaultFromEnv({ NODE_ENV: 'test', [TEST_FAULT_ENV]: 'push-after-commit@3' })).toEqual(
      { point: 'push-after-commit', arrival: 3 },
    );
    for (const NODE_ENV of ['production', 'development', undefined])
      expect(() =>
        testFaultFromEnv({ NODE_ENV, [TEST_FAULT_ENV]: 'push-before-commit@1' }),
      ).toThrow(/for tests only/);
    for (const wrong of ['push-before-commit', 'push-before-commit@0', 'nowhere@1'])
      expect(() => testFaultFromEnv({ NODE_ENV: 'test', [TEST_FAULT_ENV]: wrong })).toThrow(
        /must be <point>@<n>/,
      );
  });

  it('stops a server outside tests from starting at all', async () => {
    const backend = await pgliteBackend();
    try {
      await expect(
        startServerProcess({
          ...backend.env,
          NODE_ENV: 'production',
          [TEST_FAULT_ENV]: 'push-before-commit@1',
        }),
      ).rejects.toThrow(/exited \(1\) before it listened[\s\S]*fault injection is for tests only/);
    } finally {
      await backend.remove();
    }
  }, 60_000);
});
