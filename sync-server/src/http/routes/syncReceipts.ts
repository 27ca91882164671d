import { api } from '../../../../shared/protocol/api';
import { requireRegister } from '../../auth/principal';
import { notFound } from '../../errors';
import { receiptForReturn } from '../../returns/receiptForReturn';
import type { RouteModule } from '../app';
import { serve } from '../serve';

/** A register finds a receipt of its own store by the number printed on it, to return its items. */
export const syncReceiptRoutes: RouteModule = (app, context) => {
  serve(app, api.sync.receiptForReturn, async ({ principal, query }) => {
    const register = requireRegister(principal);
    const found = await receiptForReturn(context.database, register.store, query.number);
    if (!found) throw notFound(`receipt ${query.number} of store ${register.store}`);
    return found;
  });
};
