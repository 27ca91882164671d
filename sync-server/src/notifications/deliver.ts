import type { Database } from '../db/database';
import type { NotificationSender, OutboxMessage } from './sender';
import { TemporaryFailure } from './smtpSender';

export interface DeliveryReport {
  readonly sent: number;
  readonly failed: number;
  /** Claimed by a run that stopped before it knew whether the message went out. */
  readonly abandoned: number;
  /** Not taken by the mail server for now (a temporary failure): left for the next run. */
  readonly postponed: number;
}

export interface DeliveryOptions {
  readonly batchSize?: number;
  /** A claim older than this without a result is given up on (never retried). */
  readonly staleAfterMs?: number;
}

export const ABANDONED_ERROR =
  'claimed for sending but never confirmed sent (the sender stopped midway); not retried, so it cannot go out twice';

interface ClaimedRow {
  id: string;
  kind: OutboxMessage['kind'];
  customer_id: string;
  card_number: string | null;
  payload: Record<string, unknown>;
}

/** Claims a batch in its own committed transaction: once claimed, no run picks it again. */
async function claimBatch(database: Database, now: Date, size: number): Promise<OutboxMessage[]> {
  const { rows } = await database.transaction((tx) =>
    tx.query<ClaimedRow>(
      `update notifications_outbox set claimed_at = $1::timestamptz
       where id in (select id from notifications_outbox where claimed_at is null
                    order by created_at, id limit $2 for update skip locked)
       returning id::text, kind, customer_id, card_number, payload`,
      [now.toISOString(), size],
    ),
  );
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    customerId: row.customer_id,
    cardNumber: row.card_number,
    payload: row.payload,
  }));
}

async function markAbandoned(database: Database, now: Date, staleAfterMs: number): Promise<number> {
  const { rowCount } = await database.query(
    `update notifications_outbox set error = $1
     where claimed_at is not null and sent_at is null and error is null
       and claimed_at < $2::timestamptz`,
    [ABANDONED_ERROR, new Date(now.getTime() - staleAfterMs).toISOString()],
  );
  return rowCount;
}

/** Gives claims back: these messages were certainly not delivered, so the next run may try. */
async function releaseClaims(database: Database, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await database.query(
    `update notifications_outbox set claimed_at = null
     where id = any($1::uuid[]) and sent_at is null and error is null`,
    [ids],
  );
}

/**
 * Delivers the outbox at most once (PRODUCT 4.7): a message is claimed (committed) before it is
 * handed to the sender and marked sent after. A crash in between leaves it claimed and unsent;
 * the next run marks it with an error for head office to see instead of sending it again. A
 * sender's TemporaryFailure (the mail server certainly did not take it) gives the claim back at
 * the end of the run, so a later run tries again; any other failure sets the message aside with
 * its reason.
 */
export async function deliverNotifications(
  database: Database,
  sender: NotificationSender,
  now: Date,
  options: DeliveryOptions = {},
): Promise<DeliveryReport> {
  const abandoned = await markAbandoned(database, now, options.staleAfterMs ?? 10 * 60_000);
  let sent = 0;
  let failed = 0;
  const postponed: string[] = [];
  for (;;) {
    const batch = await claimBatch(database, now, options.batchSize ?? 100);
    if (batch.length === 0) break;
    for (const message of batch) {
      try {
        await sender.send(message);
        await database.query(
          `update notifications_outbox set sent_at = $2::timestamptz where id = $1::uuid`,
          [message.id, now.toISOString()],
        );
        sent += 1;
      } catch (error) {
        if (error instanceof TemporaryFailure) {
          postponed.push(message.id);
          continue;
        }
        await database.query(`update notifications_outbox set error = $2 where id = $1::uuid`, [
          message.id,
          `${sender.name} sender: ${error instanceof Error ? error.message : String(error)}`,
        ]);
        failed += 1;
      }
    }
  }
  await releaseClaims(database, postponed);
  return { sent, failed, abandoned, postponed: postponed.length };
}
