import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factReviews, stores } from '../../sync-server/src/db/schema';
import { postPendingFacts } from '../../sync-server/src/posting/postPendingFacts';
import { LOCAL_DAY_CASES } from '../support/localDayCases';
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

/** Store S2 allows 500 points a card a day offline (test/server/helpers/fixtures.ts). */
const S2 = { store: 'S2', register: 'S2-R1', staff: 'C2' } as const;
/** After every case's instants: the registers push what they recorded offline then. */
const PUSHED_AT = Date.parse('2026-12-01T12:00:00.000Z');
const DAY_MS = 24 * 60 * 60_000;

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(
    `the daily offline allowance counts the store's local day (${backendKind.name})`,
    () => {
      let backend: TestBackend;
      let sync: SyncTestServer;
      const seq = new DeviceSequence();
      let nextCard = 700;

      beforeAll(async () => {
        backend = await backendKind.create();
        sync = await startSyncTestServer(backend);
        sync.server.clock.set(PUSHED_AT);
      }, PGLITE_CREATE_TIMEOUT);

      afterAll(async () => {
        await sync?.server.close();
        await backend?.remove();
      });

      const db = () => sync.server.database.db;
      const sentNow = { sentAt: new Date(PUSHED_AT).toISOString() };
      const pushAndPost = async (
        register: 'S1-R1' | 'S2-R1',
        fact: Parameters<SyncTestServer['push']>[1][number],
      ) => {
        expect((await sync.push(register, [fact], sentNow)).status).toBe(200);
        await postPendingFacts(sync.server.context, { batchSize: 3 });
      };
      const offlineSpend = (card: string, deviceTime: string, points: number) =>
        saleFact(
          {
            card,
            ...S2,
            deviceTime,
            lines: [{ net: '4.00' }],
            spends: [{ points: -points }],
            redeemedByLine: { '1': points },
          },
          seq,
        );

      // The same table the register's allowance runs (test/register/offlineAllowance.test.ts).
      it.each(LOCAL_DAY_CASES)('$name', async ({ timeZone, earlier, later, sameDay }) => {
        await db().update(stores).set({ timeZone }).where(eq(stores.id, 'S2'));
        const card = await createCard(sync.server.database, testCardNumber(nextCard++), {
          issuedAt: new Date('2026-01-01T00:00:00.000Z'),
        });
        const dayBefore = new Date(Date.parse(earlier) - DAY_MS).toISOString();
        await pushAndPost('S1-R1', adjustmentFact(card, 1_000, { deviceTime: dayBefore }, seq));
        const first = offlineSpend(card, earlier, 400);
        await pushAndPost('S2-R1', first);
        const second = offlineSpend(card, later, 200);
        await pushAndPost('S2-R1', second);

        const reviews = await db()
          .select()
          .from(factReviews)
          .where(eq(factReviews.cardNumber, card));
        // 400 then 200 points: over the 500 of the day only when both fall on one local day.
        expect(reviews.map((r) => r.factId)).toEqual(sameDay ? [second.id] : []);
        if (sameDay) expect(reviews[0]?.reason).toMatch(/600 points, over the allowance of 500/);
      });
    },
  );
}
