import { expireDueLots } from '../expiry/expireLots';
import { redateChangedLots } from '../expiry/redate';
import { loadRewardPoints } from '../ledger/rewardPoints';
import {
  expiryWarningDays,
  writeBalanceUpdates,
  writeExpiryWarnings,
} from '../notifications/notices';
import type { JobDefinition } from './job';

/**
 * Expire points and notices (PRODUCT 6): re-date lots of dynamic reward points whose period
 * changed, post expire entries for lots past their expiry, then write expiry warnings and balance
 * updates for subscribed customers. Every step is safe to repeat after a crash.
 */
export const expirePointsJob: JobDefinition = {
  name: 'expire-points',
  summary: 'Expire points past their date and write expiry warnings and balance updates',
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
    job.count('expiryWarnings', await writeExpiryWarnings(database, now, expiryWarningDays()));
    job.count('balanceUpdates', await writeBalanceUpdates(database, now));
  },
};
