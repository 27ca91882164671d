import type { Clock } from './clock';
import { systemClock } from './clock';
import type { ServerConfig } from './config';
import type { ServerContext } from './context';
import type { Database } from './db/database';
import { migrate } from './db/migrate';
import { databaseConfigOf, openDatabase } from './db/open';
import type { EventBus } from './events/bus';
import { eventBusFor } from './events/pgBus';
import { startScheduler, type SchedulerOptions } from './jobs/scheduler';
import { armTestFault, testFaultFromEnv } from './testFaults';
import { buildApp, type App } from './http/app';
import { allRoutes } from './http/routes';
import { createLogger, type Logger } from './observability/logger';
import { createMetrics } from './observability/metrics';

export interface RunningServer {
  readonly app: App;
  readonly context: ServerContext;
  readonly url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  readonly config: ServerConfig;
  readonly clock?: Clock;
  /** An already open database (tests); otherwise opened from the config. */
  readonly database?: Database;
  readonly events?: EventBus;
  /** The log (default: JSON on stderr at the config's LOG_LEVEL). */
  readonly log?: Logger;
  /** Run the jobs on their schedules (off unless asked: `serve` asks, tests mostly do not). */
  readonly scheduler?: boolean | SchedulerOptions;
}

/** Opens the database, migrates it, and serves the API, the register and the console on one port. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config } = options;
  // Off unless a test asks for it with NODE_ENV=test; refuses to start on a stray variable.
  armTestFault(testFaultFromEnv(process.env));
  const log = options.log ?? createLogger(config.logLevel);
  const database = options.database ?? (await openDatabase(databaseConfigOf(config), log));
  await migrate(database);
  const context: ServerContext = {
    database,
    clock: options.clock ?? systemClock,
    config,
    events: options.events ?? (await eventBusFor(database, log)),
    log,
    metrics: createMetrics(database, log),
  };
  const app = await buildApp(context, { routes: allRoutes });
  const address = await listenOrRelease(app, config, async () => {
    await context.events.close();
    if (!options.database) await database.close();
  });
  const scheduler = options.scheduler
    ? startScheduler(context, options.scheduler === true ? {} : options.scheduler)
    : null;
  return {
    app,
    context,
    url: address.replace('[::1]', 'localhost'),
    async close() {
      await scheduler?.stop();
      await app.close();
      await context.events.close();
      if (!options.database) await database.close();
    },
  };
}

/**
 * Listens, or on failure (the port taken, an address not ours) closes what was opened before
 * rethrowing: an open pool or LISTEN connection would keep the process alive, and `serve` would
 * hang instead of exiting with the reason.
 */
async function listenOrRelease(
  app: App,
  config: ServerConfig,
  release: () => Promise<void>,
): Promise<string> {
  try {
    return await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close().catch(() => undefined);
    await release().catch(() => undefined);
    throw error;
  }
}
