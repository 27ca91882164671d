import { postPendingFacts } from '../posting/postPendingFacts';
import type { JobDefinition } from './job';

/** Post offline earnings (PRODUCT 6): validates pushed facts, re-checks earnings, posts or rejects. */
export const postOfflineEarningsJob: JobDefinition = {
  name: 'post-offline-earnings',
  summary:
    'Checks the facts registers pushed (earnings re-run with the engine, cards, returns, offline spends) and posts them to the ledger once, or rejects them with a reason',
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
    job.context.metrics.factsPosted.inc({ result: 'posted' }, summary.posted);
    job.context.metrics.factsPosted.inc({ result: 'rejected' }, summary.rejected);
  },
};
