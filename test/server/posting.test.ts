import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../sync-server/src/db/database';
import { migrate } from '../../sync-server/src/db/migrate';
import {
  cardBalances,
  cards,
  ledgerEntries,
  lots,
  rewardPoints,
} from '../../sync-server/src/db/schema';
import { rebuildCards } from '../../sync-server/src/ledger/fold';
import { postEntries, type EntryToPost } from '../../sync-server/src/ledger/post';
import { loadRewardPoints } from '../../sync-server/src/ledger/rewardPoints';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import { seedBasics } from './helpers/fixtures';

const at = new Date('2026-03-01T10:00:00Z');

function entry(card: string, points: number, overrides: Partial<EntryToPost> = {}): EntryToPost {
  return {
    id: randomUUID(),
    cardNumber: card,
    rewardPointId: 'STAR',
    kind: points > 0 ? 'earn' : 'redeem',
    points,
    earnedAt: at,
    origin: 'online',
    ...overrides,
  };
}

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`posting ledger entries (${backendKind.name})`, () => {
    let backend: TestBackend;
    let database: Database;

    beforeAll(async () => {
      backend = await backendKind.create();
      database = await backend.open();
      await migrate(database);
      await seedBasics(database);
      await database.db.insert(rewardPoints).values({
        id: 'CAPPED',
        name: 'Capped',
        type: 'quantity',
        redeemable: true,
        redeemRanking: 2,
        maxPerCard: 100,
      });
      for (const number of ['1000000001', '1000000002', '1000000003']) {
        await database.db
          .insert(cards)
          .values({ number, programId: 'MAIN', enrolmentSource: 'headOffice' });
      }
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await database?.close();
      await backend?.remove();
    });

    const balance = async (card: string, rp = 'STAR') =>
      (await database.db.select().from(cardBalances).where(eq(cardBalances.cardNumber, card))).find(
        (b) => b.rewardPointId === rp,
      )?.posted;

    it('posts, keeps lots and balances as the fold, and answers a replay as duplicate', async () => {
      const rps = await loadRewardPoints(database);
      const earn = entry('1000000001', 300);
      const first = await database.transaction((tx) =>
        postEntries(tx, [earn, entry('1000000001', -120)], rps, at),
      );
      expect(first.map((o) => o.status)).toEqual(['posted', 'posted']);
      expect(await balance('1000000001')).toBe(180);
      const [lot] = await database.db.select().from(lots).where(eq(lots.cardNumber, '1000000001'));
      expect(lot).toMatchObject({
        entryId: earn.id,
        remaining: 180,
        expiresAt: new Date('2027-03-01T10:00:00Z'),
      });

      const replay = await database.transaction((tx) => postEntries(tx, [earn], rps, at));
      expect(replay[0]?.status).toBe('duplicate');
      expect(await balance('1000000001')).toBe(180);
    });

    it('crops an increase to the cap and records what was cropped', async () => {
      const rps = await loadRewardPoints(database);
      const [a, b] = await database.transaction((tx) =>
        postEntries(
          tx,
          [
            entry('1000000002', 80, { rewardPointId: 'CAPPED' }),
            entry('1000000002', 50, { rewardPointId: 'CAPPED' }),
          ],
          rps,
          at,
        ),
      );
      expect([a?.points, b?.points, b?.cropped]).toEqual([80, 20, 30]);
      expect(await balance('1000000002', 'CAPPED')).toBe(100);
    });

    it('settles a pending entry once, and rebuilding from the ledger gives the same lots', async () => {
      const rps = await loadRewardPoints(database);
      const pending = entry('1000000003', 70, { origin: 'offline' });
      await database.db.insert(ledgerEntries).values({
        id: pending.id,
        cardNumber: pending.cardNumber,
        rewardPointId: 'STAR',
        kind: 'earn',
        points: 70,
        earnedAt: at,
        origin: 'offline',
        status: 'pending',
      });
      await database.transaction((tx) => rebuildCards(tx, ['1000000003'], rps));
      const [before] = await database.db
        .select()
        .from(cardBalances)
        .where(eq(cardBalances.cardNumber, '1000000003'));
      expect(before).toMatchObject({ posted: 0, pending: 70 });

      const settled = await database.transaction((tx) =>
        postEntries(tx, [pending, pending], rps, at),
      );
      expect(settled.map((o) => o.status)).toEqual(['posted', 'duplicate']);
      expect(await balance('1000000003')).toBe(70);
      const lotsBefore = await database.db
        .select()
        .from(lots)
        .where(eq(lots.cardNumber, '1000000003'));
      await database.transaction((tx) => rebuildCards(tx, ['1000000003'], rps));
      expect(
        await database.db.select().from(lots).where(eq(lots.cardNumber, '1000000003')),
      ).toEqual(lotsBefore);
      const [after] = await database.db
        .select()
        .from(cardBalances)
        .where(eq(cardBalances.cardNumber, '1000000003'));
      expect(after).toMatchObject({ posted: 70, pending: 0 });
    });

    it('vests only earned points; a refund is usable at once; a given expiry is kept', async () => {
      await database.db.insert(rewardPoints).values({
        id: 'VEST',
        name: 'Vesting',
        type: 'quantity',
        redeemable: true,
        redeemRanking: 3,
        vesting: { value: 30, unit: 'day' },
        expiry: { value: 1, unit: 'year' },
      });
      const rps = await loadRewardPoints(database);
      const earn = entry('1000000003', 10, { rewardPointId: 'VEST' });
      const refund = entry('1000000003', 20, { rewardPointId: 'VEST', kind: 'refundRedeem' });
      const moved = entry('1000000003', 30, {
        rewardPointId: 'VEST',
        kind: 'transferIn',
        expiresAt: new Date('2026-05-01T00:00:00Z'),
      });
      await database.transaction((tx) => postEntries(tx, [earn, refund, moved], rps, at));
      const byId = new Map(
        (await database.db.select().from(lots).where(eq(lots.cardNumber, '1000000003'))).map(
          (l) => [l.entryId, l],
        ),
      );
      expect(byId.get(earn.id)).toMatchObject({
        vestsAt: new Date('2026-03-31T10:00:00Z'),
        expiresAt: new Date('2027-03-01T10:00:00Z'),
      });
      expect(byId.get(refund.id)).toMatchObject({
        vestsAt: null,
        expiresAt: new Date('2027-03-01T10:00:00Z'),
      });
      expect(byId.get(moved.id)).toMatchObject({
        vestsAt: null,
        expiresAt: new Date('2026-05-01T00:00:00Z'),
      });
    });

    it('refuses an unknown card and writes nothing', async () => {
      const rps = await loadRewardPoints(database);
      await expect(
        database.transaction((tx) => postEntries(tx, [entry('9999999999', 10)], rps, at)),
      ).rejects.toThrow(/does not exist/);
    });
  });
}
