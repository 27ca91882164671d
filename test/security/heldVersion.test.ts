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

const MINUTE = 60_000;

/*
 * Finding 2 of the hostile-register probe, from the other side: a sale is priced against the
 * catalogue versions its register could have held (posting/catalogue.ts), from the version it
 * reported at its last quiet contact. A tampered register must not claim an old catalogue to have
 * its old prices accepted: the version it reports is never taken below one it reported before,
 * nor below a version the feed sent it in full more than 5 minutes earlier.
 */
for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(
    `the catalogue version a register holds only moves forward (${backendKind.name})`,
    () => {
      let backend: TestBackend;
      let sync: SyncTestServer;
      let oldVersion = 0;
      let newVersion = 0;
      const seq = new DeviceSequence();

      beforeAll(async () => {
        backend = await backendKind.create();
        sync = await startSyncTestServer(backend);
        await db()
          .insert(products)
          .values([{ id: 'P0001', name: 'Coffee beans', barcode: null, category: 'GENERAL' }]);
        await db()
          .insert(productPrices)
          .values([{ productId: 'P0001', currency: 'USD', priceMinor: 969 }]);
        await distribute();
        oldVersion = await latestVersion();
        await db()
          .update(productPrices)
          .set({ priceMinor: 1099 })
          .where(eq(productPrices.productId, 'P0001'));
        await distribute();
        newVersion = await latestVersion();
        expect(newVersion).toBeGreaterThan(oldVersion);
      }, PGLITE_CREATE_TIMEOUT);

      afterAll(async () => {
        await sync?.server.close();
        await backend?.remove();
      });

      const db = () => sync.server.database.db;

      async function distribute() {
        const run = await sync.server.call<{ status: string }>(
          'POST',
          '/api/jobs/distribution-1050/run',
          { token: sync.hq, body: {} },
        );
        expect(run.body.status).toBe('succeeded');
      }

      async function latestVersion() {
        const rows = await db()
          .select({ version: distributionVersions.version })
          .from(distributionVersions)
          .where(eq(distributionVersions.storeId, 'S1'));
        return Math.max(0, ...rows.map((row) => row.version));
      }

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

      /** The register reads its store's feed to the end: it is sent the latest version in full. */
      async function readFeed(register: 'S1-R1' | 'S1-R2') {
        const page = await sync.server.call<{ version: number; hasMore: boolean }>(
          'GET',
          '/api/sync/feed?after=0&limit=5000',
          { token: sync.registers[register] },
        );
        expect(page.status).toBe(200);
        expect(page.body).toMatchObject({ version: newVersion, hasMore: false });
      }

      /** Pushes a sale of the coffee at the old price, posts it, and answers what became of it. */
      async function oldPriceSale(register: 'S1-R1' | 'S1-R2', cardNo: number) {
        const card = await createCard(sync.server.database, testCardNumber(cardNo));
        const sale: SaleFact = saleFact(
          { card, register, lines: [{ product: 'P0001', net: '9.69' }] },
          seq,
        );
        const pushed = await sync.push(register, [sale]);
        expect(pushed.body.results[0]?.status).toBe('accepted');
        await postPendingFacts(sync.server.context);
        const [row] = await db().select().from(facts).where(eq(facts.id, sale.id));
        const [kept] = await db().select().from(sales).where(eq(sales.id, sale.id));
        const [balance] = await db()
          .select()
          .from(cardBalances)
          .where(eq(cardBalances.cardNumber, card));
        return {
          status: row?.status,
          reason: row?.reason ?? null,
          kept: kept !== undefined,
          posted: balance?.posted ?? 0,
        };
      }

      it('never takes a reported version below one the register reported before', async () => {
        await reportQuietly('S1-R1', newVersion);
        sync.server.clock.advance(MINUTE);
        // The same register now claims the old catalogue, to have the old price accepted.
        await reportQuietly('S1-R1', oldVersion);
        sync.server.clock.advance(MINUTE);
        const result = await oldPriceSale('S1-R1', 2301);
        expect(result).toMatchObject({ status: 'posted', kept: true, posted: 0 });
        expect(result.reason).toMatch(/P0001 at 9.69 .* not a price/);
      });

      it('holds a register to a version the feed sent it in full more than 5 minutes earlier', async () => {
        // Just sent the new version: an honest register may not have applied it yet.
        await readFeed('S1-R2');
        sync.server.clock.advance(MINUTE);
        await reportQuietly('S1-R2', oldVersion);
        sync.server.clock.advance(MINUTE);
        expect(await oldPriceSale('S1-R2', 2302)).toMatchObject({
          status: 'posted',
          reason: null,
          kept: true,
          posted: 90,
        });

        // Long after it was sent in full, the register still claims the old catalogue.
        sync.server.clock.advance(6 * MINUTE);
        await reportQuietly('S1-R2', oldVersion);
        sync.server.clock.advance(MINUTE);
        const result = await oldPriceSale('S1-R2', 2303);
        expect(result).toMatchObject({ status: 'posted', kept: true, posted: 0 });
        expect(result.reason).toMatch(/P0001 at 9.69 .* not a price/);
      });
    },
  );
}
