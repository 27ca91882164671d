import { createHmac } from 'node:crypto';
import type { Database } from '../db/database';
import { isoSql } from '../db/sqlParams';
import type { OutboxMessage } from './sender';

/**
 * Notices sent to the retailer's own endpoint (a CRM, a mailing service) as signed events: the
 * body is JSON `{ id, type, createdAt, data }`; `Loyalty-Signature: t=<unix seconds>,v1=<hex>` is
 * the HMAC-SHA256 of `<t>.<body>` with WEBHOOK_SECRET, so the receiver can check where it came
 * from and how old it is; `Loyalty-Event-Id` repeats the id. An event id is delivered at most once:
 * its delivery row is claimed (committed) before it is sent; only an answer that proves the
 * endpoint did not take it (a 5xx, 408 or 429, or no connection) gives the claim back for a later
 * try, with a backoff that doubles, and a receiver that sees an id again may drop it.
 */
export interface WebhookEndpoint {
  readonly url: string;
  readonly secret: string;
}

export interface WebhookOptions {
  readonly batchSize?: number;
  /** Waits between tries inside one run before the claim is given back (default 1 s, 4 s). */
  readonly retryDelaysMs?: readonly number[];
  /** Runs that may find the endpoint down before the event is set aside with the reason. */
  readonly maxAttempts?: number;
  /** A claim older than this without a result is given up on (never resent). */
  readonly staleAfterMs?: number;
  readonly timeoutMs?: number;
}

export interface WebhookReport {
  readonly sent: number;
  readonly failed: number;
  readonly postponed: number;
  readonly abandoned: number;
}

export const EVENT_TYPES: Record<OutboxMessage['kind'], string> = {
  balanceUpdate: 'balance.changed',
  expiryWarning: 'points.expiring',
  tierChanged: 'tier.changed',
  tierExpiring: 'tier.expiring',
};

/** The signature header's value for this body at this time (what a receiver recomputes). */
export function signatureOf(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

class EndpointDown extends Error {}

async function post(
  endpoint: WebhookEndpoint,
  message: OutboxMessage,
  createdAt: string,
  timeoutMs: number,
): Promise<void> {
  const body = JSON.stringify({
    id: message.id,
    type: EVENT_TYPES[message.kind],
    createdAt,
    data: message.payload,
  });
  let status: number;
  try {
    const answer = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'loyalty-event-id': message.id,
        'loyalty-signature': signatureOf(endpoint.secret, body, Math.floor(Date.now() / 1000)),
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = answer.status;
    await answer.body?.cancel();
  } catch (error) {
    throw new EndpointDown(`no answer: ${(error as Error).message}`);
  }
  if (status >= 200 && status < 300) return;
  if (status >= 500 || status === 408 || status === 429)
    throw new EndpointDown(`answered ${status}`);
  throw new Error(`the endpoint refused the event: ${status}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function sendWithRetries(
  endpoint: WebhookEndpoint,
  message: OutboxMessage,
  createdAt: string,
  options: WebhookOptions,
): Promise<void> {
  const delays = options.retryDelaysMs ?? [1_000, 4_000];
  for (let attempt = 0; ; attempt++) {
    try {
      return await post(endpoint, message, createdAt, options.timeoutMs ?? 10_000);
    } catch (error) {
      const delay = delays[attempt];
      if (!(error instanceof EndpointDown) || delay === undefined) throw error;
      await sleep(delay);
    }
  }
}

interface ClaimedEvent {
  id: string;
  kind: OutboxMessage['kind'];
  customer_id: string;
  card_number: string | null;
  payload: Record<string, unknown>;
  created_at: string;
  attempts: number;
}

/**
 * Claims deliveries that are due (never tried, or given back and past their backoff) in a committed
 * transaction. Every notice has its delivery row from the moment it is written, so this reads the
 * due rows alone (webhook_deliveries_retry_idx), not the outbox.
 */
async function claimEvents(database: Database, now: Date, size: number): Promise<ClaimedEvent[]> {
  return database.transaction(async (tx) => {
    const { rows } = await tx.query<ClaimedEvent>(
      `with due as (
         select d.notification_id from webhook_deliveries d
         join notifications_outbox o on o.id = d.notification_id
         where d.claimed_at is null and d.sent_at is null and d.error is null
           and (d.retry_after is null or d.retry_after <= $1::timestamptz)
         order by o.created_at, o.id limit $2
         for update of d skip locked),
       claimed as (
         update webhook_deliveries d set claimed_at = $1::timestamptz
         from due where d.notification_id = due.notification_id
         returning d.notification_id, d.attempts)
       select o.id::text, o.kind, o.customer_id, o.card_number, o.payload,
              ${isoSql('o.created_at')} as created_at,
              c.attempts
       from claimed c join notifications_outbox o on o.id = c.notification_id
       order by o.created_at, o.id`,
      [now.toISOString(), size],
    );
    return rows;
  });
}

export const WEBHOOK_ABANDONED =
  'claimed for the webhook but never confirmed sent (the sender stopped midway); not resent';

async function markAbandoned(database: Database, now: Date, staleAfterMs: number): Promise<number> {
  const { rowCount } = await database.query(
    `update webhook_deliveries set error = $1
     where claimed_at is not null and sent_at is null and error is null
       and claimed_at < $2::timestamptz`,
    [WEBHOOK_ABANDONED, new Date(now.getTime() - staleAfterMs).toISOString()],
  );
  return rowCount;
}

/** The endpoint was down: the claim goes back, due again after a backoff that doubles per run. */
async function giveBack(
  database: Database,
  event: ClaimedEvent,
  reason: string,
  now: Date,
  maxAttempts: number,
): Promise<'postponed' | 'failed'> {
  const attempts = event.attempts + 1;
  if (attempts >= maxAttempts) {
    await database.query(
      `update webhook_deliveries set attempts = $2, error = $3 where notification_id = $1::uuid`,
      [event.id, attempts, `webhook: gave up after ${attempts} runs: ${reason}`],
    );
    return 'failed';
  }
  const retryAfter = new Date(now.getTime() + 60_000 * 2 ** (attempts - 1));
  await database.query(
    `update webhook_deliveries set claimed_at = null, attempts = $2, retry_after = $3::timestamptz
     where notification_id = $1::uuid`,
    [event.id, attempts, retryAfter.toISOString()],
  );
  return 'postponed';
}

/** Sends every due notice to the webhook once, in the order they were written. */
export async function deliverWebhooks(
  database: Database,
  endpoint: WebhookEndpoint,
  now: Date,
  options: WebhookOptions = {},
): Promise<WebhookReport> {
  const abandoned = await markAbandoned(database, now, options.staleAfterMs ?? 10 * 60_000);
  const counts = { sent: 0, failed: 0, postponed: 0 };
  for (;;) {
    const batch = await claimEvents(database, now, options.batchSize ?? 100);
    if (batch.length === 0) break;
    for (const event of batch) {
      const message: OutboxMessage = {
        id: event.id,
        kind: event.kind,
        customerId: event.customer_id,
        cardNumber: event.card_number,
        payload: event.payload,
      };
      try {
        await sendWithRetries(endpoint, message, event.created_at, options);
        await database.query(
          `update webhook_deliveries set sent_at = $2::timestamptz where notification_id = $1::uuid`,
          [event.id, now.toISOString()],
        );
        counts.sent += 1;
      } catch (error) {
        const reason = (error as Error).message;
        if (error instanceof EndpointDown) {
          counts[await giveBack(database, event, reason, now, options.maxAttempts ?? 10)] += 1;
        } else {
          await database.query(
            `update webhook_deliveries set error = $2 where notification_id = $1::uuid`,
            [event.id, `webhook: ${reason}`],
          );
          counts.failed += 1;
        }
      }
    }
  }
  return { ...counts, abandoned };
}
