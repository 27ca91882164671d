import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedPage } from '../../shared/protocol/sync';
import { productPrices, products } from '../../sync-server/src/db/schema';
import type { JobRunRecord } from '../../sync-server/src/jobs/runner';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import { enrol, seedBasics, signIn } from './helpers/fixtures';
import { startTestServer, type TestServer } from './helpers/server';

interface QuickKeysBody {
  store: string;
  keys: { product: string; name: string }[];
}
interface ErrorBody {
  error?: { code: string; details?: unknown };
}

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`a store's quick keys (${backendKind.name})`, () => {
    let backend: TestBackend;
    let server: TestServer;
    let hq: string;
    let cashier: string;
    let register: string;

    const putKeys = (keys: unknown, token = hq, store = 'S1') =>
      server.call<QuickKeysBody & ErrorBody>('PUT', `/api/hq/stores/${store}/quick-keys`, {
        token,
        body: { keys },
      });

    const distribute = async () => {
      const run = await server.call<JobRunRecord>('POST', '/api/jobs/distribution-1050/run', {
        token: hq,
      });
      expect(run.body.status).toBe('succeeded');
    };

    /** The store item the register last received in its feed after `after`. */
    async function storeInFeed(after: number) {
      const page = await server.call<FeedPage>('GET', `/api/sync/feed?after=${after}&limit=1000`, {
        token: register,
      });
      expect(page.status).toBe(200);
      const feed = FeedPage.parse(page.body);
      const stores = feed.changes.filter((change) => change.collection === 'store');
      return { store: stores.at(-1)?.data ?? null, checkpoint: feed.checkpoint };
    }

    beforeAll(async () => {
      backend = await backendKind.create();
      server = await startTestServer(backend);
      await seedBasics(server.database);
      const db = server.database.db;
      await db.insert(products).values([
        { id: 'P1', name: 'Shoe', barcode: '12345678', category: 'SHOES' },
        { id: 'P2', name: 'Sock', barcode: null, category: 'SOCKS' },
        { id: 'P3', name: 'Cap', barcode: null, category: 'HATS' },
        { id: 'EURO', name: 'Euro only', barcode: null, category: 'HATS' },
      ]);
      await db.insert(productPrices).values([
        { productId: 'P1', currency: 'USD', priceMinor: 1299 },
        { productId: 'P2', currency: 'USD', priceMinor: 500 },
        { productId: 'P3', currency: 'USD', priceMinor: 1500 },
        { productId: 'EURO', currency: 'EUR', priceMinor: 100 },
      ]);
      hq = await signIn(server, 'hq');
      cashier = await signIn(server, 'cashier');
      register = await enrol(server, hq, 'S1', 'S1-R1');
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await server?.close();
      await backend?.remove();
    });

    it('has none until head office sets them', async () => {
      const read = await server.call<QuickKeysBody>('GET', '/api/hq/stores/S1/quick-keys', {
        token: hq,
      });
      expect(read).toEqual({ status: 200, body: { store: 'S1', keys: [] } });
    });

    it('keeps the products in the order head office put them, with their names', async () => {
      const written = await putKeys(['P3', 'P1']);
      expect(written.status).toBe(200);
      expect(written.body.keys).toEqual([
        { product: 'P3', name: 'Cap' },
        { product: 'P1', name: 'Shoe' },
      ]);
      const read = await server.call<QuickKeysBody>('GET', '/api/hq/stores/S1/quick-keys', {
        token: hq,
      });
      expect(read.body.keys.map((key) => key.product)).toEqual(['P3', 'P1']);
      const other = await server.call<QuickKeysBody>('GET', '/api/hq/stores/S2/quick-keys', {
        token: hq,
      });
      expect(other.body.keys).toEqual([]);
    });

    it('refuses unknown, unpriced and repeated products and changes nothing', async () => {
      const unknown = await putKeys(['P1', 'NOPE']);
      expect(unknown.status).toBe(400);
      expect(unknown.body.error?.code).toBe('unknownReference');
      const unpriced = await putKeys(['EURO']);
      expect(unpriced.status).toBe(400);
      expect(unpriced.body.error).toMatchObject({
        code: 'productNotPriced',
        details: { currency: 'USD', products: 'EURO' },
      });
      const twice = await putKeys(['P1', 'P1']);
      expect(twice.status).toBe(400);
      expect(twice.body.error?.code).toBe('invalidRequest');
      const tooMany = await putKeys(Array.from({ length: 25 }, (_, i) => `X${i}`));
      expect(tooMany.status).toBe(400);
      const read = await server.call<QuickKeysBody>('GET', '/api/hq/stores/S1/quick-keys', {
        token: hq,
      });
      expect(read.body.keys.map((key) => key.product)).toEqual(['P3', 'P1']);
    });

    it('answers 404 for a store that does not exist', async () => {
      expect((await putKeys(['P1'], hq, 'NOSTORE')).status).toBe(404);
    });

    it('is for head office only', async () => {
      expect((await putKeys(['P2'], cashier)).status).toBe(403);
      // A register's token alone signs no member of staff in.
      const read = await server.call('GET', '/api/hq/stores/S1/quick-keys', { token: register });
      expect(read.status).toBe(401);
    });

    it('reaches the store’s registers with the next 1050 distribution, and each change again', async () => {
      await distribute();
      const first = await storeInFeed(0);
      expect(first.store).toMatchObject({ id: 'S1', quickKeys: ['P3', 'P1'] });

      expect((await putKeys(['P2', 'P3', 'P1'])).status).toBe(200);
      const before = await storeInFeed(first.checkpoint);
      expect(before.store).toBeNull();
      await distribute();
      const second = await storeInFeed(first.checkpoint);
      expect(second.store).toMatchObject({ id: 'S1', quickKeys: ['P2', 'P3', 'P1'] });

      expect((await putKeys([])).status).toBe(200);
      await distribute();
      const cleared = await storeInFeed(second.checkpoint);
      expect(cleared.store).toMatchObject({ id: 'S1', quickKeys: [] });
    });
  });
}
