import { refreshStoreSchemes } from '../hq/storeSchemes';
import type { JobDefinition } from './job';

export const processSchemesJob: JobDefinition = {
  name: 'process-loyalty-schemes',
  summary: 'work out which schemes (and versions) apply to which store now',
  defaultCron: '*/5 * * * *',
  async run(job) {
    const { database, clock } = job.context;
    const pairs = await database.transaction(async (tx) => {
      await tx.query('lock table store_schemes in exclusive mode');
      return refreshStoreSchemes(tx, new Date(clock.now()));
    });
    const stores = await database.query<{ n: number }>(
      'select count(distinct store_id)::int as n from store_schemes',
    );
    job.count('storeSchemes', pairs);
    job.count('storesWithSchemes', stores.rows[0]?.n ?? 0);
    await job.progress(1, 1);
  },
};
