import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { customers, facts } from '../../sync-server/src/db/schema';
import { loadCard } from '../../sync-server/src/posting/lookups';
import { loadRunData, lockRunFacts } from '../../sync-server/src/posting/batch/runData';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import {
  createCard,
  DeviceSequence,
  saleFact,
  startSyncTestServer,
  testCardNumber,
  type SyncTestServer,
} from './helpers/facts';

/*
 * A run reads its facts and cards with plain statements (runData.ts), not the query builder: the
 * rows must be the ones the query builder reads, column for column (dates, checked bigints, JSON,
 * a card's customer or none).
 */
for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`a run's reads (${backendKind.name})`, () => {
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

    it('locks the pending facts in the order asked and reads cards as the query builder does', async () => {
      const database = sync.server.database;
      await database.db
        .insert(customers)
        .values({ id: 'RR1', name: 'Robin', email: 'r@example.test', affiliations: ['STAFF'] });
      const named = await createCard(database, testCardNumber(7_001), { customerId: 'RR1' });
      const anonymous = await createCard(database, testCardNumber(7_002), {
        tierValidUntil: new Date('2026-09-01T00:00:00.123Z'),
      });
      const seq = new DeviceSequence();
      const sales = [named, anonymous, named, null].map((card, i) =>
        saleFact({ card, lines: [{ net: `${10 + i}.25` }] }, seq),
      );
      expect((await sync.push('S1-R1', sales)).status).toBe(200);
      const ids = sales.map((s) => s.id);
      await database.db
        .update(facts)
        .set({ status: 'posted' })
        .where(eq(facts.id, ids[2] ?? ''));
      const asked = [ids[3], ids[2], ids[0], ids[1]].map(String);

      await database.transaction(async (tx) => {
        const locked = await lockRunFacts(tx, asked);
        const built = await tx.db.select().from(facts).where(inArray(facts.id, asked));
        const byId = new Map(built.map((row) => [row.id, row]));
        expect(locked.map((row) => row.id)).toEqual([ids[3], ids[0], ids[1]]);
        for (const row of locked) expect(row).toEqual(byId.get(row.id));

        const data = await loadRunData(tx, locked, [named, anonymous], [], {
          windows: [],
          now: new Date(),
        });
        expect([...data.cards.keys()]).toEqual([named, anonymous].sort());
        for (const number of [named, anonymous])
          expect(data.cards.get(number)).toEqual(await loadCard(tx, number));
        expect(data.cards.get(anonymous)?.customer).toBeNull();
        const ownEntries = [...data.entries.values()].map((e) => e.factId);
        expect(new Set(ownEntries)).toEqual(new Set([ids[0], ids[1]]));
      });
    });
  });
}
