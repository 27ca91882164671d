import { asc, eq } from 'drizzle-orm';
import type { ActivityAwardView } from '../../../shared/protocol/api/awardWire';
import type { Session } from '../db/database';
import { activityAwards, otherActivityTypes, type AWARD_SOURCES } from '../db/schema';
import { conflict, notFound } from '../errors';
import { loadActivityType, timesAwarded } from './activityAward';
import { awardEntries, type AwardedBy, type AwardPoints } from './awardEntries';
import { post } from './entries';
import { loadCard } from './read';

type AwardRow = typeof activityAwards.$inferSelect;

export interface AwardToKeep {
  readonly id: string;
  readonly cardNumber: string;
  readonly customerId: string | null;
  readonly type: string;
  readonly source: (typeof AWARD_SOURCES)[number];
  readonly comment: string | null;
}

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

function toView(row: AwardRow, typeName: string): ActivityAwardView {
  return {
    id: row.id,
    card: row.cardNumber,
    customer: row.customerId,
    type: row.activityType,
    typeName,
    source: row.source,
    status: row.status,
    points: Object.entries(row.earned)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([rewardPoint, points]) => ({ rewardPoint, points })),
    comment: row.comment,
    staff: row.staffId,
    store: row.storeId,
    awardedAt: row.awardedAt.toISOString(),
    decidedAt: iso(row.decidedAt),
    decidedBy: row.decidedBy,
  };
}

async function viewOf(session: Session, row: AwardRow): Promise<ActivityAwardView> {
  const [type] = await session.db
    .select({ name: otherActivityTypes.name })
    .from(otherActivityTypes)
    .where(eq(otherActivityTypes.id, row.activityType));
  return toView(row, type?.name ?? row.activityType);
}

/**
 * Keeps an award of a type that needs review in head office's list, with the points the schemes
 * give now; nothing is posted yet. The same id kept twice is kept once (a retried request).
 */
export async function keepForReview(
  tx: Session,
  award: AwardToKeep,
  points: AwardPoints,
  by: AwardedBy,
  at: Date,
): Promise<ActivityAwardView> {
  const [row] = await tx.db
    .insert(activityAwards)
    .values({
      id: award.id,
      cardNumber: award.cardNumber,
      customerId: award.customerId,
      activityType: award.type,
      source: award.source,
      status: 'waiting',
      earned: { ...points.earned },
      ruleIds: [...points.ruleIds],
      schemeId: points.scheme?.id ?? null,
      schemeVersion: points.scheme?.version ?? null,
      comment: award.comment,
      staffId: by.staffId,
      storeId: by.storeId,
      registerId: by.registerId,
      awardedAt: at,
      createdAt: at,
      updatedAt: at,
    })
    .onConflictDoNothing()
    .returning();
  return viewOf(tx, row ?? (await loadAward(tx, award.id, false)));
}

/** A waiting award kept under this id (a retried request), or null. */
export async function keptAward(tx: Session, id: string | undefined) {
  if (id === undefined) return null;
  const [row] = await tx.db.select().from(activityAwards).where(eq(activityAwards.id, id));
  return row ? viewOf(tx, row) : null;
}

async function loadAward(tx: Session, id: string, lock: boolean): Promise<AwardRow> {
  const query = tx.db.select().from(activityAwards).where(eq(activityAwards.id, id));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound(`activity award ${id}`);
  return row;
}

/** The awards in one status, oldest first. */
export async function listAwards(
  session: Session,
  status: AwardRow['status'],
  limit: number,
): Promise<ActivityAwardView[]> {
  const rows = await session.db
    .select({ award: activityAwards, typeName: otherActivityTypes.name })
    .from(activityAwards)
    .innerJoin(otherActivityTypes, eq(otherActivityTypes.id, activityAwards.activityType))
    .where(eq(activityAwards.status, status))
    .orderBy(asc(activityAwards.awardedAt), asc(activityAwards.id))
    .limit(limit);
  return rows.map((row) => toView(row.award, row.typeName));
}

function requireWaiting(row: AwardRow): void {
  if (row.status !== 'waiting')
    throw conflict('awardDecided', `activity award ${row.id} was ${row.status} already`);
}

/**
 * Posts a waiting award as it was kept: its points to the card, as entries of the staff and store
 * that made it, dated now. 409 when the card is no longer active, or when the customer has since
 * reached the type's limit (awards posted or waiting before this one count).
 */
export async function postWaitingAward(
  tx: Session,
  id: string,
  staffId: string,
  now: Date,
): Promise<ActivityAwardView> {
  const row = await loadAward(tx, id, true);
  requireWaiting(row);
  const card = await loadCard(tx, row.cardNumber, true);
  if (card.status !== 'active')
    throw conflict('cardNotActive', `card ${card.number} is ${card.status}: the award cannot post`);
  const type = await loadActivityType(tx, row.activityType);
  const times = await timesAwarded(tx, card, row.activityType, false, row.id);
  if (type?.perCustomerLimit != null && times >= type.perCustomerLimit)
    throw conflict(
      'activityLimitReached',
      `${type.name} can be awarded ${type.perCustomerLimit} time(s) per customer; this ${card.customerId ? 'customer' : 'card'} has had it ${times} time(s)`,
    );
  const points: AwardPoints = {
    earned: row.earned,
    ruleIds: row.ruleIds,
    scheme:
      row.schemeId === null || row.schemeVersion === null
        ? null
        : { id: row.schemeId, version: row.schemeVersion },
  };
  await post(
    tx,
    awardEntries(
      { id: row.id, cardNumber: row.cardNumber, type: row.activityType, comment: row.comment },
      points,
      { staffId: row.staffId, storeId: row.storeId, registerId: row.registerId },
      now,
    ),
    now,
  );
  return decide(tx, row, 'posted', staffId, now);
}

/** Rejects a waiting award: nothing posts, and it no longer counts towards the limit. */
export async function rejectWaitingAward(
  tx: Session,
  id: string,
  staffId: string,
  now: Date,
): Promise<ActivityAwardView> {
  const row = await loadAward(tx, id, true);
  requireWaiting(row);
  return decide(tx, row, 'rejected', staffId, now);
}

async function decide(
  tx: Session,
  row: AwardRow,
  status: 'posted' | 'rejected',
  staffId: string,
  now: Date,
) {
  const [updated] = await tx.db
    .update(activityAwards)
    .set({ status, decidedAt: now, decidedBy: staffId, updatedAt: now })
    .where(eq(activityAwards.id, row.id))
    .returning();
  return viewOf(tx, updated ?? row);
}
