import { PushRequest, PushResponse } from '../../../../shared/protocol/sync';
import { ingestPush } from '../../ingest/push';
import { requireRegister } from '../principal';
import type { RouteModule } from '../app';

/** A register pushes its outbox: sales, ledger entries, issued cards and customers (PRODUCT 5). */
export const syncPushRoutes: RouteModule = (app, context) => {
  app.post(
    '/api/sync/push',
    {
      schema: {
        tags: ['sync'],
        summary: 'Push facts from a register; each is answered accepted, duplicate or rejected',
        body: PushRequest,
        response: { 200: PushResponse },
      },
    },
    async (request) => {
      const register = requireRegister(request.principal);
      return ingestPush(context, register, request.body);
    },
  );
};
