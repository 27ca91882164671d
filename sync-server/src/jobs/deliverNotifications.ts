import { deliverNotifications } from '../notifications/deliver';
import { senderFor } from '../notifications/senderFor';
import type { JobDefinition } from './job';

/** Deliver customer notices from the outbox, at most once each, through the configured sender. */
export const deliverNotificationsJob: JobDefinition = {
  name: 'deliver-notifications',
  summary:
    'Send balance updates and expiry warnings from the outbox (by mail through SMTP_URL, else files in OUTBOX_DIR)',
  defaultCron: '* * * * *',
  async run(job) {
    const { database, clock, config } = job.context;
    const sender = senderFor(config, job.log);
    try {
      const report = await deliverNotifications(database, sender, new Date(clock.now()));
      job.count('sent', report.sent);
      job.count('failed', report.failed);
      job.count('abandoned', report.abandoned);
      job.count('postponed', report.postponed);
    } finally {
      sender.close?.();
    }
  },
};
