import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardNumberFor } from '../../shared/engine/cardNumbers';
import { foldLedger, netBalance } from '../../shared/engine/ledger';
import type { Fact, SaleFact } from '../../shared/protocol/sync';
import { CARD_NUMBER_FORMAT } from '../../sync-server/src/cards/numberSequence';
import { loadRewardPoints } from '../../sync-server/src/ledger/rewardPoints';
import type { Database, Session } from '../../sync-server/src/db/database';
import type { ServerContext } from '../../sync-server/src/context';
import { postPendingFacts } from '../../sync-server/src/posting/postPendingFacts';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import {
  adjustmentFact,
  cardIssuedFact,
  createCard,
  customerFact,
  DeviceSequence,
  returnFact,
  saleFact,
  startSyncTestServer,
  testCardNumber,
  type SyncTestServer,
} from './helpers/facts';
import { TEST_START } from './helpers/server';

/*
 * The post job posts every fact in runs: plain sales planned together from what a run loads, any
 * other fact as a run of one inside it. Where the runs begin and end must not matter: posting the
 * same pushes in runs of one fact each leaves exactly the same database (statuses and reasons,
 * ledger entries, lots, balances, receipts and tiers). And every card's lots and balances are the
 * engine's fold of its posted ledger (shared/engine/ledger.ts foldLedger), whatever the run did.
 */

const CARDS = 4;

type Step =
  | { kind: 'sale'; card: number; cents: number; minutesAgo: number; gold: boolean }
  | { kind: 'anonymous'; cents: number }
  | { kind: 'tampered'; card: number; cents: number }
  | { kind: 'spend'; card: number; points: number; minutesAgo: number }
  | { kind: 'return'; of: number }
  | { kind: 'adjust'; card: number; points: number }
  | { kind: 'blocked'; cents: number }
  /** A sale on a card head office creates after the push: its entries were not stored as pending. */
  | { kind: 'late'; cents: number };

const card = fc.integer({ min: 0, max: CARDS - 1 });
const cents = fc.integer({ min: 1, max: 20_000 });
const minutesAgo = fc.integer({ min: 0, max: 240 });
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('sale' as const),
      card,
      cents,
      minutesAgo,
      gold: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('anonymous' as const), cents }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tampered' as const), card, cents }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('spend' as const),
      card,
      points: fc.integer({ min: 1, max: 900 }),
      minutesAgo,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('return' as const), of: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('adjust' as const),
      card,
      points: fc.integer({ min: -300, max: 300 }).filter((n) => n !== 0),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('blocked' as const), cents }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('late' as const), cents }) },
);

/** Steps that make plain sales only (earnings, no return, no spend): what the lanes take. */
const plainStep: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('sale' as const),
      card,
      cents,
      minutesAgo,
      gold: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('anonymous' as const), cents }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tampered' as const), card, cents }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('blocked' as const), cents }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('late' as const), cents }) },
);

/** The context with a database that counts the transactions open at once (the lanes' runs). */
function countingTransactions(context: ServerContext): {
  context: ServerContext;
  mostAtOnce: () => number;
} {
  let open = 0;
  let most = 0;
  const transaction: Database['transaction'] = async (work) => {
    most = Math.max(most, ++open);
    try {
      return await context.database.transaction(work);
    } finally {
      open--;
    }
  };
  const database = new Proxy(context.database, {
    get: (target, key) => (key === 'transaction' ? transaction : Reflect.get(target, key)),
  });
  return { context: { ...context, database }, mostAtOnce: () => most };
}

/** The context with a database that counts the statements that lock and read a run's cards. */
function countingCardLoads(context: ServerContext): {
  context: ServerContext;
  loads: () => number;
} {
  let loads = 0;
  const counted = (tx: Session): Session => ({
    db: tx.db,
    query: (text, params) => {
      if (text.includes('for update of c')) loads++;
      return tx.query(text, params);
    },
  });
  const transaction: Database['transaction'] = (work) =>
    context.database.transaction((tx) => work(counted(tx)));
  const database = new Proxy(context.database, {
    get: (target, key) => (key === 'transaction' ? transaction : Reflect.get(target, key)),
  });
  return { context: { ...context, database }, loads: () => loads };
}

const amount = (c: number) => (c / 100).toFixed(2);
const at = (minutes: number) => new Date(TEST_START - minutes * 60_000).toISOString();

interface Pushes {
  readonly s1: Fact[];
  readonly s2: Fact[];
}

/** The facts the steps stand for, on the given card numbers (then the blocked one, the late one). */
function factsOf(steps: readonly Step[], numbers: readonly string[]): Pushes {
  const s1 = new DeviceSequence();
  const s2 = new DeviceSequence();
  const pushes: Pushes = { s1: [], s2: [] };
  const sales: SaleFact[] = [];
  const blocked = numbers[CARDS] ?? '';
  const late = numbers[CARDS + 1] ?? '';
  for (const s of steps) {
    const number = 'card' in s ? (numbers[s.card] ?? '') : '';
    if (s.kind === 'sale') {
      const tier = s.gold ? 'GOLD' : 'BASE';
      const sale = saleFact(
        {
          card: number,
          lines: [{ net: amount(s.cents) }, { net: '1.50', quantity: 2 }],
          standing: { tier, affiliations: [] },
          deviceTime: at(s.minutesAgo),
        },
        s1,
      );
      sales.push(sale);
      pushes.s1.push(sale);
    } else if (s.kind === 'anonymous') {
      pushes.s1.push(saleFact({ card: null, lines: [{ net: amount(s.cents) }] }, s1));
    } else if (s.kind === 'tampered') {
      const tamper = (es: SaleFact['receipt']['entries']) =>
        es.map((e) => ({ ...e, points: e.points + 1 }));
      pushes.s1.push(saleFact({ card: number, lines: [{ net: amount(s.cents) }], tamper }, s1));
    } else if (s.kind === 'late') {
      pushes.s1.push(saleFact({ card: late, lines: [{ net: amount(s.cents) }] }, s1));
    } else if (s.kind === 'blocked') {
      pushes.s1.push(saleFact({ card: blocked, lines: [{ net: amount(s.cents) }] }, s1));
    } else if (s.kind === 'spend') {
      const net = amount(s.points + 100);
      const spend = saleFact(
        {
          card: number,
          store: 'S2',
          register: 'S2-R1',
          staff: 'C2',
          lines: [{ id: '1', net, paid: amount(s.points) }],
          spends: [{ points: -s.points }],
          redeemedByLine: { '1': s.points },
          deviceTime: at(s.minutesAgo),
        },
        s2,
      );
      pushes.s2.push(spend);
    } else if (s.kind === 'return') {
      const original = sales[s.of % Math.max(1, sales.length)];
      if (original) pushes.s1.push(returnFact(original, [{ id: '2', quantity: 1 }], {}, s1));
    } else {
      pushes.s1.push(adjustmentFact(number, s.points, {}, s1));
    }
  }
  return pushes;
}

/** Everything posting writes, in a stable order, without columns that only number rows. */
async function postedState(sync: SyncTestServer) {
  const q = async (sql: string) => (await sync.server.database.query(sql)).rows;
  return {
    facts: await q(`select id, status, reason, processed_at from facts order by id`),
    entries: await q(
      `select id, card_number, reward_point_id, kind, points, cropped, status, reason, earned_at,
              vests_at, expires_at, fact_id, lots, reverses from ledger_entries order by id`,
    ),
    lots: await q(`select * from lots order by entry_id`),
    balances: await q(
      `select card_number, reward_point_id, posted, pending from card_balances
        order by card_number, reward_point_id`,
    ),
    sales: await q(`select * from sales order by id`),
    cards: await q(`select number, status, tier_id, tier_valid_until from cards order by number`),
    reviews: await q(`select fact_id, kind, reason, points from fact_reviews order by fact_id`),
  };
}

interface LedgerRow {
  id: string;
  card_number: string;
  reward_point_id: string;
  kind: 'earn';
  points: string | number;
  earned_at: Date | string;
  vests_at: Date | string | null;
  expires_at: Date | string | null;
  lots: { id: string; points: number }[] | null;
  reverses: string | null;
}

const ms = (d: Date | string | null) => (d === null ? null : new Date(d).getTime());

const byCardAndEntry = (
  a: { card: unknown; entry: unknown },
  b: { card: unknown; entry: unknown },
) => (`${String(a.card)} ${String(a.entry)}` < `${String(b.card)} ${String(b.entry)}` ? -1 : 1);

/** Every card's lots and posted balances as the database holds them. */
async function derivedState(sync: SyncTestServer) {
  const q = async (sql: string) => (await sync.server.database.query(sql)).rows;
  const lots = (await q(
    `select entry_id, card_number, reward_point_id, remaining, earned_at, vests_at, expires_at
       from lots order by card_number, entry_id`,
  )) as Record<string, unknown>[];
  const balances = (await q(
    `select card_number, reward_point_id, posted from card_balances
      where posted <> 0 order by card_number, reward_point_id`,
  )) as Record<string, unknown>[];
  return {
    lots: lots
      .map((l) => ({
        card: l['card_number'],
        entry: l['entry_id'],
        rewardPoint: l['reward_point_id'],
        remaining: Number(l['remaining']),
        earnedAt: ms(l['earned_at'] as Date),
        vestsAt: ms(l['vests_at'] as Date | null),
        expiresAt: ms(l['expires_at'] as Date | null),
      }))
      .sort(byCardAndEntry),
    balances: balances.map((b) => ({
      card: b['card_number'],
      rewardPoint: b['reward_point_id'],
      posted: Number(b['posted']),
    })),
  };
}

/** The same, as the engine's fold of each card's posted ledger makes them. */
async function foldedState(
  sync: SyncTestServer,
): Promise<Awaited<ReturnType<typeof derivedState>>> {
  const rewardPoints = await loadRewardPoints(sync.server.database);
  const { rows } = await sync.server.database.query<LedgerRow>(
    `select id, card_number, reward_point_id, kind, points, earned_at, vests_at, expires_at,
              lots, reverses
         from ledger_entries where status = 'posted' order by card_number, seq`,
  );
  const byCard = new Map<string, LedgerRow[]>();
  for (const row of rows)
    byCard.set(row.card_number, [...(byCard.get(row.card_number) ?? []), row]);
  const lots = [];
  const balances = [];
  for (const card of [...byCard.keys()].sort()) {
    const ledger = foldLedger(
      (byCard.get(card) ?? []).map((r) => ({
        id: r.id,
        rewardPoint: r.reward_point_id,
        kind: r.kind,
        points: Number(r.points),
        at: new Date(r.earned_at).getTime(),
        vestsAt: ms(r.vests_at),
        expiresAt: ms(r.expires_at),
        lots: r.lots ?? [],
        reverses: r.reverses,
      })),
      rewardPoints,
    );
    const cardLots = Object.values(ledger)
      .flatMap((rp) => rp.lots)
      .map((lot) => ({
        card,
        entry: lot.id,
        rewardPoint: lot.rewardPoint,
        remaining: lot.remaining,
        earnedAt: lot.earnedAt,
        vestsAt: lot.vestsAt,
        expiresAt: lot.expiresAt,
      }));
    lots.push(...cardLots);
    const net = netBalance(ledger);
    for (const rewardPoint of Object.keys(net).sort()) {
      const posted = net[rewardPoint] ?? 0;
      if (posted !== 0) balances.push({ card, rewardPoint, posted });
    }
  }
  return { lots: lots.sort(byCardAndEntry), balances };
}

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`posting in runs (${backendKind.name})`, () => {
    const backends: TestBackend[] = [];
    let inRuns: SyncTestServer;
    let runsOfOne: SyncTestServer;
    let nextCard = 5_000;

    beforeAll(async () => {
      for (let i = 0; i < 2; i++) backends.push(await backendKind.create());
      inRuns = await startSyncTestServer(backends[0] as TestBackend);
      runsOfOne = await startSyncTestServer(backends[1] as TestBackend);
      for (const sync of [inRuns, runsOfOne])
        // A cap the cards reach, so cropping runs through the in-run balances too.
        await sync.server.database.query(`update reward_points set max_per_card = 4000`);
    }, 2 * PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await inRuns?.server.close();
      await runsOfOne?.server.close();
      for (const backend of backends) await backend.remove();
    });

    it('leaves the same database as runs of one fact each, the lots the fold, for any mix of facts', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(step, { minLength: 10, maxLength: 40 }),
          fc.constantFrom(1, 2, 5, 1000),
          async (steps, batchSize) => {
            const numbers = Array.from({ length: CARDS + 2 }, () => testCardNumber(nextCard++));
            const pushes = factsOf(steps, numbers);
            for (const sync of [inRuns, runsOfOne]) {
              for (const number of numbers.slice(0, CARDS))
                await createCard(sync.server.database, number);
              await createCard(sync.server.database, numbers[CARDS] ?? '', { status: 'blocked' });
              if (pushes.s1.length > 0)
                expect((await sync.push('S1-R1', pushes.s1)).status).toBe(200);
              if (pushes.s2.length > 0)
                expect((await sync.push('S2-R1', pushes.s2)).status).toBe(200);
              await createCard(sync.server.database, numbers[CARDS + 1] ?? '');
            }
            const viaRuns = await postPendingFacts(inRuns.server.context, { batchSize });
            const alone = await postPendingFacts(runsOfOne.server.context, { batchSize: 1 });
            expect(viaRuns.retrying + alone.retrying).toBe(0);
            expect(viaRuns.posted + viaRuns.rejected + viaRuns.loyaltyRejected).toBe(
              pushes.s1.length + pushes.s2.length,
            );
            expect(await postedState(inRuns)).toEqual(await postedState(runsOfOne));
            expect(await derivedState(inRuns)).toEqual(await foldedState(inRuns));
          },
        ),
        { numRuns: 10, seed: 20261123 },
      );
    }, 240_000);

    it('posts batches of plain sales in two lanes at once, leaving the same database', async () => {
      const counted = countingTransactions(inRuns.server.context);
      await fc.assert(
        fc.asyncProperty(fc.array(plainStep, { minLength: 10, maxLength: 40 }), async (steps) => {
          const numbers = Array.from({ length: CARDS + 2 }, () => testCardNumber(nextCard++));
          const pushes = factsOf(steps, numbers);
          for (const sync of [inRuns, runsOfOne]) {
            for (const number of numbers.slice(0, CARDS))
              await createCard(sync.server.database, number);
            await createCard(sync.server.database, numbers[CARDS] ?? '', { status: 'blocked' });
            expect((await sync.push('S1-R1', pushes.s1)).status).toBe(200);
            await createCard(sync.server.database, numbers[CARDS + 1] ?? '');
          }
          const inLanes = await postPendingFacts(counted.context, { batchSize: 1000 });
          const alone = await postPendingFacts(runsOfOne.server.context, { batchSize: 1 });
          expect(inLanes.retrying + alone.retrying).toBe(0);
          expect(inLanes.posted + inLanes.rejected + inLanes.loyaltyRejected).toBe(
            pushes.s1.length,
          );
          expect(await postedState(inRuns)).toEqual(await postedState(runsOfOne));
          expect(await derivedState(inRuns)).toEqual(await foldedState(inRuns));
        }),
        { numRuns: 5, seed: 20261203 },
      );
      // Both lanes' runs were under way together: the lanes ran on this database too.
      expect(counted.mostAtOnce()).toBe(2);
    }, 240_000);

    it('goes on after a run of one with what it moved, on its card and others, and loads afresh after a card or customer is written', async () => {
      const [a, b] = Array.from({ length: 2 }, () => testCardNumber(nextCard++));
      if (!a || !b) throw new Error('two card numbers');
      // A block of card numbers for the register on each server: the same numbers on both.
      const firsts = [];
      for (const sync of [inRuns, runsOfOne]) {
        const block = await sync.server.call<{ first: number }>(
          'POST',
          '/api/sync/card-number-blocks',
          { token: sync.registers['S1-R1'], body: { size: 10 } },
        );
        expect(block.status).toBe(201);
        firsts.push(block.body.first);
      }
      expect(firsts[1]).toBe(firsts[0]);
      const issued = cardNumberFor(CARD_NUMBER_FORMAT, firsts[0] ?? 0);
      const customer = randomUUID();
      // One sequence for both registers: the facts post in the order listed.
      const seq = new DeviceSequence();
      const sale = (number: string, cents: number, minutes: number) =>
        saleFact(
          {
            card: number,
            lines: [{ net: amount(cents) }],
            standing: { tier: 'BASE', affiliations: [] },
            deviceTime: at(minutes),
          },
          seq,
        );
      const spend = (number: string, points: number) =>
        saleFact(
          {
            card: number,
            store: 'S2',
            register: 'S2-R1',
            staff: 'C2',
            lines: [{ id: '1', net: amount(points + 100), paid: amount(points) }],
            spends: [{ points: -points }],
            redeemedByLine: { '1': points },
            deviceTime: at(30),
          },
          seq,
        );
      const pushes: { register: 'S1-R1' | 'S2-R1'; facts: Fact[] }[] = [
        { register: 'S1-R1', facts: [sale(a, 9_000, 120), sale(b, 4_000, 110)] },
        // A run of one on a, then plain sales on a (its sums as the spend left them) and on b.
        { register: 'S2-R1', facts: [spend(a, 50)] },
        {
          register: 'S1-R1',
          facts: [
            sale(a, 3_000, 20),
            sale(b, 2_000, 19),
            adjustmentFact(b, -30, {}, seq),
            sale(b, 1_000, 18),
            // Refused by its checks (no approval): the run goes on as it was.
            adjustmentFact(a, 40, { approval: null }, seq),
            sale(a, 1_500, 17),
            // Rows of their own: a customer, then the card the next sale goes to, issued to them.
            customerFact({ id: customer }, {}, seq),
            sale(b, 700, 16),
            cardIssuedFact(issued, { customer }, seq),
            sale(issued, 2_500, 15),
            sale(a, 500, 14),
          ],
        },
        // An overdraw on b (posted, flagged), then plain sales after it.
        { register: 'S2-R1', facts: [spend(b, 5_000)] },
        { register: 'S1-R1', facts: [sale(b, 800, 5), sale(a, 900, 4)] },
      ];
      const total = pushes.reduce((n, p) => n + p.facts.length, 0);
      for (const sync of [inRuns, runsOfOne]) {
        for (const number of [a, b]) await createCard(sync.server.database, number);
        for (const push of pushes)
          expect((await sync.push(push.register, push.facts)).status).toBe(200);
      }
      const counted = countingCardLoads(inRuns.server.context);
      const viaRuns = await postPendingFacts(counted.context, { batchSize: 1000 });
      const alone = await postPendingFacts(runsOfOne.server.context, { batchSize: 1 });
      expect(viaRuns.retrying + alone.retrying).toBe(0);
      expect(viaRuns.posted + viaRuns.rejected + viaRuns.loyaltyRejected).toBe(total);
      expect(viaRuns.rejected).toBe(1);
      expect(await postedState(inRuns)).toEqual(await postedState(runsOfOne));
      expect(await derivedState(inRuns)).toEqual(await foldedState(inRuns));
      // The plain sales' cards are loaded at the start and after each fact with rows of its own;
      // the runs of one on cards the run holds load none.
      expect(counted.loads()).toBe(3);
    }, 120_000);
  });
}
