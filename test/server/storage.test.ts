import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../sync-server/src/db/database';
import { databaseErrorCode, describeError } from '../../sync-server/src/db/errors';
import { migrate } from '../../sync-server/src/db/migrate';
import {
  cards,
  customers,
  ledgerEntries,
  lots,
  programs,
  registers,
  rewardPoints,
  schemes,
  stores,
} from '../../sync-server/src/db/schema';
import { TEST_BACKENDS, PGLITE_CREATE_TIMEOUT, type TestBackend } from './helpers/backends';

/** Beyond 32 bits, well inside 53: bigint columns must carry it exactly. */
const MANY_POINTS = 5_000_000_123;

for (const { name, skip, create } of TEST_BACKENDS) {
  describe.skipIf(skip)(`storage on ${name}`, { timeout: 30_000 }, () => {
    let backend: TestBackend;
    let database: Database;

    beforeAll(async () => {
      backend = await create();
      database = await backend.open();
      await migrate(database);
      await seedMasterData(database);
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await database?.close();
      await backend?.remove();
    });

    it('round-trips a card and its ledger entry through drizzle with exact integers', async () => {
      const { db } = database;
      const entryId = randomUUID();
      const earnedAt = new Date('2026-03-01T10:00:00.000Z');
      await db.insert(customers).values({ id: 'C1', name: 'Ada', affiliations: ['VETERAN'] });
      await db.insert(cards).values({
        number: '1000000017',
        customerId: 'C1',
        programId: 'P1',
        enrolmentSource: 'register',
        enrolmentStoreId: 'S1',
        enrolmentRegisterId: 'R1',
      });
      await db.insert(ledgerEntries).values({
        id: entryId,
        cardNumber: '1000000017',
        rewardPointId: 'STAR',
        kind: 'earn',
        points: MANY_POINTS,
        storeId: 'S1',
        registerId: 'R1',
        schemeId: 'SCH',
        schemeVersion: 1,
        ruleIds: ['E1'],
        earnedAt,
        origin: 'offline',
        status: 'posted',
        lots: [{ id: 'L0', points: 3 }],
      });

      const [row] = await db
        .select({ card: cards, entry: ledgerEntries })
        .from(ledgerEntries)
        .innerJoin(cards, eq(cards.number, ledgerEntries.cardNumber))
        .where(and(eq(ledgerEntries.id, entryId), eq(cards.status, 'active')));
      expect(row?.entry.points).toBe(MANY_POINTS);
      expect(row?.entry.earnedAt).toEqual(earnedAt);
      expect(row?.entry.ruleIds).toEqual(['E1']);
      expect(row?.entry.lots).toEqual([{ id: 'L0', points: 3 }]);
      expect(row?.entry.seq).toBeTypeOf('number');
      expect(row?.entry.cropped).toBe(0);
      expect(row?.card.customerId).toBe('C1');
      expect(row?.card.issuedAt).toBeInstanceOf(Date);

      const [balance] = await db
        .select({ total: sql<number>`sum(${ledgerEntries.points})::bigint`.mapWith(Number) })
        .from(ledgerEntries)
        .where(eq(ledgerEntries.cardNumber, '1000000017'));
      expect(balance?.total).toBe(MANY_POINTS);
    });

    it('reads bigint in raw queries as numbers and refuses integers a JS number would round', async () => {
      const counted = await database.query<{ n: number; big: number }>(
        'select count(*) as n, $1::bigint as big from cards',
        [MANY_POINTS],
      );
      expect(counted.rows).toEqual([{ n: 1, big: MANY_POINTS }]);
      expect(await failure(database.query('select 9007199254740993::bigint as too_big'))).toMatch(
        /must be a safe integer/,
      );
      await expect(
        database.db.insert(lots).values({
          entryId: randomUUID(),
          cardNumber: '1000000017',
          rewardPointId: 'STAR',
          remaining: 1.5,
          earnedAt: new Date(),
        }),
      ).rejects.toThrow(/safe integer/);
    });

    it('takes arrays as parameters for bulk statements', async () => {
      const numbers = ['2000000015', '2000000023', '2000000031'];
      const inserted = await database.query(
        `insert into cards (number, program_id, enrolment_source)
         select number, 'P1', 'headOffice' from unnest($1::text[]) as number`,
        [numbers],
      );
      expect(inserted.rowCount).toBe(3);
      const found = await database.db
        .select({ number: cards.number })
        .from(cards)
        .where(eq(cards.enrolmentSource, 'headOffice'))
        .orderBy(cards.number);
      expect(found.map((card) => card.number)).toEqual(numbers);
    });

    it('commits a transaction as a whole or not at all', async () => {
      const failing = database.transaction(async (tx) => {
        await tx.db.insert(customers).values({ id: 'C-rolled-back' });
        const seen = await tx.query('select id from customers where id = $1', ['C-rolled-back']);
        expect(seen.rowCount).toBe(1);
        throw new Error('give up');
      });
      await expect(failing).rejects.toThrow('give up');
      expect(
        (await database.query(`select 1 from customers where id = 'C-rolled-back'`)).rows,
      ).toEqual([]);

      await database.transaction(async (tx) => {
        await tx.db.insert(customers).values({ id: 'C-committed' });
      });
      expect(
        (await database.query(`select 1 from customers where id = 'C-committed'`)).rowCount,
      ).toBe(1);
    });

    it('keeps the ledger append-only: no deletes, no changes once settled', async () => {
      const pendingId = randomUUID();
      await database.db.insert(ledgerEntries).values({
        id: pendingId,
        cardNumber: '1000000017',
        rewardPointId: 'STAR',
        kind: 'earn',
        points: 40,
        earnedAt: new Date(),
        origin: 'offline',
        status: 'pending',
      });
      // Settling a pending entry is allowed: the cap cropped 10 of its 40 points.
      await database.db
        .update(ledgerEntries)
        .set({ status: 'posted', points: 30, cropped: 10 })
        .where(eq(ledgerEntries.id, pendingId));

      const change = database.db
        .update(ledgerEntries)
        .set({ points: 1 })
        .where(eq(ledgerEntries.id, pendingId));
      expect(await failure(change)).toMatch(/is posted: a settled entry cannot change/);
      const removal = database.db.delete(ledgerEntries).where(eq(ledgerEntries.id, pendingId));
      expect(await failure(removal)).toMatch(/ledger_entries is append-only/);
      const [entry] = await database.db
        .select({ points: ledgerEntries.points, cropped: ledgerEntries.cropped })
        .from(ledgerEntries)
        .where(eq(ledgerEntries.id, pendingId));
      expect(entry).toEqual({ points: 30, cropped: 10 });
    });

    it('refuses values outside a column’s allowed set', async () => {
      const lost = database.query(
        `insert into cards (number, program_id, enrolment_source, status) values ('X', 'P1', 'api', 'lost')`,
      );
      expect(await failure(lost)).toMatch(/cards_status_check/);
      expect(databaseErrorCode(await lost.catch((error: unknown) => error))).toBe('23514');
    });

    it('caps the embedded database’s WAL', async () => {
      if (database.native.kind !== 'pglite') return;
      const setting = await database.query<{ max_wal_size: string }>('show max_wal_size');
      expect(setting.rows[0]?.max_wal_size).toBe('64MB');
    });
  });
}

async function seedMasterData(database: Database): Promise<void> {
  const { db } = database;
  await db.insert(programs).values({ id: 'P1', name: 'Program' });
  await db.insert(rewardPoints).values({
    id: 'STAR',
    name: 'Stars',
    type: 'quantity',
    redeemable: true,
    redeemRanking: 1,
    expiry: { value: 1, unit: 'year' },
  });
  await db.insert(stores).values({
    id: 'S1',
    name: 'Main street',
    currency: 'USD',
    timeZone: 'America/New_York',
    programId: 'P1',
    profile: { generateCardNumbers: true, offlineEarning: true, offlineRedemption: null },
  });
  await db.insert(registers).values({ id: 'R1', storeId: 'S1', name: 'Till 1' });
  await db.insert(schemes).values({
    id: 'SCH',
    version: 1,
    programId: 'P1',
    status: 'active',
    stores: ['S1'],
    earning: [
      {
        id: 'E1',
        tier: null,
        affiliation: null,
        activity: 'salesAmount',
        filter: null,
        per: '1.00',
        rewardPoint: 'STAR',
        points: 10,
      },
    ],
    redemption: [],
  });
}

/** The whole message of a rejection, PostgreSQL's reason included (drizzle keeps it as the cause). */
async function failure(promise: PromiseLike<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return describeError(error);
  }
  throw new Error('expected a failure');
}
