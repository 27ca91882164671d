import { Id } from '../../../../../shared/domain/common';
import { DistributedReward, Reward } from '../../../../../shared/domain/loyalty';
import { createReward, listRewards, readReward, updateReward } from '../../../hq/rewards';
import { crudRoutes } from './crud';

/** The rewards catalogue: `/api/hq/rewards`; every change is a new version the stores receive. */
export const rewardRoutes = crudRoutes<DistributedReward, Reward, Reward>({
  path: '/api/hq/rewards',
  tag: 'rewards',
  name: 'reward',
  wire: DistributedReward,
  createBody: Reward,
  updateBody: Reward.extend({ id: Id.optional() }).transform((body) => body as Reward),
  key: (item) => item.id,
  list: listRewards,
  read: readReward,
  create: createReward,
  update: (tx, id, body, now) => updateReward(tx, { ...body, id }, now),
});
