import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type SaleFact } from '../../shared/protocol/sync';
import {
  cardBalances,
  facts,
  ledgerEntries,
  reservationSales,
} from '../../sync-server/src/db/schema';
import { postEntries } from '../../sync-server/src/ledger/post';
import { loadRewardPoints } from '../../sync-server/src/ledger/rewardPoints';
import { postPendingFacts } from '../../sync-server/src/posting/postPendingFacts';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import {
  createCard,
  DeviceSequence,
  saleFact,
  startSyncTestServer,
  testCardNumber,
  type SyncTestServer,
} from './helpers/facts';
import { TEST_START } from './helpers/server';

interface Granted {
  ok: true;
  tender: string;
  covered: string;
  points: Record<string, number>;
  entries: { id: string; points: number; lots: { id: string; points: number }[] }[];
}

/** A tender id that sorts before or after any other: reservations are checked in tender order. */
const tenderId = (first: boolean) =>
  `${first ? '00000000' : 'ffffffff'}-0000-4000-8000-${randomUUID().slice(-12)}`;

/*
 * A run of one undoes what its checks wrote when a later check fails (posting/batch/runOfOne.ts's
 * savepoint). The one write a check makes before it can still fail is a sale's use of an online
 * reservation (recordTenderUse): a sale paying with two reservations takes over the first from a
 * sale set aside as rejected, then finds the second released.
 */
for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`a failed check in a run of one (${backendKind.name})`, () => {
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
    const cardWith = async (n: number, points: number) => {
      const card = await createCard(sync.server.database, testCardNumber(n));
      const rps = await loadRewardPoints(sync.server.database);
      await sync.server.database.transaction((tx) =>
        postEntries(
          tx,
          [
            {
              id: randomUUID(),
              cardNumber: card,
              rewardPointId: 'STAR',
              kind: 'adjust',
              points,
              earnedAt: new Date(TEST_START - 86_400_000),
              origin: 'online',
            },
          ],
          rps,
          new Date(TEST_START),
        ),
      );
      return card;
    };
    const reserve = async (card: string, amount: string, tender: string) => {
      const answer = await sync.server.call<Granted>('POST', '/api/sync/reserve', {
        token: sync.registers['S1-R1'],
        body: {
          protocol: PROTOCOL_VERSION,
          tender,
          card,
          amount,
          lines: [{ id: '1', product: 'P1', category: 'GENERAL', quantity: 1, netAmount: '10.00' }],
        },
      });
      expect(answer.body).toMatchObject({ ok: true, tender });
      return answer.body;
    };
    const release = (tender: string) =>
      sync.server.call('POST', `/api/sync/reserve/${tender}/release`, {
        token: sync.registers['S1-R1'],
      });
    /** A sale of one 10.00 line paid in part with the reservations, cash for the rest. */
    const paidWith = (card: string, granted: readonly Granted[]): SaleFact => {
      const spends = granted.flatMap((g) => g.entries);
      const spent = spends.reduce((sum, e) => sum - e.points, 0);
      const sale = saleFact(
        {
          card,
          offline: false,
          lines: [{ net: '10.00', paid: (spent / 100).toFixed(2) }],
          spends: spends.map((e) => ({ id: e.id, points: e.points, lots: e.lots })),
          redeemedByLine: { '1': spent },
        },
        seq,
      );
      sale.receipt.tenders = [
        ...granted.map((g) => ({
          id: g.tender,
          kind: 'points' as const,
          amount: g.covered,
          points: g.points,
          reservation: 'online' as const,
        })),
        ...sale.receipt.tenders.filter((tender) => tender.kind === 'cash'),
      ];
      return sale;
    };
    const statusOf = async (id: string) => {
      const [row] = await db().select().from(facts).where(eq(facts.id, id));
      return { status: row?.status, reason: row?.reason };
    };
    const posted = async (card: string) =>
      (await db().select().from(cardBalances).where(eq(cardBalances.cardNumber, card)))[0]
        ?.posted ?? 0;

    it("undoes a tender use the checks recorded before the sale's loyalty part was refused", async () => {
      const card = await cardWith(1, 1_000);
      const other = await cardWith(2, 0);
      const kept = await reserve(card, '2.00', tenderId(true));
      const released = await reserve(card, '3.00', tenderId(false));
      expect((await release(released.tender)).status).toBe(200);

      // The first sale paying with `kept` claims it at its push, then is rejected whole.
      const rejected = paidWith(card, [kept]);
      rejected.receipt.currency = 'EUR';
      const refused = paidWith(card, [kept, released]);
      const plain = saleFact({ card: other, lines: [{ net: '4.00' }] }, seq);
      expect((await sync.push('S1-R1', [rejected, refused, plain])).status).toBe(200);

      await postPendingFacts(sync.server.context, { batchSize: 10 });
      expect(await statusOf(rejected.id)).toEqual({
        status: 'rejected',
        reason: expect.stringMatching(/EUR/),
      });
      expect(await statusOf(refused.id)).toEqual({
        status: 'posted',
        reason: expect.stringMatching(new RegExp(`tender ${released.tender} was released`)),
      });
      // The rest of the run posted.
      expect(await statusOf(plain.id)).toEqual({ status: 'posted', reason: null });
      expect(await posted(other)).toBe(40);

      // Nothing of the refused sale's checks stays: `kept` is still the rejected sale's.
      const uses = await db()
        .select()
        .from(reservationSales)
        .where(inArray(reservationSales.tenderId, [kept.tender, released.tender]));
      expect(uses.map((u) => [u.tenderId, u.saleFactId])).toEqual([[kept.tender, rejected.id]]);
      const entries = await db()
        .select()
        .from(ledgerEntries)
        .where(eq(ledgerEntries.factId, refused.id));
      expect(entries.length).toBeGreaterThan(0);
      expect(entries.every((e) => e.status === 'rejected')).toBe(true);
      expect(await posted(card)).toBe(1_000 - 200);
      // So no sale paid with it, and the register may release it.
      expect((await release(kept.tender)).status).toBe(200);
      expect(await posted(card)).toBe(1_000);
    });
  });
}
