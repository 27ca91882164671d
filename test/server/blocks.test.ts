import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardNumberFor, isValidCardNumber } from '../../shared/engine/cardNumbers';
import { nextCardNumber } from '../../sync-server/src/cards/numberSequence';
import { stores } from '../../sync-server/src/db/schema';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import { startSyncTestServer, type SyncTestServer } from './helpers/facts';

interface Block {
  id: string;
  first: number;
  last: number;
  prefix: string;
  sequenceDigits: number;
}

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`card number blocks (${backendKind.name})`, () => {
    let backend: TestBackend;
    let sync: SyncTestServer;

    beforeAll(async () => {
      backend = await backendKind.create();
      sync = await startSyncTestServer(backend);
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await sync?.server.close();
      await backend?.remove();
    });

    const ask = (register: 'S1-R1' | 'S1-R2' | 'S2-R1', body?: unknown) =>
      sync.server.call<Block>('POST', '/api/sync/card-number-blocks', {
        token: sync.registers[register],
        body,
      });
    const list = (register: 'S1-R1' | 'S1-R2' | 'S2-R1') =>
      sync.server.call<{ blocks: Block[] }>('GET', '/api/sync/card-number-blocks', {
        token: sync.registers[register],
      });

    it('hands out blocks of 100 by default, in the server number format', async () => {
      const block = await ask('S1-R1');
      expect(block.status).toBe(201);
      expect(block.body.last - block.body.first + 1).toBe(100);
      expect(block.body).toMatchObject({ prefix: '6001', sequenceDigits: 11 });
      const number = cardNumberFor(block.body, block.body.first);
      expect(isValidCardNumber(number)).toBe(true);
      const sized = await ask('S1-R1', { size: 25 });
      expect(sized.body.last - sized.body.first + 1).toBe(25);
    });

    it('never hands out overlapping blocks, nor a number head office issues', async () => {
      const answers = await Promise.all([
        ask('S1-R1'),
        ask('S1-R2'),
        ask('S2-R1'),
        ask('S1-R2', { size: 7 }),
        ask('S2-R1', { size: 300 }),
      ]);
      expect(answers.every((a) => a.status === 201)).toBe(true);
      const headOffice = await nextCardNumber(sync.server.database);
      const all = [
        ...(await list('S1-R1')).body.blocks,
        ...(await list('S1-R2')).body.blocks,
        ...(await list('S2-R1')).body.blocks,
      ].sort((a, b) => a.first - b.first);
      expect(all).toHaveLength(7);
      for (let i = 1; i < all.length; i++)
        expect(all[i]?.first).toBeGreaterThan(all[i - 1]?.last ?? Infinity);
      const sequence = Number(headOffice.slice(4, -1));
      expect(all.some((b) => b.first <= sequence && sequence <= b.last)).toBe(false);
    });

    it("lists only the register's own blocks", async () => {
      const own = (await list('S1-R2')).body.blocks;
      expect(own).toHaveLength(2);
      const ids = new Set((await list('S1-R1')).body.blocks.map((b) => b.id));
      expect(own.some((b) => ids.has(b.id))).toBe(false);
    });

    it('refuses a store whose profile does not generate card numbers, and a bad size', async () => {
      const [s2] = await sync.server.database.db.select().from(stores).where(eq(stores.id, 'S2'));
      await sync.server.database.db
        .update(stores)
        .set({
          profile: {
            offlineEarning: true,
            offlineRedemption: s2?.profile.offlineRedemption ?? null,
            generateCardNumbers: false,
          },
        })
        .where(eq(stores.id, 'S2'));
      const refused = await ask('S2-R1');
      expect(refused.status).toBe(403);
      const bad = await sync.server.call<{ error: { message: string } }>(
        'POST',
        '/api/sync/card-number-blocks',
        { token: sync.registers['S1-R1'], body: { size: 0 } },
      );
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/size/);
      expect((await sync.server.call('GET', '/api/sync/card-number-blocks')).status).toBe(401);
    });
  });
}
