import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fact, PushResponse } from '../../shared/protocol/sync';
import { openPostgres } from '../../sync-server/src/db/postgres';
import { cardBalances, facts } from '../../sync-server/src/db/schema';
import { DATABASE_URL, postgresBackend, type TestBackend } from '../server/helpers/backends';
import {
  createCard,
  DeviceSequence,
  engineEarning,
  pushBody,
  saleFact,
  startSyncTestServer,
  testCardNumber,
  type SyncTestServer,
} from '../server/helpers/facts';
import { request, withRetry } from './helpers/http';
import { startTcpProxy, type TcpProxy } from './helpers/tcpProxy';
import { runPostJob } from './truth';

const REGISTERS = ['S1-R1', 'S1-R2', 'S2-R1'] as const;
const STORE = { 'S1-R1': 'S1', 'S1-R2': 'S1', 'S2-R1': 'S2' } as const;
const BATCHES = 12;
const PER_BATCH = 15;
const CARDS = 10;

/**
 * PostgreSQL restarted under load, as the server sees it: a proxy between them drops every
 * connection and refuses new ones for a while, then lets them through again. The machine's own
 * PostgreSQL keeps running (other tests use it). Registers keep pushing and retry what went
 * unanswered; every fact answered stored must be there, and in the end all of them, once.
 */
describe.skipIf(!DATABASE_URL)('PostgreSQL restarted under load', () => {
  let backend: TestBackend;
  let proxy: TcpProxy;
  let sync: SyncTestServer;
  const cards = Array.from({ length: CARDS }, (_, i) => testCardNumber(900 + i));

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
    for (const card of cards) await createCard(sync.server.database, card);
  }, 60_000);

  // The proxy goes first: a connection left half-open by the cuts then fails at once instead of
  // holding the pool's end (and the server's close) until the operating system gives up on it.
  // Once in a while the close still hangs after the cuts (seen in about one run in ten, not yet
  // explained): the test's checks have run by then, so the teardown waits a bounded time.
  afterAll(async () => {
    await proxy?.close();
    const closing = sync?.server.close();
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    await backend?.remove();
  }, 60_000);

  it('reconnects and loses nothing it acknowledged', async () => {
    const made: Fact[] = [];
    const acknowledged = new Set<string>();
    const counters = { retries: 0 };
    const statuses = new Map<number, number>();
    const pushAll = async (register: (typeof REGISTERS)[number]) => {
      const seq = new DeviceSequence();
      for (let b = 0; b < BATCHES; b++) {
        const batch = Array.from({ length: PER_BATCH }, (_, i) =>
          saleFact(
            {
              card: cards[(b * PER_BATCH + i) % CARDS] ?? null,
              lines: [{ net: `${(i % 5) + 1}.10` }],
              store: STORE[register],
              register,
              deviceTime: new Date(sync.server.clock.now()).toISOString(),
            },
            seq,
          ),
        );
        made.push(...batch);
        const answer = await withRetry(
          async () => {
            const sent = await request<PushResponse>(`${sync.server.url}/api/sync/push`, 'POST', {
              token: sync.registers[register],
              body: pushBody(batch),
            });
            statuses.set(sent.status, (statuses.get(sent.status) ?? 0) + 1);
            return sent;
          },
          counters,
          200,
        );
        expect(answer.status).toBe(200);
        for (const result of answer.body.results) {
          expect(result.status).not.toBe('rejected');
          acknowledged.add(result.id);
        }
      }
    };
    const load = Promise.all(REGISTERS.map(pushAll));
    // Two restarts while the pushes run.
    for (let cut = 0; cut < 2; cut++) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      proxy.cut();
      await new Promise((resolve) => setTimeout(resolve, 400));
      proxy.restore();
    }
    await load;
    expect(proxy.stats.cuts).toBe(2);
    // Nothing but answers and refusals-to-retry: never a 500 for a lost database.
    expect([...statuses.keys()].filter((s) => s !== 200 && s !== 503)).toEqual([]);

    await runPostJob(sync, { url: sync.server.url });
    const stored = await sync.server.database.db
      .select({ id: facts.id, status: facts.status })
      .from(facts);
    expect(stored).toHaveLength(made.length);
    expect([...acknowledged].filter((id) => !stored.some((f) => f.id === id))).toEqual([]);
    expect(stored.filter((f) => f.status !== 'posted')).toEqual([]);
    const balances = await sync.server.database.db.select().from(cardBalances);
    for (const card of cards) {
      const truth = made
        .filter((f) => f.type === 'sale' && f.receipt.card === card)
        .reduce((sum, f) => {
          if (f.type !== 'sale') return sum;
          const lines = f.receipt.lines.map((l) => ({ net: l.netAmount }));
          return sum + (engineEarning({ card, lines }).earning.earned['STAR'] ?? 0);
        }, 0);
      expect([card, balances.find((b) => b.cardNumber === card)?.posted]).toEqual([card, truth]);
    }
    const health = await request(`${sync.server.url}/healthz`, 'GET');
    expect(health.status).toBe(200);
  }, 120_000);
});
