import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fact, SaleFact } from '../../shared/protocol/sync';
import {
  cardBalances,
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
 * an adjustment with no manager's approval). Nothing of their loyalty part may be posted, and a
 * sale is always kept. A failure prints the seed; FUZZ_RUNS raises the number of runs.
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
  });
}
