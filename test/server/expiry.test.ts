import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeriod, DAY_MS, subtractPeriod } from '../../shared/units/time';
import {
  cardBalances,
  cards,
  ledgerEntries,
  lots,
  rewardPoints,
} from '../../sync-server/src/db/schema';
import { expiryEntryId } from '../../sync-server/src/expiry/lotKeys';
import { expirePointsJob } from '../../sync-server/src/jobs/expirePoints';
import type { JobRun } from '../../sync-server/src/jobs/job';
import { postEntries } from '../../sync-server/src/ledger/post';
import { loadRewardPoints } from '../../sync-server/src/ledger/rewardPoints';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import { seedBasics } from './helpers/fixtures';
import { startTestServer, TEST_START, type TestServer } from './helpers/server';

const months = (n: number) => ({ value: n, unit: 'month' }) as const;

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`expire points (${backendKind.name})`, () => {
    let backend: TestBackend;
    let server: TestServer;

    const runJob = async () => {
      const counts: Record<string, number> = {};
      const run: JobRun = {
        context: server.context,
        runId: 1,
        log: server.context.log,
        progress: async () => undefined,
        count: (name, by = 1) => {
          counts[name] = (counts[name] ?? 0) + by;
        },
      };
      await expirePointsJob.run(run);
      return counts;
    };

    const earn = async (card: string, rewardPointId: string, points: number, at: number) => {
      const id = randomUUID();
      const rps = await loadRewardPoints(server.database);
      await server.database.transaction((tx) =>
        postEntries(
          tx,
          [
            {
              id,
              cardNumber: card,
              rewardPointId,
              kind: 'earn',
              points,
              earnedAt: new Date(at),
              origin: 'online',
            },
          ],
          rps,
          new Date(at),
        ),
      );
      return id;
    };

    const balance = async (card: string, rp: string) =>
      (
        await server.database.db
          .select({ posted: cardBalances.posted })
          .from(cardBalances)
          .where(and(eq(cardBalances.cardNumber, card), eq(cardBalances.rewardPointId, rp)))
      )[0]?.posted;

    const expireEntries = async (card: string) =>
      server.database.db
        .select()
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.cardNumber, card), eq(ledgerEntries.kind, 'expire')));

    beforeAll(async () => {
      backend = await backendKind.create();
      server = await startTestServer(backend);
      await seedBasics(server.database);
      await server.database.db.insert(rewardPoints).values({
        id: 'DYN',
        name: 'Dynamic',
        type: 'quantity',
        redeemable: true,
        redeemRanking: 2,
        expiry: months(12),
        expiryCalculation: 'dynamic',
      });
      for (const number of ['8000000001', '8000000002'])
        await server.database.db
          .insert(cards)
          .values({ number, programId: 'MAIN', enrolmentSource: 'headOffice' });
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await server?.close();
      await backend?.remove();
    });

    it('posts one expire entry per lot past its date, and a rerun posts nothing', async () => {
      // STAR expires a year after it is earned (static).
      const old = await earn('8000000001', 'STAR', 500, subtractPeriod(TEST_START, months(13)));
      await earn('8000000001', 'STAR', 300, TEST_START - 60_000);
      const rps = await loadRewardPoints(server.database);
      // Part of the old lot was spent, recorded against it: only the rest expires.
      await server.database.transaction((tx) =>
        postEntries(
          tx,
          [
            {
              id: randomUUID(),
              cardNumber: '8000000001',
              rewardPointId: 'STAR',
              kind: 'redeem',
              points: -120,
              earnedAt: new Date(subtractPeriod(TEST_START, months(13)) + 10 * DAY_MS),
              origin: 'online',
              lots: [{ id: old, points: 120 }],
            },
          ],
          rps,
          new Date(TEST_START),
        ),
      );
      expect(await balance('8000000001', 'STAR')).toBe(680);

      const first = await runJob();
      expect(first).toMatchObject({ lotsExpired: 1, pointsExpired: 380 });
      const entries = await expireEntries('8000000001');
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        id: expiryEntryId(old),
        points: -380,
        lots: [{ id: old, points: 380 }],
      });
      expect(await balance('8000000001', 'STAR')).toBe(300);

      const second = await runJob();
      expect(second).toMatchObject({ lotsExpired: 0, pointsExpired: 0 });
      expect(await expireEntries('8000000001')).toHaveLength(1);
      expect(await balance('8000000001', 'STAR')).toBe(300);
    });

    it('re-dates the lots of a dynamic reward point when its period changes', async () => {
      const older = await earn('8000000002', 'DYN', 400, subtractPeriod(TEST_START, months(8)));
      const newer = await earn('8000000002', 'DYN', 250, subtractPeriod(TEST_START, months(1)));
      await runJob();
      expect(await balance('8000000002', 'DYN')).toBe(650);

      await server.database.db
        .update(rewardPoints)
        .set({ expiry: months(6) })
        .where(eq(rewardPoints.id, 'DYN'));
      const counts = await runJob();
      expect(counts).toMatchObject({ cardsRedated: 1, lotsExpired: 1, pointsExpired: 400 });
      // Eight months old under a six-month period: expired in the same run.
      expect((await expireEntries('8000000002')).map((e) => e.id)).toEqual([expiryEntryId(older)]);
      const [lot] = await server.database.db.select().from(lots).where(eq(lots.entryId, newer));
      expect(lot?.expiresAt).toEqual(
        new Date(addPeriod(subtractPeriod(TEST_START, months(1)), months(6))),
      );
      expect(await balance('8000000002', 'DYN')).toBe(250);

      // Unchanged rules: nothing re-dated, nothing expired.
      expect(await runJob()).toMatchObject({ cardsRedated: 0, lotsExpired: 0 });
    });
  });
}
