import type { Clock } from './clock';
import type { ServerConfig } from './config';
import type { Database } from './db/database';
import type { EventBus } from './events/bus';

/** Everything a route or a job needs from the outside world, passed in once at start. */
export interface ServerContext {
  readonly database: Database;
  readonly clock: Clock;
  readonly config: ServerConfig;
  readonly events: EventBus;
}
