import { SyncHealth, syncHealth } from '../../reports/syncHealth';
import type { RouteModule } from '../app';
import { requireStaff } from '../../auth/principal';

/** Head office's view of every register's sync: last contact, outbox, version lag, clock, facts. */
export const hqHealthRoutes: RouteModule = (app, context) => {
  app.get(
    '/api/hq/sync-health',
    { schema: { tags: ['sync health'], response: { 200: SyncHealth } } },
    async (request) => {
      requireStaff(request.principal, 'headOffice');
      return syncHealth(context.database, new Date(context.clock.now()));
    },
  );
};
