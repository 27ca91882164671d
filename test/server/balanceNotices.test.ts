import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, notificationsOutbox } from '../../sync-server/src/db/schema';
import { postOfflineEarningsJob } from '../../sync-server/src/jobs/postOfflineEarnings';
import { runJob } from '../../sync-server/src/jobs/runner';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import {
  createCard,
  DeviceSequence,
  saleFact,
  startSyncTestServer,
  testCardNumber,
  type SyncTestServer,
} from './helpers/facts';

/** PRODUCT 4.7: a balance update on every posted change, one per card for each run of the post job. */
for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(
    `balance updates from the post job (${backendKind.name})`,
    () => {
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

      const updatesOf = async (card: string) =>
        (
          await sync.server.database.db
            .select()
            .from(notificationsOutbox)
            .where(eq(notificationsOutbox.cardNumber, card))
        )
          .filter((n) => n.kind === 'balanceUpdate')
          .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
          .map((n) => (n.payload as { balances: Record<string, number> }).balances);
      const postJob = () => runJob(sync.server.context, postOfflineEarningsJob, 'manual');

      it('writes one update per changed card after each run, with the balance the run left', async () => {
        await sync.server.database.db.insert(customers).values([
          { id: 'TOLD', name: 'Tess', email: 'tess@example.com', notifyBalanceUpdates: true },
          { id: 'QUIET', name: 'Quinn', notifyBalanceUpdates: false },
        ]);
        const told = await createCard(sync.server.database, testCardNumber(501), {
          customerId: 'TOLD',
        });
        const quiet = await createCard(sync.server.database, testCardNumber(502), {
          customerId: 'QUIET',
        });
        const sale = (card: string, net: string) => saleFact({ card, lines: [{ net }] }, seq);
        await sync.push('S1-R1', [sale(told, '2.00'), sale(told, '3.00'), sale(quiet, '2.00')]);

        const first = await postJob();
        expect(first.status).toBe('succeeded');
        // Two sales posted to the card in one run: one notice, with both in the balance.
        expect(await updatesOf(told)).toEqual([{ STAR: 50 }]);
        expect(await updatesOf(quiet)).toEqual([]);

        // A run that posts nothing writes nothing.
        await postJob();
        expect(await updatesOf(told)).toHaveLength(1);

        await sync.push('S1-R1', [sale(told, '1.00')]);
        await postJob();
        expect(await updatesOf(told)).toEqual([{ STAR: 50 }, { STAR: 60 }]);
      });
    },
  );
}
