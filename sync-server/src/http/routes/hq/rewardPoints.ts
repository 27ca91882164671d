import { asc, eq, gt } from 'drizzle-orm';
import type { RewardPoint } from '../../../../../shared/domain/loyalty';
import type { Session } from '../../../db/database';
import { rewardPoints } from '../../../db/schema';
import { invalidField } from '../../../errors';
import { api } from '../../../../../shared/protocol/api';
import { crudRoutes } from './crud';

type Row = typeof rewardPoints.$inferSelect;
type Body = Omit<RewardPoint, 'id'>;

const toWire = (row: Row): RewardPoint => ({
  id: row.id,
  name: row.name,
  type: row.type,
  ...(row.currency ? { currency: row.currency } : {}),
  redeemable: row.redeemable,
  redeemRanking: row.redeemRanking,
  redemptionThreshold: row.redemptionThreshold,
  maxPerCard: row.maxPerCard,
  expiry: row.expiry ?? null,
  expiryCalculation: row.expiryCalculation,
  vesting: row.vesting ?? null,
  expiryWarningDays: row.expiryWarningDays,
});

/** Amount-type points count a currency's minor units, so they need the currency. */
function columns(id: string, body: Body) {
  if (body.type === 'amount' && !body.currency)
    throw invalidField(
      'invalidRewardPoint',
      'currency',
      'required',
      'an amount-type reward point needs a currency',
    );
  return {
    name: body.name ?? id,
    type: body.type,
    currency: body.type === 'amount' ? (body.currency ?? null) : null,
    redeemable: body.redeemable,
    redeemRanking: body.redeemRanking,
    redemptionThreshold: body.redemptionThreshold,
    maxPerCard: body.maxPerCard,
    expiry: body.expiry,
    expiryCalculation: body.expiryCalculation,
    vesting: body.vesting,
    expiryWarningDays: body.expiryWarningDays ?? null,
  };
}

const read = async (session: Session, id: string) => {
  const [row] = await session.db.select().from(rewardPoints).where(eq(rewardPoints.id, id));
  return row ? toWire(row) : null;
};

/** Reward points: `/api/hq/reward-points`. */
export const rewardPointRoutes = crudRoutes<RewardPoint, RewardPoint, Body>({
  routes: api.hq.rewardPoints,
  name: 'reward point',
  key: (item) => item.id,
  async list(session, limit, after) {
    const rows = await session.db
      .select()
      .from(rewardPoints)
      .where(after === undefined ? undefined : gt(rewardPoints.id, after))
      .orderBy(asc(rewardPoints.id))
      .limit(limit);
    return rows.map(toWire);
  },
  read,
  async create(tx, body, now) {
    await tx.db
      .insert(rewardPoints)
      .values({ id: body.id, ...columns(body.id, body), createdAt: now, updatedAt: now });
  },
  async update(tx, id, body, now) {
    const updated = await tx.db
      .update(rewardPoints)
      .set({ ...columns(id, body), updatedAt: now })
      .where(eq(rewardPoints.id, id))
      .returning({ id: rewardPoints.id });
    return updated.length > 0;
  },
});
