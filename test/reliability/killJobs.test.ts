import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fact } from '../../shared/protocol/sync';
import { migrate } from '../../sync-server/src/db/migrate';
import { cardBalances, facts, ledgerEntries } from '../../sync-server/src/db/schema';
import {
  TEST_FAULT_ENV,
  TEST_FAULT_PAUSED,
  type TestFaultPoint,
} from '../../sync-server/src/testFaults';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from '../server/helpers/backends';
import { PINS, seedBasics } from '../server/helpers/fixtures';
import {
  createCard,
  DeviceSequence,
  engineEarning,
  pushBody,
  saleFact,
  seedScheme,
  testCardNumber,
} from '../server/helpers/facts';
import { startServerProcess, type ServerProcess } from '../server/helpers/process';
import { request } from './helpers/http';

const CARDS = 30;
/** More than one batch of the post job, so the kill after its first commit leaves work to do. */
const SALES = 2_600;
/** Cards only the feed carries: the interrupted 1050 must still send each exactly once. */
const FEED_CARDS = 5_000;

interface RunRecord {
  id: number;
  status: string;
  error: string | null;
  progress: { done: number; total: number | null };
}

async function signIn(server: ServerProcess): Promise<string> {
  const answer = await request<{ token: string }>(`${server.url}/api/auth/sign-in`, 'POST', {
    body: { staff: 'HQ1', pin: PINS.hq },
  });
  return answer.body.token;
}

/**
 * Starts a job over HTTP and kills the process (SIGKILL) where the server, started with a fault
 * armed at `point`, says it paused: after the job committed part of its work, before the rest.
 */
async function killDuring(
  server: ServerProcess,
  job: string,
  point: TestFaultPoint,
): Promise<void> {
  const hq = await signIn(server);
  void request(`${server.url}/api/jobs/${job}/run`, 'POST', { token: hq, body: {} }).catch(
    () => null,
  );
  await server.printed(`${TEST_FAULT_PAUSED} ${point}`);
  await server.kill();
}

/** The schedules off: only the test starts these jobs. */
async function unschedule(server: ServerProcess, jobs: readonly string[]): Promise<void> {
  const hq = await signIn(server);
  for (const job of jobs) {
    const answer = await request(`${server.url}/api/jobs/${job}/schedule`, 'PUT', {
      token: hq,
      body: { cron: '0 0 1 1 *', enabled: false },
    });
    expect(answer.status).toBe(200);
  }
}

async function runsOf(server: ServerProcess, hq: string, job: string): Promise<RunRecord[]> {
  return (await request<RunRecord[]>(`${server.url}/api/jobs/${job}/runs`, 'GET', { token: hq }))
    .body;
}

/** Runs a job and waits for its record to end (a long run answers 202 while it goes on). */
async function runToEnd(server: ServerProcess, job: string): Promise<RunRecord[]> {
  const hq = await signIn(server);
  let run = (
    await request<RunRecord>(`${server.url}/api/jobs/${job}/run`, 'POST', { token: hq, body: {} })
  ).body;
  while (run.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 200));
    run = (await runsOf(server, hq, job)).find((r) => r.id === run.id) ?? run;
  }
  expect(run.status).toBe('succeeded');
  return runsOf(server, hq, job);
}

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`a server killed during its jobs (${backendKind.name})`, () => {
    let backend: TestBackend;
    let server: ServerProcess | undefined;
    const cards = Array.from({ length: CARDS }, (_, i) => testCardNumber(700 + i));

    beforeAll(async () => {
      backend = await backendKind.create();
      const database = await backend.open();
      await migrate(database);
      await seedBasics(database);
      await seedScheme(database);
      for (const card of cards) await createCard(database, card);
      await database.query(
        `insert into cards (number, program_id, tier_id, enrolment_source)
         select '8' || lpad(n::text, 12, '0'), 'MAIN', 'BASE', 'headOffice'
           from generate_series(1, $1::int) n`,
        [FEED_CARDS],
      );
      await database.close();
    }, PGLITE_CREATE_TIMEOUT);

    /** The server's environment with a pause armed at the first arrival at `point`. */
    const faultEnv = (point: TestFaultPoint) => ({
      ...backend.env,
      NODE_ENV: 'test',
      [TEST_FAULT_ENV]: `${point}@1`,
    });

    afterAll(async () => {
      await server?.stop();
      await backend?.remove();
    });

    it('finishes an interrupted post job and 1050 on the next run, posting nothing twice', async () => {
      server = await startServerProcess(faultEnv('post-after-commit'));
      await unschedule(server, ['post-offline-earnings', 'distribution-1050']);
      const hq = await signIn(server);
      const code = await request<{ code: string }>(
        `${server.url}/api/hq/stores/S1/registers/S1-R1/enrolment-code`,
        'POST',
        { token: hq, body: {} },
      );
      const register = (
        await request<{ token: string }>(`${server.url}/api/registers/enrol`, 'POST', {
          body: { code: code.body.code },
        })
      ).body.token;
      const seq = new DeviceSequence();
      const now = new Date().toISOString();
      const backlog: Fact[] = Array.from({ length: SALES }, (_, i) =>
        saleFact(
          {
            card: cards[i % CARDS] ?? null,
            lines: [{ net: `${(i % 9) + 1}.40` }],
            deviceTime: now,
          },
          seq,
        ),
      );
      for (let i = 0; i < SALES; i += 300) {
        const pushed = await request<{ results: { status: string }[] }>(
          `${server.url}/api/sync/push`,
          'POST',
          { token: register, body: pushBody(backlog.slice(i, i + 300)) },
        );
        expect(pushed.body.results.every((r) => r.status === 'accepted')).toBe(true);
      }

      await killDuring(server, 'post-offline-earnings', 'post-after-commit');
      const halfway = await backend.open();
      try {
        const { rows } = await halfway.query<{ status: string; n: number }>(
          `select status, count(*)::int as n from facts group by status`,
        );
        const count = (status: string) => rows.find((r) => r.status === status)?.n ?? 0;
        expect(count('posted')).toBeGreaterThan(0);
        expect(count('pending')).toBeGreaterThan(0);
      } finally {
        await halfway.close();
      }
      server = await startServerProcess(faultEnv('distribution-store-after-commit'));
      const postRuns = await runToEnd(server, 'post-offline-earnings');
      expect(postRuns.some((r) => r.status === 'failed' && /interrupted/.test(r.error ?? ''))).toBe(
        true,
      );

      await killDuring(server, 'distribution-1050', 'distribution-store-after-commit');
      server = await startServerProcess(backend.env);
      const distRuns = await runToEnd(server, 'distribution-1050');
      expect(distRuns.some((r) => r.status === 'failed' && /interrupted/.test(r.error ?? ''))).toBe(
        true,
      );
      const hqAgain = await signIn(server);
      const regCode = await request<{ code: string }>(
        `${server.url}/api/hq/stores/S1/registers/S1-R2/enrolment-code`,
        'POST',
        { token: hqAgain, body: {} },
      );
      const reader = (
        await request<{ token: string }>(`${server.url}/api/registers/enrol`, 'POST', {
          body: { code: regCode.body.code },
        })
      ).body.token;
      const feedCards = new Map<string, number>();
      for (let after = 0; ;) {
        const page = await request<{
          changes: { collection: string; key: string; data: { lots: { remaining: number }[] } }[];
          checkpoint: number;
          hasMore: boolean;
        }>(`${server.url}/api/sync/feed?after=${after}&limit=5000`, 'GET', { token: reader });
        for (const change of page.body.changes)
          if (change.collection === 'card')
            feedCards.set(
              change.key,
              change.data.lots.reduce((n, l) => n + l.remaining, 0),
            );
        after = page.body.checkpoint;
        if (!page.body.hasMore) break;
      }
      await server.stop();
      server = undefined;

      const database = await backend.open();
      try {
        const stored = await database.db.select({ status: facts.status }).from(facts);
        expect(stored).toHaveLength(SALES);
        expect(stored.filter((f) => f.status !== 'posted')).toEqual([]);
        const entries = await database.db.select({ id: ledgerEntries.id }).from(ledgerEntries);
        expect(entries).toHaveLength(SALES);
        expect(feedCards.size).toBe(CARDS + FEED_CARDS);
        for (const card of cards) {
          const truth = backlog
            .filter((f) => f.type === 'sale' && f.receipt.card === card)
            .reduce((sum, f) => {
              if (f.type !== 'sale') return sum;
              const lines = f.receipt.lines.map((l) => ({ net: l.netAmount }));
              return sum + (engineEarning({ card, lines }).earning.earned['STAR'] ?? 0);
            }, 0);
          const [balance] = await database.db
            .select()
            .from(cardBalances)
            .where(eq(cardBalances.cardNumber, card));
          expect([card, balance?.posted]).toEqual([card, truth]);
          expect([card, feedCards.get(card)]).toEqual([card, truth]);
        }
      } finally {
        await database.close();
      }
    }, 300_000);
  });
}
