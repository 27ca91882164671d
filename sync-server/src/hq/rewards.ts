import { and, asc, eq, gt, sql } from 'drizzle-orm';
import {
  DistributedReward,
  type Reward,
  type DistributedReward as RewardWithVersion,
} from '../../../shared/domain/loyalty';
import { rewardRules } from '../../../shared/domain/toEngine';
import type { RewardRules } from '../../../shared/engine/model';
import type { Session } from '../db/database';
import { rewardPoints, rewards, rewardVersions } from '../db/schema';
import { invalidField } from '../errors';
import { References } from './references';

type Row = typeof rewards.$inferSelect;

const toWire = (row: Row): RewardWithVersion =>
  DistributedReward.parse({ ...row.body, version: row.version });

/** The reward point must exist and be redeemable: a reward is paid for with it. */
async function checkRewardPoint(tx: Session, reward: Reward): Promise<void> {
  await new References().add('rewardPoint', 'rewardPoint', reward.rewardPoint).check(tx);
  const [rp] = await tx.db
    .select({ redeemable: rewardPoints.redeemable })
    .from(rewardPoints)
    .where(eq(rewardPoints.id, reward.rewardPoint));
  if (!rp?.redeemable)
    throw invalidField(
      'invalidReward',
      'rewardPoint',
      'notRedeemable',
      `reward point "${reward.rewardPoint}" is not redeemable`,
      { value: reward.rewardPoint },
    );
}

export async function listRewards(
  session: Session,
  limit: number,
  after: string | undefined,
): Promise<RewardWithVersion[]> {
  const rows = await session.db
    .select()
    .from(rewards)
    .where(after === undefined ? undefined : gt(rewards.id, after))
    .orderBy(asc(rewards.id))
    .limit(limit);
  return rows.map(toWire);
}

export async function readReward(session: Session, id: string): Promise<RewardWithVersion | null> {
  const [row] = await session.db.select().from(rewards).where(eq(rewards.id, id));
  return row ? toWire(row) : null;
}

/** Writes version 1 of a new reward (the caller answers 409 when the id is taken). */
export async function createReward(tx: Session, reward: Reward, now: Date): Promise<void> {
  await checkRewardPoint(tx, reward);
  const columns = { rewardPointId: reward.rewardPoint, active: reward.active, body: reward };
  await tx.db
    .insert(rewards)
    .values({ id: reward.id, version: 1, ...columns, createdAt: now, updatedAt: now });
  await tx.db
    .insert(rewardVersions)
    .values({ rewardId: reward.id, version: 1, body: reward, createdAt: now });
}

/** Replaces a reward as its next version, keeping the earlier ones; false when there is none. */
export async function updateReward(tx: Session, reward: Reward, now: Date): Promise<boolean> {
  await checkRewardPoint(tx, reward);
  const [row] = await tx.db
    .update(rewards)
    .set({
      version: sql`${rewards.version} + 1`,
      rewardPointId: reward.rewardPoint,
      active: reward.active,
      body: reward,
      updatedAt: now,
    })
    .where(eq(rewards.id, reward.id))
    .returning({ version: rewards.version });
  if (!row) return false;
  await tx.db
    .insert(rewardVersions)
    .values({ rewardId: reward.id, version: row.version, body: reward, createdAt: now });
  return true;
}

/** One version of a reward in the engine's terms for a store's currency, or null when unknown. */
export async function rewardVersion(
  session: Session,
  id: string,
  version: number,
  currency: string,
): Promise<RewardRules | null> {
  const [row] = await session.db
    .select({ body: rewardVersions.body })
    .from(rewardVersions)
    .where(and(eq(rewardVersions.rewardId, id), eq(rewardVersions.version, version)));
  return row ? rewardRules(row.body, currency) : null;
}
