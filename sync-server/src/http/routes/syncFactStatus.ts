import { api } from '../../../../shared/protocol/api';
import { PROTOCOL_VERSION } from '../../../../shared/protocol/sync';
import { requireRegister } from '../../auth/principal';
import { factStatuses } from '../../ingest/factStatus';
import type { RouteModule } from '../app';
import { serve } from '../serve';

/** A register catches up on the outcome of its facts it missed on the event stream. */
export const syncFactStatusRoutes: RouteModule = (app, context) => {
  serve(app, api.sync.factStatus, async ({ principal, body }) => {
    const register = requireRegister(principal);
    const facts = await factStatuses(context.database, register.id, body.ids);
    return { protocol: PROTOCOL_VERSION, facts };
  });
};
