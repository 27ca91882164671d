import { distributeStore, type StoreToDistribute } from '../distribution/distributeStore';
import { dropStagedCards, stageCards, withOneConnection } from '../distribution/stagedCards';
import { testFault } from '../testFaults';
import type { JobDefinition } from './job';
import { refreshStoreSchemes } from '../hq/storeSchemes';

/**
 * Job 1050: each store's next distribution version, holding only what changed since its last one.
 * It works out the applicable schemes first, so a version never carries a stale scheme list. Each
 * store is one transaction; after a crash the next run starts from what was committed.
 */
export const distributionJob: JobDefinition = {
  name: 'distribution-1050',
  summary:
    "write each store's next distribution version: config, schemes, products, staff, cards (only what changed)",
  defaultCron: '*/5 * * * *',
  async run(job) {
    const { database, clock, events } = job.context;
    await database.transaction(async (tx) => {
      await tx.query('lock table store_schemes in exclusive mode');
      await refreshStoreSchemes(tx, new Date(clock.now()));
    });
    const stores = await database.query<{ id: string; program_id: string; currency: string }>(
      'select id, program_id, currency from stores where program_id is not null order by id',
    );
    const list: StoreToDistribute[] = stores.rows.map((row) => ({
      id: row.id,
      programId: row.program_id,
      currency: row.currency,
    }));
    let done = 0;
    await job.progress(0, list.length);
    // The changed cards' bodies and hashes are built once per run, on one connection, for all
    // stores of their program; each store then only compares and writes.
    await withOneConnection(database, async (session) => {
      try {
        const staged = await stageCards(session, list);
        for (const store of list) {
          const result = await session.transaction((tx) =>
            distributeStore(tx, store, staged, job.runId),
          );
          await testFault('distribution-store-after-commit');
          job.count('stores');
          job.count('changes', result.changes);
          job.count('cards', result.cards);
          for (const item of result.setAside) {
            job.count('itemsSetAside');
            job.log.warn(
              { store: store.id, entity: item.entity, id: item.entityId, reason: item.reason },
              'an item that does not satisfy its schema was not distributed',
            );
          }
          if (result.version !== null) {
            job.count('versions');
            // The version is committed: registers find it on their next pull even if telling them fails.
            await events
              .publish({ type: 'distribution', store: store.id, version: result.version })
              .catch(() => job.count('eventsNotSent'));
          }
          done += 1;
          await job.progress(done, list.length);
        }
      } finally {
        // Not to hide the run's own error: tables left behind are dropped by the next staging.
        await dropStagedCards(session).catch(() => undefined);
      }
    });
  },
};
