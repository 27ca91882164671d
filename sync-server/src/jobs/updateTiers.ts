import { updateAllTiers } from '../tiers/updateAll';
import type { JobDefinition } from './job';

/** Update card tiers (PRODUCT 6): every card, nightly and on demand (needed when tier rules change). */
export const updateTiersJob: JobDefinition = {
  name: 'update-card-tiers',
  summary: 'Re-evaluate every card’s tier from its tier points within the rules’ windows',
  defaultCron: '0 2 * * *',
  async run(job) {
    const { database, clock } = job.context;
    const report = await updateAllTiers(database, new Date(clock.now()), {
      progress: (done, total) => job.progress(done, total),
    });
    job.count('cards', report.cards);
    job.count('changed', report.changed);
  },
};
