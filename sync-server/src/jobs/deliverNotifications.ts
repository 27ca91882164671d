import { deliverNotifications } from '../notifications/deliver';
import { fileSender } from '../notifications/sender';
import type { JobDefinition } from './job';

/** Deliver customer notices from the outbox, at most once each, through the configured sender. */
export const deliverNotificationsJob: JobDefinition = {
  name: 'deliver-notifications',
  summary: 'Send balance updates and expiry warnings from the outbox (files in OUTBOX_DIR)',
  defaultCron: '* * * * *',
  async run(job) {
    const { database, clock, config } = job.context;
    const report = await deliverNotifications(
      database,
      fileSender(config.outboxDir),
      new Date(clock.now()),
    );
    job.count('sent', report.sent);
    job.count('failed', report.failed);
    job.count('abandoned', report.abandoned);
  },
};
