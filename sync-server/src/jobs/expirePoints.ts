import { expireDueLots } from '../expiry/expireLots';
import { redateChangedLots } from '../expiry/redate';
import { loadRewardPoints } from '../ledger/rewardPoints';
import { expiryWarningDays, writeExpiryWarnings } from '../notifications/notices';
import { writeTierExpiryWarnings } from '../notifications/tierNotices';
import type { JobDefinition } from './job';

/**
 * Expire points and notices (PRODUCT 6): re-date lots of dynamic reward points whose period
 * changed, post expire entries for lots past their expiry, then write expiry warnings (of points and
 * of tiers) for subscribed customers; the balance updates the expiries cause are written by the
 * post job's next run. Every step is safe to repeat after a crash.
 */
export const expirePointsJob: JobDefinition = {
  name: 'expire-points',
  summary: 'Expire points past their date and write expiry warnings of points and tiers',
  defaultCron: '30 2 * * *',
  async run(job) {
    const { database, clock } = job.context;
    const now = new Date(clock.now());
    const rewardPoints = await loadRewardPoints(database);
    job.count('cardsRedated', await redateChangedLots(database, rewardPoints));
    const expired = await expireDueLots(database, rewardPoints, now, {
      progress: (done) => job.progress(done),
    });
    job.count('lotsExpired', expired.posted);
    job.count('pointsExpired', expired.points);
    const days = expiryWarningDays();
    job.count('expiryWarnings', await writeExpiryWarnings(database, now, days));
    job.count('tierExpiryWarnings', await writeTierExpiryWarnings(database, now, days));
  },
};
