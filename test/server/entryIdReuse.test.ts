import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SaleFact } from '../../shared/protocol/sync';
import { cardBalances, facts, ledgerEntries, sales } from '../../sync-server/src/db/schema';
import { postPendingFacts } from '../../sync-server/src/posting/postPendingFacts';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import {
  createCard,
  DeviceSequence,
  returnFact,
  saleFact,
  startSyncTestServer,
  testCardNumber,
  type SyncTestServer,
} from './helpers/facts';

const lines = [{ net: '50.00' }];

/**
 * A register (or a stolen register token) names on its sale's receipt the id of an entry another
 * fact already stored. The entry stays the other fact's; the sale naming it is kept without its
 * loyalty part, with the reason. Before, such a sale settled or failed on the other fact's entry
 * and was retried until set aside.
 */
for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`an entry id of another fact (${backendKind.name})`, () => {
    let backend: TestBackend;
    let sync: SyncTestServer;
    const seq = new DeviceSequence();
    let nextCard = 700;

    beforeAll(async () => {
      backend = await backendKind.create();
      sync = await startSyncTestServer(backend);
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await sync?.server.close();
      await backend?.remove();
    });

    const db = () => sync.server.database.db;
    const newCard = () => createCard(sync.server.database, testCardNumber(nextCard++));
    const balance = async (card: string) => {
      const [row] = await db().select().from(cardBalances).where(eq(cardBalances.cardNumber, card));
      return { posted: row?.posted ?? 0, pending: row?.pending ?? 0 };
    };
    const post = () => postPendingFacts(sync.server.context, { batchSize: 10 });
    const push = async (fact: SaleFact) =>
      expect((await sync.push('S1-R1', [fact])).status).toBe(200);

    /** The first sale and its first entry's id, which the second sale names. */
    async function first() {
      const card = await newCard();
      const sale = saleFact({ card, lines }, seq);
      const [entry] = sale.receipt.entries;
      if (!entry) throw new Error('the sale earns');
      await push(sale);
      return { card, sale, entry };
    }

    async function expectKeptWithout(
      sale: SaleFact,
      card: string,
      reason = /already another fact's/,
    ) {
      const [row] = await db().select().from(facts).where(eq(facts.id, sale.id));
      expect(row?.status).toBe('posted');
      expect(row?.reason).toMatch(reason);
      expect(await db().select().from(sales).where(eq(sales.id, sale.id))).toHaveLength(1);
      expect(await balance(card)).toEqual({ posted: 0, pending: 0 });
    }

    async function expectUntouched(owner: Awaited<ReturnType<typeof first>>) {
      const [entry] = await db()
        .select()
        .from(ledgerEntries)
        .where(eq(ledgerEntries.id, owner.entry.id));
      expect(entry).toMatchObject({
        cardNumber: owner.card,
        factId: owner.sale.id,
        status: 'posted',
        points: owner.entry.points,
      });
      expect(await balance(owner.card)).toEqual({ posted: owner.entry.points, pending: 0 });
    }

    it('in the same run: the owner posts, the sale naming its entry is kept without points', async () => {
      const owner = await first();
      const card = await newCard();
      const copy = saleFact(
        { card, lines, tamper: (earns) => earns.map((e) => ({ ...e, id: owner.entry.id })) },
        seq,
      );
      await push(copy);
      expect(await post()).toMatchObject({ posted: 1, loyaltyRejected: 1, retrying: 0 });
      await expectUntouched(owner);
      await expectKeptWithout(copy, card);
    });

    it('in a later run, the entry read from the ledger', async () => {
      const owner = await first();
      await post();
      const card = await newCard();
      const copy = saleFact(
        { card, lines, tamper: (earns) => earns.map((e) => ({ ...e, id: owner.entry.id })) },
        seq,
      );
      await push(copy);
      expect(await post()).toMatchObject({ posted: 0, loyaltyRejected: 1, retrying: 0 });
      await expectUntouched(owner);
      await expectKeptWithout(copy, card);
    });

    it('a sale with points spent offline (a run of one) naming it for its spend', async () => {
      const owner = await first();
      await post();
      const card = await newCard();
      const copy = saleFact(
        { card, lines, spends: [{ id: owner.entry.id, points: -10 }], redeemedByLine: { '1': 10 } },
        seq,
      );
      await push(copy);
      expect(await post()).toMatchObject({ posted: 0, loyaltyRejected: 1, retrying: 0 });
      await expectUntouched(owner);
      // Its spend's own check answers first: an id already in the ledger is taken for a reservation's.
      await expectKeptWithout(copy, card, /does not match the points reserved online/);
    });
    it('a return (a run of one) naming it for the points it takes back', async () => {
      const owner = await first();
      const bought = await first();
      await post();
      const back = returnFact(
        bought.sale,
        [{ id: '1', quantity: 1 }],
        { tamper: (entries) => entries.map((e) => ({ ...e, id: owner.entry.id })) },
        seq,
      );
      await push(back);
      expect(await post()).toMatchObject({ posted: 0, loyaltyRejected: 1, retrying: 0 });
      await expectUntouched(owner);
      await expectUntouched(bought);
      const [row] = await db().select().from(facts).where(eq(facts.id, back.id));
      expect(row).toMatchObject({
        status: 'posted',
        reason: expect.stringMatching(/already another fact's/),
      });
    });
  });
}
