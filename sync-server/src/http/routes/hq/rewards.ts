import type { DistributedReward, Reward } from '../../../../../shared/domain/loyalty';
import { api } from '../../../../../shared/protocol/api';
import { createReward, listRewards, readReward, updateReward } from '../../../hq/rewards';
import { crudRoutes } from './crud';

/** The rewards catalogue: `/api/hq/rewards`; every change is a new version the stores receive. */
export const rewardRoutes = crudRoutes<DistributedReward, Reward, Reward>({
  routes: api.hq.rewards,
  name: 'reward',
  key: (item) => item.id,
  list: listRewards,
  read: readReward,
  create: createReward,
  update: (tx, id, body, now) => updateReward(tx, { ...body, id }, now),
});
