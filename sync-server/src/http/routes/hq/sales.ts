import { listSales, SalesPage, SalesQuery } from '../../../hq/sales';
import type { RouteModule } from '../../app';
import { requireStaff } from '../../../auth/principal';

/**
 * Receipts the server keeps, for head office to try a scheme on a real basket:
 * `GET /api/hq/sales?search=&store=&register=&limit=&before=`, newest first.
 */
export const saleRoutes: RouteModule = (app, context) => {
  app.get(
    '/api/hq/sales',
    {
      schema: {
        tags: ['sales'],
        summary:
          'stored receipts, newest first; `search` matches the start of a receipt id or card',
        querystring: SalesQuery,
        response: { 200: SalesPage },
      },
    },
    async (request) => {
      requireStaff(request.principal, 'headOffice');
      return listSales(context.database, request.query);
    },
  );
};
