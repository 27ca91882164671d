import { writeBalanceUpdates } from '../notifications/notices';
import { postPendingFacts } from '../posting/postPendingFacts';
import type { JobDefinition } from './job';

/**
 * Post offline earnings (PRODUCT 6): validates pushed facts, re-checks earnings, posts or rejects;
 * then one balance update per subscribed card whose balance changed since the last run, whatever
 * posted the change (this run, an online sale, an expiry), PRODUCT 4.7.
 */
export const postOfflineEarningsJob: JobDefinition = {
  name: 'post-offline-earnings',
  summary:
    'Checks the facts registers pushed (earnings re-run with the engine, cards, returns, offline spends) and posts them to the ledger once, or rejects them with a reason; then writes a balance update per changed card',
  defaultCron: '* * * * *',
  async run(job) {
    const summary = await postPendingFacts(job.context, {
      onProgress: (done, total) => job.progress(done, total),
    });
    job.count('posted', summary.posted);
    job.count('rejected', summary.rejected);
    job.count('loyaltyRejected', summary.loyaltyRejected);
    job.count('flagged', summary.flagged);
    job.count('retrying', summary.retrying);
    const { database, clock } = job.context;
    job.count('balanceUpdates', await writeBalanceUpdates(database, new Date(clock.now())));
    job.context.metrics.factsPosted.inc({ result: 'posted' }, summary.posted);
    job.context.metrics.factsPosted.inc({ result: 'rejected' }, summary.rejected);
  },
};
