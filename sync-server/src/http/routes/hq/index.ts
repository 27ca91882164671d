import type { RouteModule } from '../../app';
import { activityTypeRoutes } from './activityTypes';
import { affiliationRoutes } from './affiliations';
import { customerRoutes } from './customers';
import { productRoutes } from './products';
import { programRoutes } from './programs';
import { quickKeyRoutes } from './quickKeys';
import { registerRoutes } from './registers';
import { rewardPointRoutes } from './rewardPoints';
import { rewardRoutes } from './rewards';
import { saleRoutes } from './sales';
import { schemeRoutes } from './schemes';
import { staffRoutes } from './staff';
import { storeRoutes } from './stores';
import { vatRateRoutes } from './vatRates';

const modules: RouteModule[] = [
  rewardPointRoutes,
  programRoutes,
  schemeRoutes,
  rewardRoutes,
  affiliationRoutes,
  storeRoutes,
  registerRoutes,
  quickKeyRoutes,
  staffRoutes,
  productRoutes,
  customerRoutes,
  activityTypeRoutes,
  saleRoutes,
  vatRateRoutes,
];

/** Head office's master data API under /api/hq: one module per resource. */
export const hqRoutes: RouteModule = async (app, context) => {
  for (const routes of modules) await routes(app, context);
};
