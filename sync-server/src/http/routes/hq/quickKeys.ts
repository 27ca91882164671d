import { api } from '../../../../../shared/protocol/api';
import { readQuickKeys, writeQuickKeys } from '../../../hq/quickKeys';
import type { RouteModule } from '../../app';
import { serve } from '../../serve';

/**
 * A store's quick keys: `/api/hq/stores/:store/quick-keys`. Head office puts the products in grid
 * order; the next distribution (1050) takes them to the store's registers with the store itself.
 */
export const quickKeyRoutes: RouteModule = (app, context) => {
  const { database } = context;

  serve(app, api.hq.quickKeys.get, async ({ params: { store } }) => ({
    store,
    keys: await readQuickKeys(database, store),
  }));

  serve(app, api.hq.quickKeys.replace, async ({ params: { store }, body }) => {
    const keys = await database.transaction(async (tx) => {
      await writeQuickKeys(tx, store, body.keys);
      return readQuickKeys(tx, store);
    });
    return { store, keys };
  });
};
