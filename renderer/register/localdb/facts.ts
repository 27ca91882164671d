import {
  Fact,
  FACT_OUTCOMES,
  type FactResult,
  type SyncEvent,
} from '../../../shared/protocol/sync';
import {
  cardsOfFact,
  readMeta,
  writeMeta,
  type FactRow,
  type FactStatus,
  type RegisterDb,
} from './schema';

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
 * Writes facts and their outbox rows with the register's next device sequences. Call it inside a
 * read-write transaction over `factTables` (plus whatever else the caller writes with it), so the
 * facts, their outbox rows and the caller's own records commit together or not at all. All facts
 * go in one bulk write: a chain of separate writes loses IndexedDB's transaction in Chromium.
 */
export async function writeFacts(
  db: RegisterDb,
  identity: RegisterIdentity,
  drafts: readonly FactDraft[],
  deviceTime: Date,
): Promise<Fact[]> {
  // The same fact recorded again (a retried sale, a double click) is the one already stored.
  const existing = await db.facts.bulkGet(drafts.map((draft) => draft.id));
  let seq = (await readMeta<number>(db, DEVICE_SEQ_KEY)) ?? 0;
  const rows: FactRow[] = [];
  const facts = drafts.map((draft, i) => {
    const stored = existing[i];
    if (stored) return stored.fact;
    seq += 1;
    const fact = Fact.parse({
      ...draft,
      store: identity.store,
      register: identity.register,
      deviceSeq: seq,
      deviceTime: deviceTime.toISOString(),
    });
    rows.push({
      id: fact.id,
      seq,
      type: fact.type,
      fact,
      status: 'queued',
      reason: null,
      recordedAt: deviceTime.toISOString(),
      cards: cardsOfFact(fact),
    });
    return fact;
  });
  if (rows.length === 0) return facts;
  await Promise.all([
    db.facts.bulkAdd(rows),
    db.outbox.bulkAdd(rows.map((row) => ({ seq: row.seq, id: row.id, attempts: 0 }))),
    writeMeta(db, DEVICE_SEQ_KEY, seq),
  ]);
  return facts;
}

export async function writeFact(
  db: RegisterDb,
  identity: RegisterIdentity,
  draft: FactDraft,
  deviceTime: Date,
): Promise<Fact> {
  const [fact] = await writeFacts(db, identity, [draft], deviceTime);
  if (!fact) throw new Error(`fact ${draft.id} was not written`);
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
const FINAL: ReadonlySet<FactStatus> = new Set(FACT_OUTCOMES);

async function settle(
  db: RegisterDb,
  id: string,
  status: FactStatus,
  reason: string | null,
  version?: number,
): Promise<void> {
  const row = await db.facts.get(id);
  if (row && !(FINAL.has(row.status) && !FINAL.has(status)))
    await db.facts.update(id, {
      status,
      reason,
      ...(status === 'posted' && version !== undefined ? { postedAtVersion: version } : {}),
    });
  await db.outbox.where('id').equals(id).delete();
}

/**
 * Marks facts from a push answer: accepted (or duplicate) leave the outbox, rejected with reason.
 * In bulk, so the transaction is short and a sale recorded meanwhile does not wait behind it.
 */
export function applyPushResults(db: RegisterDb, results: readonly FactResult[]): Promise<void> {
  return db.transaction('rw', [db.facts, db.outbox], async () => {
    const ids = results.map((result) => result.id);
    const rows = await db.facts.bulkGet(ids);
    const changed: FactRow[] = [];
    results.forEach((result, i) => {
      const row = rows[i];
      const status: FactStatus = result.status === 'rejected' ? 'rejected' : 'accepted';
      if (!row || (FINAL.has(row.status) && !FINAL.has(status))) return;
      const reason = status === 'rejected' ? (result.reason ?? 'rejected by the server') : null;
      changed.push({ ...row, status, reason });
    });
    await Promise.all([db.facts.bulkPut(changed), db.outbox.where('id').anyOf(ids).delete()]);
  });
}

/** A fact the server posted or rejected, as told over SSE. */
export function applyFactEvent(
  db: RegisterDb,
  event: Extract<SyncEvent, { type: 'fact' }>,
  version?: number,
): Promise<void> {
  return db.transaction('rw', [db.facts, db.outbox], () =>
    settle(
      db,
      event.id,
      event.status,
      event.status === 'posted' ? null : (event.reason ?? null),
      version,
    ),
  );
}

/** The register's facts about a card, oldest first. */
export const factsOfCard = (db: RegisterDb, number: string): Promise<FactRow[]> =>
  db.facts.where('cards').equals(number).sortBy('seq');

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

export const factsWithStatus = (
  db: RegisterDb,
  ...statuses: readonly FactStatus[]
): Promise<FactRow[]> =>
  db.facts
    .where('status')
    .anyOf([...statuses])
    .sortBy('seq');

/** What the server refused: whole facts, and sales kept whose points it refused. */
export const REFUSED: readonly FactStatus[] = ['rejected', 'loyaltyRejected'];
