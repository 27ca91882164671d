import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SaleFact } from '../../../shared/protocol/sync';
import { postPendingFacts } from '../../../sync-server/src/posting/postPendingFacts';
import type { StoredSale } from '../../../shared/protocol/api/hqWire';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from '../helpers/backends';
import {
  createCard,
  DeviceSequence,
  returnFact,
  saleFact,
  startSyncTestServer,
  testCardNumber,
  type SyncTestServer,
} from '../helpers/facts';
import { signIn } from '../helpers/fixtures';
import { TEST_START } from '../helpers/server';

type Page = { items: StoredSale[]; next: string | null };
type ErrorBody = { error: { code: string; message: string } };

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`stored sales for the simulator (${backendKind.name})`, () => {
    let backend: TestBackend;
    let sync: SyncTestServer;
    let card: string;
    const posted: SaleFact[] = [];

    const list = (query: string, token = sync.hq) =>
      sync.server.call<Page>('GET', `/api/hq/sales${query}`, { token });

    beforeAll(async () => {
      backend = await backendKind.create();
      sync = await startSyncTestServer(backend);
      card = await createCard(sync.server.database, testCardNumber(77));
      const other = await createCard(sync.server.database, testCardNumber(78));
      const seq = new DeviceSequence();
      // A minute apart, so newest first is one order.
      const at = (minute: number) => new Date(TEST_START + minute * 60_000).toISOString();
      ['10.00', '25.50', '4.99'].forEach((net, minute) =>
        posted.push(
          saleFact(
            {
              card,
              deviceTime: at(minute),
              lines: [{ net, product: 'P1', category: 'SHOES' }, { net: '1.00' }],
            },
            seq,
          ),
        ),
      );
      posted.push(
        saleFact(
          { card: other, lines: [{ net: '3.00' }], register: 'S1-R2', deviceTime: at(3) },
          new DeviceSequence(),
        ),
      );
      expect((await sync.push('S1-R1', posted.slice(0, 3))).status).toBe(200);
      expect((await sync.push('S1-R2', posted.slice(3))).status).toBe(200);
      expect(await postPendingFacts(sync.server.context)).toMatchObject({ posted: 4, rejected: 0 });
      // A return is kept beside the sales, newest of all, but it is no basket.
      const sold = posted[0];
      if (!sold) throw new Error('no sale');
      const back = returnFact(
        sold,
        [{ id: sold.receipt.lines[0]?.id ?? '', quantity: 1 }],
        { deviceTime: at(9) },
        seq,
      );
      expect((await sync.push('S1-R1', [back])).status).toBe(200);
      expect(await postPendingFacts(sync.server.context)).toMatchObject({ posted: 1, rejected: 0 });
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await sync?.server.close();
      await backend?.remove();
    });

    it('lists sales (not returns) newest first with their lines as the simulator reads them', async () => {
      const page = await list('?limit=10');
      expect(page.status).toBe(200);
      expect(page.body.items.map((s) => s.id)).toEqual(posted.map((s) => s.id).reverse());
      const first = page.body.items.find((s) => s.id === posted[1]?.id);
      expect(first).toMatchObject({
        store: 'S1',
        register: 'S1-R1',
        card,
        currency: 'USD',
        total: '26.50',
      });
      expect(first?.lines[0]).toMatchObject({
        product: 'P1',
        category: 'SHOES',
        quantity: 1,
        netAmount: '25.50',
      });
      expect(first?.lines[0]?.earned['STAR']).toBeGreaterThan(0);
      expect(page.body.next).toBeNull();
    });

    it('pages with a cursor and filters by register and by the start of a card or receipt', async () => {
      const one = await list('?limit=1');
      expect(one.body.items).toHaveLength(1);
      expect(one.body.next).toBeTruthy();
      const two = await list(`?limit=1&before=${encodeURIComponent(one.body.next ?? '')}`);
      expect(two.body.items[0]?.id).toBe(posted[2]?.id);

      const r2 = await list('?register=S1-R2');
      expect(r2.body.items.map((s) => s.id)).toEqual([posted[3]?.id]);
      const byCard = await list(`?search=${card}`);
      expect(byCard.body.items).toHaveLength(3);
      const byReceipt = await list(`?search=${posted[0]?.id.slice(0, 8) ?? ''}`);
      expect(byReceipt.body.items.map((s) => s.id)).toEqual([posted[0]?.id]);
      const wildcard = await list('?search=%25');
      expect(wildcard.body.items).toHaveLength(0);
    });

    it('refuses a cursor it did not give, and anyone but head office', async () => {
      const bad = await sync.server.call<ErrorBody>('GET', '/api/hq/sales?before=yesterday', {
        token: sync.hq,
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('before');
      const manager = await signIn(sync.server, 'manager');
      expect((await list('', manager)).status).toBe(403);
      const anonymous = await sync.server.call('GET', '/api/hq/sales');
      expect(anonymous.status).toBe(401);
    });
  });
}
