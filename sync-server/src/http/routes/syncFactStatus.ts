import {
  FactStatusRequest,
  FactStatusResponse,
  PROTOCOL_VERSION,
} from '../../../../shared/protocol/sync';
import { factStatuses } from '../../ingest/factStatus';
import { requireRegister } from '../../auth/principal';
import type { RouteModule } from '../app';

/** A register catches up on the outcome of its facts it missed on the event stream. */
export const syncFactStatusRoutes: RouteModule = (app, context) => {
  app.post(
    '/api/sync/fact-status',
    {
      schema: {
        tags: ['sync'],
        summary: "The status of this register's facts: pending, posted or rejected with its reason",
        body: FactStatusRequest,
        response: { 200: FactStatusResponse },
      },
    },
    async (request) => {
      const register = requireRegister(request.principal);
      const facts = await factStatuses(context.database, register.id, request.body.ids);
      return { protocol: PROTOCOL_VERSION, facts } satisfies FactStatusResponse;
    },
  );
};
