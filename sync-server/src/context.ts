import type { Clock } from './clock';
import type { ServerConfig } from './config';
import type { Database } from './db/database';
import type { EventBus } from './events/bus';
import { createLogger, type Logger } from './observability/logger';
import { createMetrics, type Metrics } from './observability/metrics';

/** Everything a route or a job needs from the outside world, passed in once at start. */
export interface ServerContext {
  readonly database: Database;
  readonly clock: Clock;
  readonly config: ServerConfig;
  readonly events: EventBus;
  /** The structured log; parts log through children of it (a job run's carries its name and id). */
  readonly log: Logger;
  readonly metrics: Metrics;
}

/** A context for work outside the HTTP server (a CLI command): its own log and metrics. */
export function contextFor(
  parts: Omit<ServerContext, 'log' | 'metrics'> & { readonly log?: Logger },
): ServerContext {
  const log = parts.log ?? createLogger(parts.config.logLevel);
  return { ...parts, log, metrics: createMetrics(parts.database, log) };
}
