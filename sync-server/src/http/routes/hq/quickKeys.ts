import { z } from 'zod';
import { Id } from '../../../../../shared/domain/common';
import { QuickKeys } from '../../../../../shared/domain/master';
import { readQuickKeys, writeQuickKeys } from '../../../hq/quickKeys';
import type { RouteModule } from '../../app';
import { requireStaff } from '../../../auth/principal';

const StoreParams = z.object({ store: Id });
const QuickKeysOut = z.object({
  store: Id,
  keys: z.array(z.object({ product: Id, name: z.string() })),
});
const QuickKeysIn = z.object({ keys: QuickKeys });
const tags = ['stores'];

/**
 * A store's quick keys: `/api/hq/stores/:store/quick-keys`. Head office puts the products in grid
 * order; the next distribution (1050) takes them to the store's registers with the store itself.
 */
export const quickKeyRoutes: RouteModule = (app, context) => {
  const { database } = context;

  app.get(
    '/api/hq/stores/:store/quick-keys',
    { schema: { tags, params: StoreParams, response: { 200: QuickKeysOut } } },
    async (request) => {
      requireStaff(request.principal, 'headOffice');
      const { store } = request.params;
      return { store, keys: await readQuickKeys(database, store) };
    },
  );

  app.put(
    '/api/hq/stores/:store/quick-keys',
    {
      schema: { tags, params: StoreParams, body: QuickKeysIn, response: { 200: QuickKeysOut } },
    },
    async (request) => {
      requireStaff(request.principal, 'headOffice');
      const { store } = request.params;
      const keys = await database.transaction(async (tx) => {
        await writeQuickKeys(tx, store, request.body.keys);
        return readQuickKeys(tx, store);
      });
      return { store, keys };
    },
  );
};
