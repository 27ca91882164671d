import { Fact, type FactResult, type SyncEvent } from '../../../shared/protocol/sync';
import { readMeta, writeMeta, type FactRow, type FactStatus, type RegisterDb } from './schema';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A fact as the register's screens build it; the store, register, clock and sequence are added here. */
export type FactDraft = DistributiveOmit<Fact, 'store' | 'register' | 'deviceSeq' | 'deviceTime'>;

export interface RegisterIdentity {
  readonly store: string;
  readonly register: string;
}

const DEVICE_SEQ_KEY = 'deviceSeq';

/** The tables a fact is written to; a caller's own transaction must include them. */
export const factTables = (db: RegisterDb) => [db.facts, db.outbox, db.meta];

/**
 * Writes a fact and its outbox row with the register's next device sequence. Call it inside a
 * read-write transaction over `factTables` (plus whatever else the caller writes with it), so the
 * fact, its outbox row and the caller's own records commit together or not at all.
 */
export async function writeFact(
  db: RegisterDb,
  identity: RegisterIdentity,
  draft: FactDraft,
  deviceTime: Date,
): Promise<Fact> {
  const seq = ((await readMeta<number>(db, DEVICE_SEQ_KEY)) ?? 0) + 1;
  const fact = Fact.parse({
    ...draft,
    store: identity.store,
    register: identity.register,
    deviceSeq: seq,
    deviceTime: deviceTime.toISOString(),
  });
  await db.facts.add({
    id: fact.id,
    seq,
    type: fact.type,
    fact,
    status: 'queued',
    reason: null,
    recordedAt: deviceTime.toISOString(),
  });
  await db.outbox.add({ seq, id: fact.id, attempts: 0 });
  await writeMeta(db, DEVICE_SEQ_KEY, seq);
  return fact;
}

/** One fact in its own transaction. */
export function recordFact(
  db: RegisterDb,
  identity: RegisterIdentity,
  draft: FactDraft,
  deviceTime = new Date(),
): Promise<Fact> {
  return db.transaction('rw', factTables(db), () => writeFact(db, identity, draft, deviceTime));
}

/** The oldest facts waiting in the outbox, in device sequence order. */
export async function outboxBatch(db: RegisterDb, limit: number): Promise<Fact[]> {
  return db.transaction('r', [db.outbox, db.facts], async () => {
    const rows = await db.outbox.orderBy('seq').limit(limit).toArray();
    const facts = await db.facts.bulkGet(rows.map((row) => row.id));
    return facts.filter((row): row is FactRow => row !== undefined).map((row) => row.fact);
  });
}

export const outboxDepth = (db: RegisterDb): Promise<number> => db.outbox.count();

/** The server's final word is never overwritten by an earlier one arriving late. */
const FINAL: ReadonlySet<FactStatus> = new Set(['posted', 'rejected']);

async function settle(
  db: RegisterDb,
  id: string,
  status: FactStatus,
  reason: string | null,
): Promise<void> {
  const row = await db.facts.get(id);
  if (row && !(FINAL.has(row.status) && !FINAL.has(status)))
    await db.facts.update(id, { status, reason });
  await db.outbox.where('id').equals(id).delete();
}

/** Marks facts from a push answer: accepted (or duplicate) leave the outbox, rejected with reason. */
export function applyPushResults(db: RegisterDb, results: readonly FactResult[]): Promise<void> {
  return db.transaction('rw', [db.facts, db.outbox], async () => {
    for (const result of results) {
      if (result.status === 'rejected')
        await settle(db, result.id, 'rejected', result.reason ?? 'rejected by the server');
      else await settle(db, result.id, 'accepted', null);
    }
  });
}

/** A fact the server posted or rejected, as told over SSE. */
export function applyFactEvent(
  db: RegisterDb,
  event: Extract<SyncEvent, { type: 'fact' }>,
): Promise<void> {
  return db.transaction('rw', [db.facts, db.outbox], () =>
    settle(db, event.id, event.status, event.status === 'rejected' ? (event.reason ?? null) : null),
  );
}

/** Counts one more push attempt for facts still in the outbox (shown as retries). */
export function countAttempt(db: RegisterDb, ids: readonly string[]): Promise<void> {
  return db.transaction('rw', [db.outbox], async () => {
    await db.outbox
      .where('id')
      .anyOf([...ids])
      .modify((row) => {
        row.attempts += 1;
      });
  });
}

export const factsWithStatus = (db: RegisterDb, status: FactStatus): Promise<FactRow[]> =>
  db.facts.where('status').equals(status).sortBy('seq');
