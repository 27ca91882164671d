import { api } from '../../../../shared/protocol/api';
import { syncHealth } from '../../reports/syncHealth';
import type { RouteModule } from '../app';
import { serve } from '../serve';

/** Head office's view of every register's sync: last contact, outbox, version lag, clock, facts. */
export const hqHealthRoutes: RouteModule = (app, context) => {
  serve(app, api.hq.syncHealth, async () =>
    syncHealth(context.database, new Date(context.clock.now())),
  );
};
