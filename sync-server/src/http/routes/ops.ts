import { readMigrationFiles } from '../../db/migration-files';
import { checkReadiness } from '../../observability/readiness';
import { api } from '../../../../shared/protocol/api';
import type { RouteModule } from '../app';
import { serve } from '../serve';
import type { ErrorBody } from '../errors';

/**
 * What the platform running the server asks it (docs/running.md): /healthz, is the process alive
 * (never touches the database, so a database outage does not get every replica restarted);
 * /readyz, can it serve (database reachable, every migration applied), for a load balancer;
 * /metrics, Prometheus' scrape. Probes log at warn only, so they do not flood the log.
 */
export const opsRoutes: RouteModule = (app, context) => {
  const expectedMigrations = readMigrationFiles().length;

  const probe = { hide: true, logLevel: 'warn' } as const;

  serve(
    app,
    api.ops.liveness,
    async () => ({ ok: true as const, database: context.database.description.split(' ')[0] ?? '' }),
    probe,
  );

  serve(
    app,
    api.ops.readiness,
    async ({ reply }) => {
      const readiness = await checkReadiness(context.database, expectedMigrations);
      if (readiness.ready) return { ok: true as const, migrations: readiness.migrations };
      const body: ErrorBody = { error: { code: 'notReady', message: readiness.reason } };
      return reply.status(503).send(body);
    },
    probe,
  );

  serve(
    app,
    api.ops.metrics,
    async ({ reply }) => {
      const { contentType, body } = await context.metrics.render();
      return reply.type(contentType).send(body);
    },
    probe,
  );
};
