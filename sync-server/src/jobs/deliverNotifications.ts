import { deliverNotifications } from '../notifications/deliver';
import { senderFor } from '../notifications/senderFor';
import { deliverWebhooks } from '../notifications/webhooks';
import { writeTierNotices } from '../notifications/tierNotices';
import type { JobDefinition } from './job';

/**
 * Deliver customer notices from the outbox, at most once each, through the configured sender; with
 * WEBHOOK_URL set, also each notice to the retailer's endpoint as a signed event.
 */
export const deliverNotificationsJob: JobDefinition = {
  name: 'deliver-notifications',
  summary:
    'Send balance updates, expiry warnings, tier changes and tier-expiry warnings from the outbox (by mail through SMTP_URL, else files in OUTBOX_DIR; signed events to WEBHOOK_URL when set)',
  defaultCron: '* * * * *',
  async run(job) {
    const { database, clock, config } = job.context;
    job.count('tierNotices', await writeTierNotices(database, new Date(clock.now())));
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
    if (!config.webhook) return;
    const hooks = await deliverWebhooks(database, config.webhook, new Date(clock.now()));
    job.count('webhookSent', hooks.sent);
    job.count('webhookFailed', hooks.failed);
    job.count('webhookPostponed', hooks.postponed);
    job.count('webhookAbandoned', hooks.abandoned);
  },
};
