import { eq } from 'drizzle-orm';
import type { Session } from '../../../db/database';
import { otherActivityTypes } from '../../../db/schema';
import {
  listActivityTypes,
  loadActivityType,
  type ActivityType as DomainActivityType,
} from '../../../cards/activityAward';
import { References } from '../../../hq/references';
import { api, type ActivityType } from '../../../../../shared/protocol/api';
import { crudRoutes } from './crud';

type Body = Omit<ActivityType, 'id'>;

/** The activity type as the API carries it. */
const toWire = (type: DomainActivityType): ActivityType => ({
  id: type.id,
  name: type.name,
  rewardPoint: type.rewardPoint,
  points: type.points,
  perCustomerLimit: type.perCustomerLimit,
  needsReview: type.needsReview,
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

/** Other activity types (registration, newsletter, review, visit): `/api/hq/activity-types`. */
export const activityTypeRoutes = crudRoutes<ActivityType, ActivityType, Body>({
  routes: api.hq.activityTypes,
  name: 'other activity type',
  key: (item) => item.id,
  async list(session, limit, after) {
    return (await listActivityTypes(session, limit, after)).map(toWire);
  },
  async read(session, id) {
    const type = await loadActivityType(session, id);
    return type ? toWire(type) : null;
  },
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
