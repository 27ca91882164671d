import { drizzle } from 'drizzle-orm/node-postgres';
import type { Database, Session } from '../db/database';
import * as schema from '../db/schema';
import { sessionOver } from '../db/session';
import { cardBodiesSql } from './sqlParts';

/**
 * How far before the last distribution cards are looked at again. A transaction that changes a
 * card stamps updated_at with its start time but becomes visible at commit; looking back this far
 * catches one that committed after the last distribution read. Re-read cards whose content did not
 * change are dropped by the hash comparison, so the overlap never repeats a change in the feed.
 */
export const CARD_LOOKBACK = '10 minutes';

/** A session whose temporary tables outlive its transactions: one connection. */
export interface PinnedSession extends Session {
  transaction<T>(work: (tx: Session) => Promise<T>): Promise<T>;
}

/**
 * Runs `work` on one connection of the database, so a temporary table made in one transaction is
 * there in the next. On PostgreSQL the connection is closed afterwards, which drops its temporary
 * tables whatever happened; PGlite is one connection already.
 */
export async function withOneConnection<T>(
  database: Database,
  work: (session: PinnedSession) => Promise<T>,
): Promise<T> {
  if (database.native.kind === 'pglite') return work(database);
  const client = await database.native.sessionPool.connect();
  try {
    const db = drizzle({ client, schema });
    return await work({
      ...sessionOver(db),
      transaction: (inner) => db.transaction((tx) => inner(sessionOver(tx))),
    });
  } finally {
    client.release(true);
  }
}

/**
 * The cards one distribution run looks at, in two temporary tables of the pinned session:
 * STAGED_KEYS (number, changed_at, program_id) lists them all, and STAGED_CARDS (number, program_id,
 * changed_at, body, hash) holds the body and hash of those of the run's programs, built once for all
 * the stores of a program.
 */
export interface StagedCards {
  /** When the staged bodies were read: each store's next watermark. */
  readonly stagedAt: string;
  /** Cards changed at or after this are staged (null: none by time). */
  readonly since: string | null;
  /** Programs all of whose cards are staged (for stores distributed for the first time). */
  readonly fullPrograms: readonly string[];
  /** The programs of the stores of the run: only their cards get a body. */
  readonly programs: readonly string[];
}

export const STAGED_KEYS = 'dist_run_keys';
export const STAGED_CARDS = 'dist_run_cards';

/**
 * (number, changed_at, program_id) of the cards changed since $1 (null: none) and of every card of
 * the programs $2; program_id only for cards of the programs $3 (null: the card is no store's of
 * the run). Cards of any program: one that left a store's program is deleted from that store.
 */
const KEYS_SELECT = `
  select k.number, k.changed_at, c.program_id from (
    select number, max(at) as changed_at from (
      select number, updated_at as at from cards where $1::timestamptz is not null
        and updated_at >= $1::timestamptz
      union all select card_number, updated_at from card_balances
        where $1::timestamptz is not null and updated_at >= $1::timestamptz
      union all select c.number, cu.updated_at from customers cu
        join cards c on c.customer_id = cu.id
        where $1::timestamptz is not null and cu.updated_at >= $1::timestamptz
      union all select number, '-infinity' from cards where program_id = any($2::text[])
    ) changed group by number
  ) k left join cards c on c.number = k.number and c.program_id = any($3::text[])`;

/** STAGED_CARDS rows of the cards listed in `keys`, for the programs $1. */
const cardsSelect = (keys: string) => `
  select number, program_id, changed_at, body, md5(body::text)::uuid as hash
  from (${cardBodiesSql(keys, 'any($1::text[])', ['changed_at'])}) built`;

/**
 * Stages the cards that the given stores' next versions look at: the cards changed since the
 * earliest watermark (less the lookback), and every card of a program that has a store without a
 * watermark. Call dropStagedCards when the run ends (PGlite keeps its one session).
 */
export async function stageCards(
  session: PinnedSession,
  stores: readonly { id: string; programId: string }[],
): Promise<StagedCards> {
  const programs = [...new Set(stores.map((s) => s.programId))].sort();
  await dropStagedCards(session);
  return session.transaction(async (tx) => {
    await tx.query(`set local work_mem = '64MB'`);
    const marks = await tx.query<{ since: string | null; full_programs: string[] | null }>(
      `select (min(w.cards_since) - interval '${CARD_LOOKBACK}')::text as since,
         array_agg(distinct s.program_id) filter (where w.store_id is null) as full_programs
       from unnest($1::text[], $2::text[]) s (id, program_id)
       left join distribution_watermarks w on w.store_id = s.id`,
      [stores.map((s) => s.id), stores.map((s) => s.programId)],
    );
    const since = marks.rows[0]?.since ?? null;
    const fullPrograms = (marks.rows[0]?.full_programs ?? []).sort();
    const now = await tx.query<{ now: string }>('select now()::text as now');
    // Tables made from a select, indexed and analyzed after: the stores' statements are planned
    // on their statistics (temporary tables get none otherwise).
    await tx.query(`create temporary table ${STAGED_KEYS} as ${KEYS_SELECT}`, [
      since,
      fullPrograms,
      programs,
    ]);
    await tx.query(`alter table ${STAGED_KEYS} add primary key (number)`);
    await tx.query(`analyze ${STAGED_KEYS}`);
    await tx.query(`create temporary table ${STAGED_CARDS} as ${cardsSelect(STAGED_KEYS)}`, [
      programs,
    ]);
    await tx.query(`create index on ${STAGED_CARDS} (program_id, changed_at)`);
    await tx.query(`analyze ${STAGED_CARDS}`);
    return { stagedAt: now.rows[0]?.now ?? '', since, fullPrograms, programs };
  });
}

/**
 * Stages more cards, inside a store's transaction: changed since `since` and all of `fullPrograms`.
 * Their bodies are built again (a card staged already keeps the later of its two changed_at).
 */
export async function addStagedCards(
  tx: Session,
  { since, fullPrograms, programs }: Omit<StagedCards, 'stagedAt'>,
): Promise<void> {
  await tx.query(`create temporary table dist_more_keys on commit drop as ${KEYS_SELECT}`, [
    since,
    fullPrograms,
    programs,
  ]);
  await tx.query(
    `update dist_more_keys m set changed_at = greatest(m.changed_at, k.changed_at)
     from ${STAGED_KEYS} k where k.number = m.number`,
  );
  await tx.query(`delete from ${STAGED_KEYS} k using dist_more_keys m where k.number = m.number`);
  await tx.query(`insert into ${STAGED_KEYS} select * from dist_more_keys`);
  await tx.query(`delete from ${STAGED_CARDS} c using dist_more_keys m where c.number = m.number`);
  await tx.query(`insert into ${STAGED_CARDS} ${cardsSelect('dist_more_keys')}`, [programs]);
}

export async function dropStagedCards(session: Session): Promise<void> {
  await session.query(`drop table if exists pg_temp.${STAGED_KEYS}, pg_temp.${STAGED_CARDS}`);
}

/**
 * Builds again the staged bodies of the cards written to the store's feed outside the job since
 * the staging (a block, an unblock, a replacement: cardsNow.ts) or just before it: the staged body
 * may predate that change, and writing it would take the change back until the next run.
 */
export async function restageCardsWrittenNow(
  tx: Session,
  storeId: string,
  staged: StagedCards,
): Promise<void> {
  const written = await tx.query<{ number: string }>(
    `select distinct c.entity_id as number
       from distribution_versions v
       join distribution_changes c
         on c.store_id = v.store_id and c.version = v.version and c.seq <= v.last_seq
      where v.store_id = $1 and v.job_run_id is null and c.entity = 'card'
        and v.created_at >= $2::timestamptz - interval '${CARD_LOOKBACK}'`,
    [storeId, staged.stagedAt],
  );
  const numbers = written.rows.map((row) => row.number);
  if (numbers.length === 0) return;
  const keys = `(select k.number, k.changed_at from ${STAGED_KEYS} k where k.number = any($2::text[]))`;
  await tx.query(`delete from ${STAGED_CARDS} where number = any($1::text[])`, [numbers]);
  await tx.query(`insert into ${STAGED_CARDS} ${cardsSelect(keys)}`, [staged.programs, numbers]);
}
