import { and, eq, inArray } from 'drizzle-orm';
import { Fact } from '../../../shared/protocol/sync';
import { parseInstant } from '../../../shared/units/time';
import type { ServerContext } from '../context';
import type { Session } from '../db/database';
import {
  factReviews,
  facts,
  ledgerEntries,
  repostedEntries,
  reviewActions,
  sales,
} from '../db/schema';
import { conflict, invalidField } from '../errors';
import { draftsOf, entryFromDraft, originOf } from '../ledger/entries';
import { showAsPending } from '../ledger/pending';
import { loadRunSettings, type RunSettings } from '../posting/batch/startRun';
import { postRun } from '../posting/batch/postRun';
import type { Review } from '../posting/facts';
import { FactRejected } from '../posting/rejection';
import { draftsIn, repostedEntryId, withEntryIds } from './entryIds';
import { finalAction, lockFact, type LockedFact } from './factLock';

/*
 * Reposting a rejected fact, and why it posts under new entry ids.
 *
 * The ledger is append-only (migration 0001): an entry may change only while pending, so the
 * rejected entries of the fact can never be posted, nor go back to pending. A repost therefore
 * writes NEW ledger rows. Each entry of the (corrected) fact whose id is a rejected ledger row gets
 * the id repostedEntryId(fact id, entry id): a name-based UUID (v5, SHA-1), the same every time.
 * Entries the ledger holds as posted (points reserved online) keep their ids, as at the first post.
 * The fact itself keeps its id, store and register; its body becomes the corrected one with the
 * new ids, and reposted_entries records which new id stands for which entry of the register.
 *
 * Exactly once:
 * - The repost locks the fact row, puts it back to pending with its entries and posts it with the
 *   post job's own postRun (a run of one), in ONE transaction: no one else ever sees it pending
 *   (the change is uncommitted until posted, and the job skips locked rows), and all of it commits
 *   or none does.
 * - A repost of a fact that a repost already posted changes nothing and answers the first result
 *   (`repeated`). Even if it did run again, the derived ids would already be posted rows and
 *   posting answers "duplicate" for them: nothing is posted twice.
 * - A repost the checks refuse (FactRejected) rolls back entirely (no ledger rows are written for
 *   the failed attempt, so the derived ids stay free for the next one); in a second transaction
 *   the fact keeps status rejected with the corrected body and the new reason, and the attempt is
 *   recorded. Any other error (the database, a bug) rolls back too and answers 500: the fact
 *   stays as it was.
 * - Entries that point at entries of an earlier reposted fact (a return's `reverses`, a spend's
 *   lots) are pointed at the ids those were posted under, so a return of a reposted sale can post.
 */

export interface RepostRequest {
  readonly factId: string;
  readonly staffId: string;
  readonly corrected?: Fact;
  readonly comment?: string;
}

export interface RepostResult {
  readonly fact: string;
  readonly outcome: 'posted' | 'rejected';
  readonly reason: string | null;
  /** The fact had already been reposted and posted: nothing was done again. */
  readonly repeated: boolean;
  /** Posted, but flagged for review (an offline overdraw). */
  readonly flagged: boolean;
  /** Entry id of the register's fact -> the id it is posted under. */
  readonly entryIds: Record<string, string>;
}

const MAX_ID_ROUNDS = 5;

/** The fact to repost: the corrected one (same id, store, register and type) or the stored one. */
function factToRepost(row: LockedFact, corrected: Fact | undefined): Fact {
  if (corrected === undefined) {
    const stored = Fact.safeParse(row.body);
    if (!stored.success)
      throw invalidField(
        'invalidFact',
        'body.fact',
        'invalid',
        'the stored fact no longer reads as a protocol fact; send a corrected one',
      );
    return stored.data;
  }
  const same: [keyof Fact & string, unknown, unknown][] = [
    ['id', corrected.id, row.id],
    ['store', corrected.store, row.storeId],
    ['register', corrected.register, row.registerId],
    ['type', corrected.type, row.type],
  ];
  for (const [field, given, original] of same)
    if (given !== original)
      throw invalidField(
        'factMismatch',
        `body.fact.${field}`,
        'keepsOriginal',
        `a corrected fact keeps the ${field} of the original (${String(original)}), got ${String(given)}`,
        { value: String(original) },
      );
  return corrected;
}

async function rejectedAmong(tx: Session, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.db
    .select({ id: ledgerEntries.id })
    .from(ledgerEntries)
    .where(and(inArray(ledgerEntries.id, [...ids]), eq(ledgerEntries.status, 'rejected')));
  return new Set(rows.map((row) => row.id));
}

/** New ids for the fact's drafts stored as rejected, and the posted ids of reposted references. */
async function entryIdsFor(tx: Session, fact: Fact): Promise<Map<string, string>> {
  const drafts = draftsIn(fact);
  const ids = new Map<string, string>();
  let open = drafts.map((d) => d.id);
  for (let round = 0; round < MAX_ID_ROUNDS && open.length > 0; round++) {
    const rejected = await rejectedAmong(tx, open);
    open = [];
    for (const draft of drafts) {
      const current = ids.get(draft.id) ?? draft.id;
      if (!rejected.has(current)) continue;
      const next = repostedEntryId(fact.id, current);
      ids.set(draft.id, next);
      open.push(next);
    }
  }
  if (open.length > 0) throw new Error(`fact ${fact.id}: no free entry id after ${MAX_ID_ROUNDS}`);
  const references = drafts.flatMap((d) => [
    ...(d.reverses === null ? [] : [d.reverses]),
    ...d.lots.map((lot) => lot.id),
  ]);
  if (references.length > 0) {
    const moved = await tx.db
      .select({ originalId: repostedEntries.originalId, entryId: repostedEntries.entryId })
      .from(repostedEntries)
      .where(inArray(repostedEntries.originalId, references));
    for (const row of moved) if (!ids.has(row.originalId)) ids.set(row.originalId, row.entryId);
  }
  return ids;
}

/** The fact as it will be posted: corrected, with its new entry ids. */
async function preparedFact(tx: Session, row: LockedFact, corrected: Fact | undefined) {
  const fact = factToRepost(row, corrected);
  const ids = await entryIdsFor(tx, fact);
  const own = new Set(draftsIn(fact).map((d) => d.id));
  const entryIds = Object.fromEntries([...ids].filter(([original]) => own.has(original)));
  return { fact: withEntryIds(fact, ids), entryIds };
}

async function repostedIds(tx: Session, factId: string): Promise<Record<string, string>> {
  const rows = await tx.db
    .select({ originalId: repostedEntries.originalId, entryId: repostedEntries.entryId })
    .from(repostedEntries)
    .where(eq(repostedEntries.factId, factId));
  return Object.fromEntries(rows.map((r) => [r.originalId, r.entryId]));
}

/** A sale the post job kept with its loyalty part rejected: posted, with the reason set. */
const keptWithoutLoyalty = (row: LockedFact): boolean =>
  row.status === 'posted' && row.reason !== null;

/**
 * Whether the fact can be reposted now. A fact a repost already posted answers that result again;
 * anything else that is not an open rejected fact, nor a sale kept without its loyalty part, is a
 * conflict.
 */
async function checkRepostable(tx: Session, row: LockedFact): Promise<RepostResult | null> {
  if (keptWithoutLoyalty(row)) return null;
  if (row.status === 'posted') {
    if (!(await finalAction(tx, row.id, 'repost')))
      throw conflict(
        'notRejected',
        `fact ${row.id} was posted, not rejected: there is nothing to repost`,
      );
    return {
      fact: row.id,
      outcome: 'posted',
      reason: null,
      repeated: true,
      flagged: false,
      entryIds: await repostedIds(tx, row.id),
    };
  }
  if (row.status === 'pending')
    throw conflict('notRejected', `fact ${row.id} is still pending: the post job will post it`);
  if (await finalAction(tx, row.id, 'void'))
    throw conflict('voided', `fact ${row.id} was voided: it cannot be reposted`);
  return null;
}

function factFields(fact: Fact) {
  return {
    body: fact,
    deviceTime: new Date(parseInstant(fact.deviceTime)),
    deviceSeq: fact.deviceSeq,
  };
}

/** Back to pending with the corrected body and its entries, then posted: one transaction. */
async function repostInTransaction(
  tx: Session,
  request: RepostRequest,
  settings: RunSettings,
): Promise<RepostResult> {
  const { at } = settings;
  const row = await lockFact(tx, request.factId);
  const settled = await checkRepostable(tx, row);
  if (settled) return settled;
  const { fact, entryIds } = await preparedFact(tx, row, request.corrected);
  const fields = factFields(fact);
  const kept = keptWithoutLoyalty(row);
  // The kept receipt is written again by the posting below, with its lines' points, in this
  // transaction: if the posting fails, all of it rolls back and the kept receipt stays.
  if (kept) await tx.db.delete(sales).where(eq(sales.id, row.id));
  await tx.db
    .update(facts)
    .set({ ...fields, status: 'pending', reason: null, processedAt: null })
    .where(eq(facts.id, row.id));
  const earnedAt = row.skewFlagged ? row.serverTime : fields.deviceTime;
  const origin = originOf(fact, { earnedAt, deviceTime: fields.deviceTime });
  await showAsPending(
    tx,
    draftsOf(fact).map((draft) => entryFromDraft(draft, origin)),
    row.serverTime,
  );
  const [outcome] = await postRun(tx, [row.id], settings);
  if (!outcome) throw new Error(`fact ${row.id} could not be taken for posting`);
  // Refused again: all of it rolls back, and the refusal is recorded (recordRejectedRepost).
  if (outcome.status !== 'posted') throw new FactRejected(outcome.reason ?? 'refused');
  if (kept) await settleLoyaltyReview(tx, row.id, outcome.reviews, request.staffId, at);
  const [action] = await tx.db
    .insert(reviewActions)
    .values({
      factId: row.id,
      action: 'repost',
      outcome: 'posted',
      staffId: request.staffId,
      comment: request.comment ?? null,
      reason: row.reason,
      previousBody: row.body,
      correctedBody: fact,
      at,
    })
    .returning({ id: reviewActions.id });
  const mapped = Object.entries(entryIds);
  if (action && mapped.length > 0)
    await tx.db.insert(repostedEntries).values(
      mapped.map(([originalId, entryId]) => ({
        entryId,
        originalId,
        factId: row.id,
        actionId: action.id,
      })),
    );
  return {
    fact: row.id,
    outcome: 'posted',
    reason: null,
    repeated: false,
    flagged: outcome.reviews.length > 0,
    entryIds,
  };
}

/**
 * A kept sale's loyalty part posted: its loyaltyRejected review is settled, or takes the review the
 * posting asked for (an offline overdraw), which the review's one row per fact kept from being added.
 */
async function settleLoyaltyReview(
  tx: Session,
  factId: string,
  reviews: readonly Review[],
  staffId: string,
  at: Date,
): Promise<void> {
  const [review] = reviews;
  await tx.db
    .update(factReviews)
    .set(
      review
        ? { ...review, flaggedAt: at, resolvedAt: null, resolvedBy: null }
        : { resolvedAt: at, resolvedBy: staffId },
    )
    .where(eq(factReviews.factId, factId));
}

/**
 * The checks refused the repost: the fact stays rejected (a kept sale stays kept, its loyalty part
 * rejected), with the corrected body and the new reason.
 */
async function recordRejectedRepost(
  tx: Session,
  request: RepostRequest,
  reason: string,
  at: Date,
): Promise<RepostResult> {
  const row = await lockFact(tx, request.factId);
  const settled = await checkRepostable(tx, row);
  if (settled) return settled;
  const { fact, entryIds } = await preparedFact(tx, row, request.corrected);
  await tx.db
    .update(facts)
    .set({ ...factFields(fact), reason, processedAt: at })
    .where(eq(facts.id, row.id));
  if (keptWithoutLoyalty(row))
    await tx.db.update(factReviews).set({ reason }).where(eq(factReviews.factId, row.id));
  await tx.db.insert(reviewActions).values({
    factId: row.id,
    action: 'repost',
    outcome: 'rejected',
    staffId: request.staffId,
    comment: request.comment ?? null,
    reason,
    previousBody: row.body,
    correctedBody: fact,
    at,
  });
  return { fact: row.id, outcome: 'rejected', reason, repeated: false, flagged: false, entryIds };
}

/** Reposts a rejected fact, corrected or as it was, through the post job's checks (see above). */
export async function repostFact(
  context: ServerContext,
  request: RepostRequest,
): Promise<RepostResult> {
  const at = new Date(context.clock.now());
  // Head office reposting is its own authority: no register approval is asked of it.
  const settings = await loadRunSettings(context.database, at, {
    approvalKey: null,
    headOffice: request.staffId,
  });
  let result: RepostResult;
  try {
    result = await context.database.transaction((tx) => repostInTransaction(tx, request, settings));
  } catch (error) {
    // Only what the checks refuse is a rejection; any other error changed nothing (the
    // transaction rolled back) and answers 500, so head office can simply try again.
    if (!(error instanceof FactRejected)) throw error;
    const reason = error.message;
    result = await context.database.transaction((tx) =>
      recordRejectedRepost(tx, request, reason, at),
    );
  }
  if (!result.repeated) await publishOutcome(context, request.factId, result);
  return result;
}

async function publishOutcome(
  context: ServerContext,
  factId: string,
  result: RepostResult,
): Promise<void> {
  const [row] = await context.database.db
    .select({ register: facts.registerId, status: facts.status })
    .from(facts)
    .where(eq(facts.id, factId));
  if (!row) return;
  // A kept sale whose repost was refused is still kept: the register keeps it returnable.
  const kept = result.outcome === 'rejected' && row.status === 'posted';
  await context.events.publish({
    type: 'fact',
    id: factId,
    status: kept ? 'loyaltyRejected' : result.outcome,
    register: row.register,
    ...(result.reason === null ? {} : { reason: result.reason }),
  });
}
