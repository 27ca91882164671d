import type { ServerContext } from '../context';

export interface Cursor {
  readonly serverTime: string;
  readonly deviceSeq: number;
  readonly id: string;
}

export interface PendingFact extends Cursor {
  /** The card of a sale (null for a sale without one, or another fact). */
  readonly card: string | null;
  /** `isPlainSale`, as stored when the fact arrived: it touches its own card and nothing else. */
  readonly plain: boolean;
}

/** Pending facts whose last failed attempt asks to wait are left out until their retry time. */
const READY = `status = 'pending' and not exists (select 1 from fact_attempts a
  where a.fact_id = facts.id and a.retry_after > $1::timestamptz)`;

/** The next pending facts in order of server time, then device sequence (keyset, so a fact another runner holds is not met again). */
export async function nextBatch(
  context: ServerContext,
  after: Cursor | null,
  size: number,
): Promise<PendingFact[]> {
  const now = new Date(context.clock.now()).toISOString();
  const where = after
    ? `and (server_time, device_seq, id) > ($3::timestamptz, $4::bigint, $5::uuid)`
    : '';
  const params = after ? [now, size, after.serverTime, after.deviceSeq, after.id] : [now, size];
  const result = await context.database.query<PendingFact>(
    `select server_time as "serverTime", device_seq as "deviceSeq", id,
        body -> 'receipt' ->> 'card' as card, plain_sale as plain
      from facts
      where ${READY} ${where}
      order by server_time, device_seq, id limit $2`,
    params,
  );
  return result.rows;
}

export async function countPending(context: ServerContext): Promise<number> {
  const result = await context.database.query<{ n: number }>(
    `select count(*)::int as n from facts where ${READY}`,
    [new Date(context.clock.now()).toISOString()],
  );
  return Number(result.rows[0]?.n ?? 0);
}
