import { asc, eq, gt } from 'drizzle-orm';
import type { Session } from '../../../db/database';
import { otherActivityTypes } from '../../../db/schema';
import { References } from '../../../hq/references';
import { api, type ActivityType } from '../../../../../shared/protocol/api';
import { crudRoutes } from './crud';

type Body = Omit<ActivityType, 'id'>;
type Row = typeof otherActivityTypes.$inferSelect;

const toWire = (row: Row): ActivityType => ({
  id: row.id,
  name: row.name,
  rewardPoint: row.rewardPointId,
  points: row.points,
  perCustomerLimit: row.perCustomerLimit,
  needsReview: row.needsReview,
});

async function columns(tx: Session, body: Body) {
  await new References().add('rewardPoint', 'rewardPoint', body.rewardPoint).check(tx);
  return {
    name: body.name,
    rewardPointId: body.rewardPoint,
    points: body.points,
    perCustomerLimit: body.perCustomerLimit,
    needsReview: body.needsReview,
  };
}

const read = async (session: Session, id: string) => {
  const [row] = await session.db
    .select()
    .from(otherActivityTypes)
    .where(eq(otherActivityTypes.id, id));
  return row ? toWire(row) : null;
};

/** Other activity types (registration, newsletter, review, visit): `/api/hq/activity-types`. */
export const activityTypeRoutes = crudRoutes<ActivityType, ActivityType, Body>({
  routes: api.hq.activityTypes,
  name: 'other activity type',
  key: (item) => item.id,
  async list(session, limit, after) {
    const rows = await session.db
      .select()
      .from(otherActivityTypes)
      .where(after === undefined ? undefined : gt(otherActivityTypes.id, after))
      .orderBy(asc(otherActivityTypes.id))
      .limit(limit);
    return rows.map(toWire);
  },
  read,
  async create(tx, body, now) {
    const values = await columns(tx, body);
    await tx.db
      .insert(otherActivityTypes)
      .values({ id: body.id, ...values, createdAt: now, updatedAt: now });
  },
  async update(tx, id, body, now) {
    const values = await columns(tx, body);
    const updated = await tx.db
      .update(otherActivityTypes)
      .set({ ...values, updatedAt: now })
      .where(eq(otherActivityTypes.id, id))
      .returning({ id: otherActivityTypes.id });
    return updated.length > 0;
  },
});
