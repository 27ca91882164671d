import type { ServerConfig } from '../config';
import type { Logger } from '../observability/logger';
import { fileSender, type NotificationSender } from './sender';
import { smtpSender } from './smtpSender';

/** The configured sender: mail through SMTP_URL when it is set, else JSON files in OUTBOX_DIR. */
export function senderFor(
  config: Pick<ServerConfig, 'smtpUrl' | 'mailFrom' | 'outboxDir'>,
  log: Logger,
): NotificationSender & { close?(): void } {
  return config.smtpUrl
    ? smtpSender({ url: config.smtpUrl, from: config.mailFrom, log })
    : fileSender(config.outboxDir);
}
