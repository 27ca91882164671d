import nodemailer from 'nodemailer';
import type { Logger } from '../observability/logger';
import { renderMessage, type NotificationSender, type OutboxMessage } from './sender';

/**
 * The mail server did not take the message, and said or showed so before it could have: worth
 * another try later. Delivery leaves such a message in the outbox for the next run.
 */
export class TemporaryFailure extends Error {
  override name = 'TemporaryFailure';
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  command?: string;
}

/** Socket-level failures nodemailer reports (the server could not be reached or went away). */
const CONNECTION_CODES = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'ECONNREFUSED']);

/**
 * Whether a failed send certainly left the message undelivered and may be tried again: the server
 * answered 4xx (a refusal, at whatever step), or the connection failed before the message's data
 * was being sent. A connection lost during DATA, or a failure with no command to place it, may have
 * delivered the message: it is not retried, so a customer never gets a notice twice.
 */
export function isTemporary(error: unknown): boolean {
  const e = (error ?? {}) as SmtpError;
  if (typeof e.responseCode === 'number') return e.responseCode >= 400 && e.responseCode < 500;
  return (
    e.code !== undefined &&
    CONNECTION_CODES.has(e.code) &&
    e.command !== undefined &&
    e.command !== 'DATA'
  );
}

export interface SmtpSenderOptions {
  /** SMTP_URL: smtp://user:password@host:587 or smtps://...:465 (nodemailer's URL form). */
  readonly url: string;
  /** MAIL_FROM. */
  readonly from: string;
  /** Waits between the tries of one message after a temporary failure (the last one gives up). */
  readonly retryDelaysMs?: readonly number[];
  readonly log: Logger;
}

/** 1 s, 4 s, 16 s: a message is tried four times within about 21 s, well under a claim's lifetime. */
export const DEFAULT_RETRY_DELAYS_MS = [1_000, 4_000, 16_000] as const;

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Notices by mail through nodemailer. Each message carries a Message-ID made from its outbox id, so
 * a mail system that sees it twice can tell. A temporary failure is retried with growing waits;
 * when the waits run out it throws TemporaryFailure (delivery leaves the message for the next run).
 * Any other failure throws at once with the server's answer (delivery sets the message aside).
 */
export function smtpSender(options: SmtpSenderOptions): NotificationSender & { close(): void } {
  const transport = nodemailer.createTransport(options.url);
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const log = options.log.child({ component: 'smtp' });
  return {
    name: 'smtp',
    async send(message: OutboxMessage) {
      const rendered = renderMessage(message);
      if (!rendered.to) throw new Error('the customer has no e-mail address');
      const mail = {
        from: options.from,
        to: rendered.to,
        subject: rendered.subject,
        text: rendered.text,
        messageId: `<${message.id}@loyalty.notifications>`,
      };
      for (let attempt = 0; ; attempt += 1) {
        try {
          await transport.sendMail(mail);
          return;
        } catch (error) {
          if (!isTemporary(error)) throw error;
          const delay = delays[attempt];
          if (delay === undefined)
            throw new TemporaryFailure(`${(error as Error).message} (tried ${attempt + 1} times)`);
          log.warn(
            { notification: message.id, attempt: attempt + 1, err: error },
            `temporary failure, trying again in ${delay} ms`,
          );
          await wait(delay);
        }
      }
    },
    close: () => transport.close(),
  };
}
