import { api } from '../../../../../shared/protocol/api';
import { listSales } from '../../../hq/sales';
import type { RouteModule } from '../../app';
import { serve } from '../../serve';

/**
 * Receipts the server keeps, for head office to try a scheme on a real basket:
 * `GET /api/hq/sales?search=&store=&register=&limit=&before=`, newest first.
 */
export const saleRoutes: RouteModule = (app, context) => {
  serve(app, api.hq.sales, async ({ query }) => listSales(context.database, query));
};
