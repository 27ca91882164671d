import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardBalances, facts, ledgerEntries } from '../../sync-server/src/db/schema';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import {
  adjustmentFact,
  createCard,
  DeviceSequence,
  saleFact,
  startSyncTestServer,
  testCardNumber,
  type SyncTestServer,
} from './helpers/facts';

/**
 * A push is stored in one transaction (docs/performance.md): its answers must stay those of
 * storing each fact on its own, including repeats inside one push and ids in upper case.
 */
for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`a push stored at once (${backendKind.name})`, () => {
    let backend: TestBackend;
    let sync: SyncTestServer;
    const seq = new DeviceSequence();

    beforeAll(async () => {
      backend = await backendKind.create();
      sync = await startSyncTestServer(backend);
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await sync?.server.close();
      await backend?.remove();
    });

    const db = () => sync.server.database.db;
    const pending = async (card: string) =>
      (await db().select().from(cardBalances).where(eq(cardBalances.cardNumber, card)))[0]
        ?.pending ?? 0;

    it('sums every sale of a card in one push into its pending points', async () => {
      const card = await createCard(sync.server.database, testCardNumber(11));
      const sales = [1, 2, 3].map((n) => saleFact({ card, lines: [{ net: `${n}.00` }] }, seq));
      const result = await sync.push('S1-R1', sales);
      expect(result.body.results.map((r) => r.status)).toEqual([
        'accepted',
        'accepted',
        'accepted',
      ]);
      expect(await pending(card)).toBe(60);
    });

    it('answers a fact repeated in one push accepted once and duplicate after, storing it once', async () => {
      const card = await createCard(sync.server.database, testCardNumber(12));
      const sale = saleFact({ card, lines: [{ net: '4.00' }] }, seq);
      const other = saleFact({ card, lines: [{ net: '1.00' }] }, seq);
      const result = await sync.push('S1-R1', [sale, other, sale]);
      expect(result.body.results).toEqual([
        { id: sale.id, status: 'accepted' },
        { id: other.id, status: 'accepted' },
        { id: sale.id, status: 'duplicate' },
      ]);
      expect(await db().select().from(facts).where(eq(facts.id, sale.id))).toHaveLength(1);
      expect(await pending(card)).toBe(50);
    });

    it('takes an id sent in upper case as the same fact as in lower case', async () => {
      const card = await createCard(sync.server.database, testCardNumber(13));
      const sale = saleFact({ card, lines: [{ net: '2.00' }] }, seq);
      const upper = { ...sale, id: sale.id.toUpperCase() };
      const first = await sync.push('S1-R1', [upper]);
      expect(first.body.results).toEqual([{ id: upper.id, status: 'accepted' }]);
      const entries = await db()
        .select()
        .from(ledgerEntries)
        .where(eq(ledgerEntries.factId, sale.id));
      expect(entries).toHaveLength(1);
      const again = await sync.push('S1-R1', [sale]);
      expect(again.body.results).toEqual([{ id: sale.id, status: 'duplicate' }]);
      expect(await pending(card)).toBe(20);
    });

    it('rejects a fact whose id another register used, and stores the rest of the push', async () => {
      const card = await createCard(sync.server.database, testCardNumber(14));
      const theirs = saleFact({ card, register: 'S1-R2', lines: [{ net: '3.00' }] }, seq);
      expect((await sync.push('S1-R2', [theirs])).body.results[0]?.status).toBe('accepted');
      const mine = { ...saleFact({ card, lines: [{ net: '3.00' }] }, seq), id: theirs.id };
      const good = saleFact({ card, lines: [{ net: '5.00' }] }, seq);
      const result = await sync.push('S1-R1', [mine, good]);
      expect(result.body.results[0]).toMatchObject({
        status: 'rejected',
        reason: expect.stringMatching(/already used by another register/),
      });
      expect(result.body.results[1]).toEqual({ id: good.id, status: 'accepted' });
      expect(await pending(card)).toBe(80);
    });

    it('keeps what a pushed entry reverses only when that entry is in the ledger, and its lots', async () => {
      const card = await createCard(sync.server.database, testCardNumber(15));
      const goodwill = adjustmentFact(card, 40, {}, seq);
      expect((await sync.push('S1-R1', [goodwill])).body.results[0]?.status).toBe('accepted');
      const undo = adjustmentFact(card, -40, {}, seq);
      undo.entry = { ...undo.entry, reverses: goodwill.entry.id, lots: [{ id: 'L1', points: 40 }] };
      const stray = adjustmentFact(card, -1, {}, seq);
      stray.entry = { ...stray.entry, reverses: '00000000-0000-4000-8000-000000000001' };
      const result = await sync.push('S1-R1', [undo, stray]);
      expect(result.body.results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
      const stored = await db()
        .select()
        .from(ledgerEntries)
        .where(eq(ledgerEntries.cardNumber, card))
        .orderBy(ledgerEntries.seq);
      expect(
        stored.map((e) => ({ id: e.id, reverses: e.reverses, lots: e.lots, status: e.status })),
      ).toEqual([
        { id: goodwill.entry.id, reverses: null, lots: [], status: 'pending' },
        {
          id: undo.entry.id,
          reverses: goodwill.entry.id,
          lots: [{ id: 'L1', points: 40 }],
          status: 'pending',
        },
        { id: stray.entry.id, reverses: null, lots: [], status: 'pending' },
      ]);
      expect(await pending(card)).toBe(-1);
    });
  });
}
