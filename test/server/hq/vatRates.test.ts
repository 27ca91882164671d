import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedPage } from '../../../shared/protocol/sync';
import { cardBalances, facts, productPrices, products } from '../../../sync-server/src/db/schema';
import type { StoredSale } from '../../../shared/protocol/api/hqWire';
import type { JobRunRecord } from '../../../sync-server/src/jobs/runner';
import { postPendingFacts } from '../../../sync-server/src/posting/postPendingFacts';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from '../helpers/backends';
import {
  createCard,
  DeviceSequence,
  saleFact,
  startSyncTestServer,
  testCardNumber,
  type SyncTestServer,
} from '../helpers/facts';

type ErrorBody = { error: { code: string } };

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`VAT rates per store country (${backendKind.name})`, () => {
    let backend: TestBackend;
    let sync: SyncTestServer;
    const seq = new DeviceSequence();

    const putRates = (country: string, body: unknown, token = sync.hq) =>
      sync.server.call<ErrorBody>('PUT', `/api/hq/vat-rates/${country}`, { token, body });

    beforeAll(async () => {
      backend = await backendKind.create();
      sync = await startSyncTestServer(backend);
      const db = sync.server.database.db;
      await db.insert(products).values([
        { id: 'BREAD', name: 'Bread', barcode: null, category: 'FOOD' },
        { id: 'WINE', name: 'Wine', barcode: null, category: 'DRINK' },
      ]);
      await db.insert(productPrices).values([
        { productId: 'BREAD', currency: 'USD', priceMinor: 545 },
        { productId: 'WINE', currency: 'USD', priceMinor: 1210 },
      ]);
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await sync?.server.close();
      await backend?.remove();
    });

    it('lets head office set a store’s country and address and replace a country’s rates', async () => {
      const store = await sync.server.call<Record<string, unknown>>('GET', '/api/hq/stores/S1', {
        token: sync.hq,
      });
      const updated = await sync.server.call<Record<string, unknown>>('PUT', '/api/hq/stores/S1', {
        token: sync.hq,
        body: { ...store.body, country: 'NL', address: 'Kalverstraat 1, Amsterdam' },
      });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ country: 'NL', address: 'Kalverstraat 1, Amsterdam' });

      const rates = { country: 'NL', rates: [{ category: 'FOOD', rate: 900 }] };
      expect((await putRates('NL', { ...rates, rates: [] })).status).toBe(200);
      expect((await putRates('NL', rates)).status).toBe(200);
      expect(
        (await putRates('BE', { country: 'BE', rates: [{ category: 'FOOD', rate: 600 }] })).status,
      ).toBe(200);
      const listed = await sync.server.call('GET', '/api/hq/vat-rates', { token: sync.hq });
      expect(listed.body).toEqual({
        countries: [
          { country: 'BE', rates: [{ category: 'FOOD', rate: 600 }] },
          { country: 'NL', rates: [{ category: 'FOOD', rate: 900 }] },
        ],
      });
    });

    it('refuses a rate above 100 %, a country that is not the path’s, and a register', async () => {
      const over = await putRates('NL', {
        country: 'NL',
        rates: [{ category: 'FOOD', rate: 10_001 }],
      });
      expect(over.status).toBe(400);
      const other = await putRates('NL', { country: 'BE', rates: [] });
      expect(other.status).toBe(400);
      expect(other.body.error.code).toBe('idMismatch');
      const twice = await putRates('NL', {
        country: 'NL',
        rates: [
          { category: 'FOOD', rate: 900 },
          { category: 'FOOD', rate: 600 },
        ],
      });
      expect(twice.status).toBe(400);
      const byRegister = await putRates(
        'NL',
        { country: 'NL', rates: [] },
        sync.registers['S1-R1'],
      );
      expect(byRegister.status).toBe(401);
    });

    it('sends each product to a store with its category’s rate in the store’s country', async () => {
      const run = await sync.server.call<JobRunRecord>('POST', '/api/jobs/distribution-1050/run', {
        token: sync.hq,
      });
      expect(run.body.status).toBe('succeeded');
      const productsOf = async (register: 'S1-R1' | 'S2-R1') => {
        const page = await sync.server.call('GET', '/api/sync/feed?after=0&limit=1000', {
          token: sync.registers[register],
        });
        const changes = FeedPage.parse(page.body).changes;
        return Object.fromEntries(
          changes.flatMap((c) =>
            c.collection === 'product' && c.data ? [[c.key, c.data.vatRate]] : [],
          ),
        );
      };
      // S1 is in NL: bread (FOOD) at 9 %, wine (DRINK, no rate set) at 0 %; S2 has no country.
      expect(await productsOf('S1-R1')).toEqual({ BREAD: 900, WINE: 0 });
      expect(await productsOf('S2-R1')).toEqual({ BREAD: 0, WINE: 0 });
    });

    it('posts earning on the net amount, and keeps a sale that claims a lower rate without its points', async () => {
      const card = await createCard(sync.server.database, testCardNumber(501));
      // Four loaves at 5.45: 21.80 at 9 % holds 1.80 VAT, and 20.00 net earns 10 STAR per 1.00.
      const bread = { net: '21.80', quantity: 4, category: 'FOOD', product: 'BREAD' };
      const honest = saleFact({ card, lines: [{ ...bread, vatRate: 900 }] }, seq);
      const lower = saleFact({ card, lines: [{ ...bread, vatRate: 0 }] }, seq);
      expect(honest.receipt.entries[0]?.points).toBe(200);
      expect(lower.receipt.entries[0]?.points).toBe(210);
      expect((await sync.push('S1-R1', [honest, lower])).status).toBe(200);
      expect(await postPendingFacts(sync.server.context)).toMatchObject({
        posted: 1,
        loyaltyRejected: 1,
      });
      const db = sync.server.database.db;
      const [kept] = await db.select().from(facts).where(eq(facts.id, lower.id));
      expect(kept).toMatchObject({
        status: 'posted',
        reason: expect.stringMatching(
          /\(VAT 0\) is not a price, category and VAT rate the store was sent/,
        ),
      });
      const [balance] = await db
        .select()
        .from(cardBalances)
        .where(eq(cardBalances.cardNumber, card));
      expect(balance?.posted).toBe(200);

      // Head office's sales show each receipt's number and VAT per rate, found by that number.
      const page = await sync.server.call<{ items: StoredSale[] }>(
        'GET',
        `/api/hq/sales?search=S1-R1-${String(honest.deviceSeq).padStart(6, '0')}`,
        { token: sync.hq },
      );
      expect(page.body.items.map((s) => s.id)).toEqual([honest.id]);
      expect(page.body.items[0]).toMatchObject({
        receiptNumber: `S1-R1-${String(honest.deviceSeq).padStart(6, '0')}`,
        vat: [{ rate: 900, net: '20.00', vat: '1.80', gross: '21.80' }],
      });
    });
  });
}
