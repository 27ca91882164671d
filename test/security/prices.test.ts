import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type SaleFact } from '../../shared/protocol/sync';
import {
  cardBalances,
  distributionVersions,
  facts,
  productPrices,
  products,
  sales,
  tiers,
} from '../../sync-server/src/db/schema';
import { postPendingFacts } from '../../sync-server/src/posting/postPendingFacts';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from '../server/helpers/backends';
import {
  createCard,
  DeviceSequence,
  saleFact,
  startSyncTestServer,
  testCardNumber,
  type SyncTestServer,
} from '../server/helpers/facts';

/*
 * Finding 2 and 8 of the hostile-register probe: a register's token alone must not mint points by
 * pricing a sale its own way. Each tampered sale below is one a real register could never write;
 * the server keeps the sale (the money was taken) and rejects its loyalty part, posting nothing.
 */
for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(
    `a sale's prices, tenders and cashier re-derived by the server (${backendKind.name})`,
    () => {
      let backend: TestBackend;
      let sync: SyncTestServer;
      const seq = new DeviceSequence();

      beforeAll(async () => {
        backend = await backendKind.create();
        sync = await startSyncTestServer(backend);
        const db = sync.server.database.db;
        await db.insert(products).values([
          { id: 'P0001', name: 'Coffee beans', barcode: null, category: 'GENERAL' },
          { id: 'P0002', name: 'Kettle', barcode: null, category: 'GENERAL' },
        ]);
        await db.insert(productPrices).values([
          { productId: 'P0001', currency: 'USD', priceMinor: 969 },
          { productId: 'P0002', currency: 'USD', priceMinor: 1800 },
        ]);
        await distribute();
      }, PGLITE_CREATE_TIMEOUT);

      /** Head office sends the stores what changed (the scheduled 1050 job, run now). */
      async function distribute() {
        const run = await sync.server.call<{ status: string }>(
          'POST',
          '/api/jobs/distribution-1050/run',
          { token: sync.hq, body: {} },
        );
        expect(run.body.status).toBe('succeeded');
      }

      /** The version the store's registers are sent now. */
      async function latestVersion(store: string) {
        const rows = await db()
          .select({ version: distributionVersions.version })
          .from(distributionVersions)
          .where(eq(distributionVersions.storeId, store));
        return Math.max(0, ...rows.map((row) => row.version));
      }

      afterAll(async () => {
        await sync?.server.close();
        await backend?.remove();
      });

      const db = () => sync.server.database.db;
      const posted = async (card: string) =>
        (await db().select().from(cardBalances).where(eq(cardBalances.cardNumber, card)))[0]
          ?.posted ?? 0;
      const outcome = async (fact: SaleFact) => {
        const [row] = await db().select().from(facts).where(eq(facts.id, fact.id));
        const [sale] = await db().select().from(sales).where(eq(sales.id, fact.id));
        return { status: row?.status, reason: row?.reason ?? null, saleKept: sale !== undefined };
      };

      /** Pushes one sale, posts it, and answers what became of it and the card's posted points. */
      async function pushAndPost(fact: SaleFact, register: 'S1-R1' | 'S2-R1' = 'S1-R1') {
        const pushed = await sync.push(register, [fact]);
        expect(pushed.body.results[0]?.status).toBe('accepted');
        await postPendingFacts(sync.server.context);
        return outcome(fact);
      }

      it('posts an honest sale at the catalogue price (the control)', async () => {
        const card = await createCard(sync.server.database, testCardNumber(1701));
        const sale = saleFact({ card, lines: [{ product: 'P0001', net: '9.69' }] }, seq);
        expect(await pushAndPost(sale)).toEqual({ status: 'posted', reason: null, saleKept: true });
        expect(await posted(card)).toBe(90);
      });

      it('keeps a sale at a price of its own but posts none of its points', async () => {
        const card = await createCard(sync.server.database, testCardNumber(1702));
        const sale = saleFact({ card, lines: [{ product: 'P0001', net: '50000.00' }] }, seq);
        const result = await pushAndPost(sale);
        expect(result).toMatchObject({ status: 'posted', saleKept: true });
        expect(result.reason).toMatch(
          /P0001 at 50000.00 .* not a price, category and VAT rate the store was sent/,
        );
        expect(await posted(card)).toBe(0);
      });

      it('rejects the points of a product the store was never sent', async () => {
        const card = await createCard(sync.server.database, testCardNumber(1703));
        const sale = saleFact({ card, lines: [{ product: 'NOPE', net: '10.00' }] }, seq);
        const result = await pushAndPost(sale);
        expect(result.reason).toMatch(/product NOPE was never sent to the store/);
        expect(await posted(card)).toBe(0);
      });

      it('rejects a line paid with points below the scheme price: 18.00 for 1 STAR', async () => {
        const card = await createCard(sync.server.database, testCardNumber(1704));
        const sale = saleFact(
          {
            card,
            lines: [{ product: 'P0002', net: '18.00', paid: '18.00' }],
            spends: [{ points: -1 }],
            redeemedByLine: { '1': 1 },
          },
          seq,
        );
        const result = await pushAndPost(sale);
        expect(result.reason).toMatch(/18.00 paid with points the scheme prices at 1/);
        expect(await posted(card)).toBe(0);
        const reviews = await sync.server.call<{ items: { fact: string; kind: string }[] }>(
          'GET',
          '/api/hq/review',
          { token: sync.hq },
        );
        expect(reviews.body.items).toContainEqual(
          expect.objectContaining({ fact: sale.id, kind: 'loyaltyRejected' }),
        );
      });

      it('rejects the points of a sale whose tenders do not add up to its total', async () => {
        const card = await createCard(sync.server.database, testCardNumber(1705));
        const overpaid = saleFact({ card, lines: [{ product: 'P0002', net: '18.00' }] }, seq);
        overpaid.receipt.tenders = [{ id: crypto.randomUUID(), kind: 'card', amount: '36.00' }];
        expect((await pushAndPost(overpaid)).reason).toMatch(/other than cash pay 3600/);
        const unpaid = saleFact({ card, lines: [{ product: 'P0002', net: '18.00' }] }, seq);
        unpaid.receipt.tenders = [{ id: crypto.randomUUID(), kind: 'cash', amount: '1.00' }];
        expect((await pushAndPost(unpaid)).reason).toMatch(/pay 100 of a total of 1800/);
        const summed = saleFact({ card, lines: [{ product: 'P0002', net: '18.00' }] }, seq);
        summed.receipt.total = '1.00';
        expect((await pushAndPost(summed)).reason).toMatch(/not the sum of the lines/);
        expect(await posted(card)).toBe(0);
      });

      it("rejects the points of a receipt naming another store's cashier or head office", async () => {
        const card = await createCard(sync.server.database, testCardNumber(1706));
        const other = saleFact(
          { card, staff: 'C2', lines: [{ product: 'P0001', net: '9.69' }] },
          seq,
        );
        expect((await pushAndPost(other)).reason).toMatch(/C2 does not work in store S1/);
        const hq = saleFact(
          { card, staff: 'HQ1', lines: [{ product: 'P0001', net: '9.69' }] },
          seq,
        );
        expect((await pushAndPost(hq)).reason).toMatch(/HQ1 is head office staff/);
        expect(await posted(card)).toBe(0);
      });

      it("rejects the points of a tier discount the card's tier does not give", async () => {
        await db()
          .update(tiers)
          .set({ discount: { percent: 10, category: null } })
          .where(eq(tiers.id, 'GOLD'));
        await distribute();
        /** A sale of the kettle (18.00) with a discount of 1.80 on it. */
        const discounted = (card: string, tier: string) => {
          const sale = saleFact(
            {
              card,
              standing: { tier, affiliations: [] },
              lines: [{ product: 'P0002', net: '16.20' }],
            },
            seq,
          );
          const [line] = sale.receipt.lines;
          if (line) Object.assign(line, { unitPrice: '18.00', tierDiscount: '1.80' });
          return sale;
        };
        const gold = await createCard(sync.server.database, testCardNumber(1709), {
          tierId: 'GOLD',
        });
        expect(await pushAndPost(discounted(gold, 'GOLD'))).toEqual({
          status: 'posted',
          reason: null,
          saleKept: true,
        });
        expect(await posted(gold)).toBe(160 + 80);

        const base = await createCard(sync.server.database, testCardNumber(1710));
        const result = await pushAndPost(discounted(base, 'BASE'));
        expect(result).toMatchObject({ status: 'posted', saleKept: true });
        expect(result.reason).toMatch(/line 1: a tier discount of 1.80 .* tier BASE does not give/);
        expect(await posted(base)).toBe(0);
      });

      it('posts a sale at the price of the version the register had, not at one it never had', async () => {
        // The register reports, with nothing left to push, the version it holds; then goes offline.
        const held = await latestVersion('S1');
        const report = await sync.server.call('POST', '/api/sync/health', {
          token: sync.registers['S1-R1'],
          body: {
            protocol: PROTOCOL_VERSION,
            outboxDepth: 0,
            distributionVersion: held,
            sentAt: new Date(sync.server.clock.now()).toISOString(),
          },
        });
        expect(report.status).toBe(200);
        // Head office raises the coffee's price and sends it while the register is offline.
        await db()
          .update(productPrices)
          .set({ priceMinor: 1099 })
          .where(eq(productPrices.productId, 'P0001'));
        await distribute();
        expect(await latestVersion('S1')).toBeGreaterThan(held);
        sync.server.clock.advance(60_000);

        const card = await createCard(sync.server.database, testCardNumber(1707));
        const oldPrice = saleFact({ card, lines: [{ product: 'P0001', net: '9.69' }] }, seq);
        expect(await pushAndPost(oldPrice)).toEqual({
          status: 'posted',
          reason: null,
          saleKept: true,
        });
        const newPrice = saleFact({ card, lines: [{ product: 'P0001', net: '10.99' }] }, seq);
        expect((await pushAndPost(newPrice)).reason).toBeNull();
        expect(await posted(card)).toBe(90 + 100);

        const neither = saleFact({ card, lines: [{ product: 'P0001', net: '10.50' }] }, seq);
        const result = await pushAndPost(neither);
        expect(result).toMatchObject({ status: 'posted', saleKept: true });
        expect(result.reason).toMatch(/P0001 at 10.50 .* not a price/);
        expect(await posted(card)).toBe(190);
      });

      /** The register tells the server, with nothing left to push, the version it holds. */
      async function reportQuietly(register: 'S1-R1' | 'S1-R2', version: number) {
        const report = await sync.server.call('POST', '/api/sync/health', {
          token: sync.registers[register],
          body: {
            protocol: PROTOCOL_VERSION,
            outboxDepth: 0,
            distributionVersion: version,
            sentAt: new Date(sync.server.clock.now()).toISOString(),
          },
        });
        expect(report.status).toBe(200);
      }

      /** A GOLD card's sale of the kettle (18.00) with a tier discount of `off` on it. */
      function goldKettle(card: string, off: string) {
        const net = ((1800 - Math.round(Number(off) * 100)) / 100).toFixed(2);
        const sale = saleFact(
          {
            card,
            standing: { tier: 'GOLD', affiliations: [] },
            lines: [{ product: 'P0002', net }],
          },
          seq,
        );
        const [line] = sale.receipt.lines;
        if (line) Object.assign(line, { unitPrice: '18.00', tierDiscount: off });
        return sale;
      }

      it("checks a tier discount against the tiers the register had, not head office's later edit", async () => {
        await db()
          .update(tiers)
          .set({ discount: { percent: 10, category: null } })
          .where(eq(tiers.id, 'GOLD'));
        await distribute();
        await reportQuietly('S1-R1', await latestVersion('S1'));
        const card = await createCard(sync.server.database, testCardNumber(1711), {
          tierId: 'GOLD',
        });
        // Made while the register held the 10% tier; head office then raises it to 20%, and the
        // register's own sale is posted only after the edit (before it is sent, and after).
        const before = goldKettle(card, '1.80');
        expect((await sync.push('S1-R1', [before])).body.results[0]?.status).toBe('accepted');
        await db()
          .update(tiers)
          .set({ discount: { percent: 20, category: null } })
          .where(eq(tiers.id, 'GOLD'));
        await postPendingFacts(sync.server.context);
        expect(await outcome(before)).toEqual({ status: 'posted', reason: null, saleKept: true });
        await distribute();
        const atTwenty = goldKettle(card, '3.60');
        expect((await pushAndPost(atTwenty)).reason).toBeNull();
        const stillAtTen = goldKettle(card, '1.80');
        expect((await pushAndPost(stillAtTen)).reason).toBeNull();
        // A discount no version the register could hold gave is still its own price.
        const own = goldKettle(card, '5.40');
        expect((await pushAndPost(own)).reason).toMatch(
          /tier discount of 5.40 .* GOLD does not give/,
        );
        expect(await posted(card)).toBe(160 + 80 + (140 + 70) + (160 + 80));
      });

      it('holds a register that never told its version to the latest one sent', async () => {
        const card = await createCard(sync.server.database, testCardNumber(1708));
        const sale = saleFact(
          { card, register: 'S1-R2', lines: [{ product: 'P0001', net: '9.69' }] },
          seq,
        );
        const pushed = await sync.push('S1-R2', [sale]);
        expect(pushed.body.results[0]?.status).toBe('accepted');
        await postPendingFacts(sync.server.context);
        expect((await outcome(sale)).reason).toMatch(/P0001 at 9.69 .* not a price/);
        expect(await posted(card)).toBe(0);
      });
    },
  );
}
