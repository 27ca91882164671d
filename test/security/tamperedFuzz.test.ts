import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type Fact, type SaleFact } from '../../shared/protocol/sync';
import {
  affiliations,
  cardBalances,
  customers,
  distributionVersions,
  facts,
  ledgerEntries,
  productPrices,
  products,
  sales,
} from '../../sync-server/src/db/schema';
import { postPendingFacts } from '../../sync-server/src/posting/postPendingFacts';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from '../server/helpers/backends';
import {
  adjustmentFact,
  createCard,
  customerFact,
  DeviceSequence,
  saleFact,
  startSyncTestServer,
  testCardNumber,
  type SyncTestServer,
} from '../server/helpers/facts';

/*
 * Randomized tampered-but-valid facts: each passes the push schema, but a register of this system
 * could never have written it (a price of its own, tenders that do not pay, a discount its tier
 * does not give, another store's cashier, points past the per-fact maximum, a line id named twice,
 * an adjustment with no manager's approval, a change to an existing customer without one, a
 * device date no register clock shows). Nothing of their loyalty part may be posted (nothing at
 * the date a tampered date claims), no customer is rewritten, and a sale is always kept. A failure
 * prints the seed; FUZZ_RUNS raises the number of runs.
 */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 2);
const SEED = Number(process.env['FUZZ_SEED'] ?? 1516);

/** The coffee beans' catalogue price, as distributed to store S1. */
const PRICE = 969;

const cents = (n: number) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;

type Tampering = (card: string, seq: DeviceSequence, n: number) => Fact;

const TAMPERINGS: Record<string, Tampering> = {
  ownPrice: (card, seq, n) =>
    saleFact({ card, lines: [{ product: 'P0001', net: cents(PRICE + n) }] }, seq),
  unpaidTenders: (card, seq, n) => {
    const sale = saleFact({ card, lines: [{ product: 'P0001', net: cents(PRICE) }] }, seq);
    sale.receipt.tenders = [{ id: crypto.randomUUID(), kind: 'cash', amount: cents(n % PRICE) }];
    return sale;
  },
  overpaidByCard: (card, seq, n) => {
    const sale = saleFact({ card, lines: [{ product: 'P0001', net: cents(PRICE) }] }, seq);
    sale.receipt.tenders = [{ id: crypto.randomUUID(), kind: 'card', amount: cents(PRICE + n) }];
    return sale;
  },
  tierDiscount: (card, seq, n) => {
    const off = 1 + (n % (PRICE - 1));
    const sale = saleFact({ card, lines: [{ product: 'P0001', net: cents(PRICE - off) }] }, seq);
    const [line] = sale.receipt.lines;
    if (line) Object.assign(line, { unitPrice: cents(PRICE), tierDiscount: cents(off) });
    return sale;
  },
  foreignCashier: (card, seq) =>
    saleFact({ card, staff: 'C2', lines: [{ product: 'P0001', net: cents(PRICE) }] }, seq),
  pointsPastMaximum: (card, seq, n) =>
    saleFact(
      {
        card,
        lines: [{ product: 'P0001', net: cents(PRICE) }],
        tamper: (entries) => entries.map((e) => ({ ...e, points: 1_000_000_000 + n })),
      },
      seq,
    ),
  lineIdTwice: (card, seq) =>
    saleFact(
      {
        card,
        lines: [
          { id: 'A', product: 'P0001', net: cents(PRICE) },
          { id: 'A', product: 'P0001', net: cents(PRICE) },
        ],
      },
      seq,
    ),
  unapprovedAdjustment: (card, seq, n) => adjustmentFact(card, 1 + n, { approval: null }, seq),
};

/** What a stored customer looks like before anyone touches it. */
const ORIGINAL = {
  name: 'Ada',
  email: 'ada@example.com',
  phone: '+31 20 555 0100',
  affiliations: [] as string[],
};
/** The same customer as its table stores it: the subscriptions are columns of their own. */
const STORED = {
  ...ORIGINAL,
  notifyBalanceUpdates: false,
  notifyExpiryWarnings: false,
  newsletter: false,
};

type CustomerChange = Partial<Extract<Fact, { type: 'customer' }>['customer']>;

/** Changes to an existing customer's identity or affiliations that need a manager's approval. */
const CUSTOMER_CHANGES: Record<string, (n: number) => CustomerChange> = {
  name: (n) => ({ name: `Mallory ${n}` }),
  email: (n) => ({ email: `m${n}@example.com` }),
  phone: (n) => ({ phone: `+31 6 ${n}` }),
  subscriptions: () => ({
    subscriptions: { balanceUpdates: true, expiryWarnings: true, newsletter: true },
  }),
  visibleAffiliation: () => ({ affiliations: ['STUDENT'] }),
  hiddenAffiliation: () => ({ affiliations: ['EMPLOYEE'] }),
};

const DAY = 86_400_000;
const YEAR_ONE = Date.parse('0001-01-01T00:00:00Z');

/** Device dates no register clock of this system shows for a fact it just made. */
const DATE_TAMPERINGS: Record<string, (now: number, n: number) => number> = {
  backdated: (now, n) => now - (1 + (n % 30)) * DAY,
  future: (now, n) => now + (1 + (n % 365)) * DAY,
  epoch: (_now, n) => n * 1000,
  yearOne: (_now, n) => YEAR_ONE + n * 1000,
};

/** Dates that are no dates: refused at parsing, never read as another day. */
const IMPOSSIBLE_DATES = [
  '2026-02-30T10:00:00Z',
  '2026-04-31T10:00:00Z',
  '2026-13-01T10:00:00Z',
  '2026-03-01T24:00:00Z',
  '2026-03-01T10:61:00Z',
  '2025-02-29T10:00:00Z',
];

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`tampered-but-valid facts (${backendKind.name})`, () => {
    let backend: TestBackend;
    let sync: SyncTestServer;
    const seq = new DeviceSequence();
    let nextCard = 2100;

    beforeAll(async () => {
      backend = await backendKind.create();
      sync = await startSyncTestServer(backend);
      const db = sync.server.database.db;
      await db
        .insert(products)
        .values([{ id: 'P0001', name: 'Coffee beans', barcode: null, category: 'GENERAL' }]);
      await db
        .insert(productPrices)
        .values([{ productId: 'P0001', currency: 'USD', priceMinor: PRICE }]);
      await db.insert(affiliations).values([
        { id: 'STUDENT', name: 'Students', hiddenInStores: false },
        { id: 'EMPLOYEE', name: 'Employees', hiddenInStores: true },
      ]);
      const run = await sync.server.call<{ status: string }>(
        'POST',
        '/api/jobs/distribution-1050/run',
        { token: sync.hq, body: {} },
      );
      expect(run.body.status).toBe('succeeded');
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await sync?.server.close();
      await backend?.remove();
    });

    const db = () => sync.server.database.db;

    /** The latest version distributed to store S1: what its registers hold. */
    async function heldVersion() {
      const rows = await db()
        .select({ version: distributionVersions.version })
        .from(distributionVersions)
        .where(eq(distributionVersions.storeId, 'S1'));
      return Math.max(0, ...rows.map((row) => row.version));
    }

    /** Posted ledger entries of the card and the sum of its balances. */
    async function loyaltyOf(card: string) {
      const posted = await db()
        .select()
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.cardNumber, card), eq(ledgerEntries.status, 'posted')));
      const balances = await db()
        .select()
        .from(cardBalances)
        .where(eq(cardBalances.cardNumber, card));
      return {
        posted: posted.length,
        points: balances.reduce((sum, b) => sum + Math.abs(b.posted) + Math.abs(b.pending), 0),
      };
    }

    it.each(Object.keys(TAMPERINGS))(
      '%s: posts nothing of its loyalty part, keeps a sale',
      async (name) => {
        await fc.assert(
          fc.asyncProperty(fc.integer({ min: 1, max: 50_000 }), async (n) => {
            const card = await createCard(sync.server.database, testCardNumber(nextCard++));
            const fact = TAMPERINGS[name]?.(card, seq, n);
            if (!fact) throw new Error(`no tampering ${name}`);
            const pushed = await sync.push('S1-R1', [fact]);
            expect(pushed.status).toBe(200);
            await postPendingFacts(sync.server.context);
            expect(await loyaltyOf(card)).toEqual({ posted: 0, points: 0 });
            if (fact.type !== 'sale') return;
            const [row] = await db().select().from(facts).where(eq(facts.id, fact.id));
            const [sale] = await db().select().from(sales).where(eq(sales.id, fact.id));
            expect({ tampering: name, status: row?.status, kept: sale !== undefined }).toEqual({
              tampering: name,
              status: 'posted',
              kept: true,
            });
            expect(row?.reason).toBeTruthy();
            expect((sale as { lines: SaleFact['receipt']['lines'] } | undefined)?.lines).toEqual(
              fact.receipt.lines.map((line) => ({ ...line, earned: {}, redeemed: {} })),
            );
          }),
          { numRuns: RUNS, seed: SEED, verbose: true },
        );
      },
      60_000,
    );

    it.each(Object.keys(CUSTOMER_CHANGES))(
      'customer %s changed without approval: the customer is not rewritten, nothing posted',
      async (name) => {
        await fc.assert(
          fc.asyncProperty(fc.integer({ min: 1, max: 50_000 }), async (n) => {
            const id = `CU-T${nextCard}`;
            await db()
              .insert(customers)
              .values({ id, ...STORED });
            const card = await createCard(sync.server.database, testCardNumber(nextCard++), {
              customerId: id,
            });
            const change = CUSTOMER_CHANGES[name]?.(n) ?? {};
            const fact = customerFact({ id, ...ORIGINAL, ...change }, {}, seq);
            const pushed = await sync.push('S1-R1', [fact]);
            expect(pushed.status).toBe(200);
            await postPendingFacts(sync.server.context);
            const [row] = await db().select().from(facts).where(eq(facts.id, fact.id));
            expect({ change: name, status: row?.status }).toEqual({
              change: name,
              status: 'rejected',
            });
            const [stored] = await db().select().from(customers).where(eq(customers.id, id));
            expect(stored).toMatchObject(STORED);
            expect(await loyaltyOf(card)).toEqual({ posted: 0, points: 0 });
          }),
          { numRuns: RUNS, seed: SEED, verbose: true },
        );
      },
      60_000,
    );

    it.each(Object.keys(DATE_TAMPERINGS))(
      'a %s device date: flagged, nothing posted at the date it claims',
      async (name) => {
        // The register was in touch with an empty outbox just now: a fact made since cannot be
        // dated before that contact.
        const quiet = await sync.server.call('POST', '/api/sync/health', {
          token: sync.registers['S1-R2'],
          body: {
            protocol: PROTOCOL_VERSION,
            outboxDepth: 0,
            distributionVersion: await heldVersion(),
            sentAt: new Date(sync.server.clock.now()).toISOString(),
          },
        });
        expect(quiet.status).toBe(200);
        await fc.assert(
          fc.asyncProperty(fc.integer({ min: 1, max: 50_000 }), async (n) => {
            const now = sync.server.clock.now();
            const card = await createCard(sync.server.database, testCardNumber(nextCard++));
            const claimed = DATE_TAMPERINGS[name]?.(now, n) ?? now;
            const fact = saleFact(
              {
                card,
                register: 'S1-R2',
                lines: [{ product: 'P0001', net: cents(PRICE) }],
                deviceTime: new Date(claimed).toISOString(),
              },
              seq,
            );
            const pushed = await sync.push('S1-R2', [fact], {
              sentAt: new Date(now).toISOString(),
            });
            expect(pushed.body.results[0]).toMatchObject({ status: 'accepted', clockSkew: true });
            await postPendingFacts(sync.server.context);
            const [row] = await db().select().from(facts).where(eq(facts.id, fact.id));
            expect(row?.skewFlagged).toBe(true);
            const entries = await db()
              .select()
              .from(ledgerEntries)
              .where(eq(ledgerEntries.factId, fact.id));
            expect(entries.length).toBeGreaterThan(0);
            for (const entry of entries)
              expect({ tampering: name, earnedAt: entry.earnedAt.getTime() }).toEqual({
                tampering: name,
                earnedAt: row?.serverTime.getTime(),
              });
          }),
          { numRuns: RUNS, seed: SEED, verbose: true },
        );
      },
      60_000,
    );

    it('an impossible device date: refused at parsing, nothing stored', async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...IMPOSSIBLE_DATES), async (date) => {
          const card = await createCard(sync.server.database, testCardNumber(nextCard++));
          const fact = saleFact({ card, lines: [{ product: 'P0001', net: cents(PRICE) }] }, seq);
          const pushed = await sync.push('S1-R1', [{ ...fact, deviceTime: date }]);
          expect({ date, status: pushed.status }).toEqual({ date, status: 400 });
          expect(await db().select().from(facts).where(eq(facts.id, fact.id))).toEqual([]);
          expect(await loyaltyOf(card)).toEqual({ posted: 0, points: 0 });
        }),
        { numRuns: Math.max(RUNS, IMPOSSIBLE_DATES.length), seed: SEED, verbose: true },
      );
    });
  });
}
