import rateLimit, { type FastifyRateLimitStore } from '@fastify/rate-limit';
import LocalStore from '@fastify/rate-limit/store/LocalStore.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../db/database';
import { tooMany } from '../errors';
import { API_ROUTES, routeKey, type LimitClass } from '../../../shared/protocol/api';

const MINUTE = 60_000;

/**
 * Requests per caller, route and minute, by the route's class in the API contract. A caller is a
 * register (its token), a staff member (signed in) or else an address. `secret` stops spraying
 * guesses across staff ids, codes or PINs (beside the per-staff lockout); `contacts` is plenty for
 * a till, too few to sweep for contacts; `money` and `standard` are far above what a register or
 * the console sends (a register pushing a day's backlog sends a few pushes a second).
 */
export const LIMITS: Readonly<Record<Exclude<LimitClass, 'probe'>, number>> = {
  secret: 60,
  contacts: 30,
  money: 3_000,
  standard: 3_000,
};

/** The classes counted in the database, so every server process on it shares one count. */
const SHARED: ReadonlySet<LimitClass> = new Set(['secret', 'contacts', 'money']);

const LIMIT_OF: ReadonlyMap<string, LimitClass> = new Map(
  API_ROUTES.map((entry) => [routeKey(entry.method, entry.path), entry.limit ?? 'standard']),
);

export const limitClassOf = (method: string, url: string): LimitClass =>
  LIMIT_OF.get(routeKey(method, url)) ?? 'standard';

function callerOf(request: FastifyRequest): string {
  const principal = request.principal;
  if (principal?.register) return `register:${principal.register.id}`;
  if (principal?.staff) return `staff:${principal.staff.id}`;
  return `address:${request.ip}`;
}

type Counted = { current: number; ttl: number };
type Done = (error: Error | null, result?: Counted) => void;

/** The plugin's own in-process count (an LRU of callers) for the `standard` class. */
const localCount = (): FastifyRateLimitStore => new LocalStore(false, false, 10_000);

/**
 * A count in PostgreSQL (or the embedded database), one row per caller and route: replicas add
 * to the same row. Rows whose window ended are swept by `sweepRateLimits`, off the request path.
 */
class SharedCount implements FastifyRateLimitStore {
  constructor(
    private readonly database: Database,
    private readonly namespace: string,
  ) {}

  incr(key: string, done: Done, timeWindow: number): void {
    this.database
      .query<Counted>(
        `insert into rate_limits (key, hits, resets_at)
         values ($1, 1, now() + $2::int * interval '1 millisecond')
         on conflict (key) do update set
           hits = case when rate_limits.resets_at <= now() then 1 else rate_limits.hits + 1 end,
           resets_at = case when rate_limits.resets_at <= now() then excluded.resets_at
                            else rate_limits.resets_at end
         returning hits as current,
           greatest(0, extract(epoch from resets_at - now()) * 1000)::int as ttl`,
        [`${this.namespace}${key}`, timeWindow],
      )
      .then(
        (result) => done(null, result.rows[0] ?? { current: 1, ttl: timeWindow }),
        (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
      );
  }

  child(): FastifyRateLimitStore {
    return this;
  }
}

/** What the plugin hands a store's child: the limit's settings, with our own route and class. */
interface ChildSettings {
  readonly limitRoute?: string;
  readonly limitClass?: LimitClass;
}

/** The store the plugin makes: each route's limiter gets the count its class is kept in. */
function storeFor(database: Database) {
  return class RouteCounts implements FastifyRateLimitStore {
    private readonly local = localCount();
    incr(key: string, done: Done, timeWindow: number, max: number): void {
      this.local.incr(key, done, timeWindow, max);
    }
    /** Typed as taking a route, but called with the limiter's merged settings (index.js). */
    child(settings: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      const { limitRoute, limitClass } = settings as unknown as ChildSettings;
      return limitClass && SHARED.has(limitClass)
        ? new SharedCount(database, `${limitRoute}|`)
        : localCount();
    }
  };
}

/** Deletes the counts whose window ended a while ago (a caller seen once leaves one row behind). */
export async function sweepRateLimits(database: Database): Promise<number> {
  const result = await database.query(
    `delete from rate_limits where resets_at < now() - interval '10 minutes'`,
  );
  return result.rowCount;
}

/**
 * Sweeps once a minute while the server runs: one statement a minute instead of one in every
 * counted request (each push is one). A failed sweep is tried again at the next tick.
 */
function sweepWhileOpen(app: FastifyInstance, database: Database): void {
  const timer = setInterval(() => {
    sweepRateLimits(database).catch((error: unknown) =>
      app.log.warn({ err: error }, 'rate limit sweep failed'),
    );
  }, MINUTE);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}

export type RequestLimiter = (request: FastifyRequest) => Promise<void>;

/**
 * Every route is limited by its class (probes never are), counted per caller before the caller's
 * access is checked, so callers without the right token are counted too. Throws `rateLimited`
 * (429) past the limit.
 */
export async function registerRateLimits(
  app: FastifyInstance,
  database: Database,
): Promise<RequestLimiter> {
  await app.register(rateLimit, { global: false, store: storeFor(database) });
  sweepWhileOpen(app, database);
  const limiters = new Map<string, ReturnType<FastifyInstance['createRateLimit']>>();
  const limiterOf = (method: string, url: string) => {
    const key = routeKey(method, url);
    let limiter = limiters.get(key);
    if (!limiter) {
      const limitClass = limitClassOf(method, url);
      if (limitClass === 'probe') return null;
      const settings: ChildSettings = { limitRoute: key, limitClass };
      limiter = app.createRateLimit({
        ...settings,
        max: LIMITS[limitClass],
        timeWindow: MINUTE,
        keyGenerator: callerOf,
        // A database that cannot count does not stop requests it would let through anyway.
        skipOnError: true,
      });
      limiters.set(key, limiter);
    }
    return limiter;
  };
  return async (request) => {
    const url = request.routeOptions.url;
    if (url === undefined) return;
    const limiter = limiterOf(request.method, url);
    if (!limiter) return;
    const answer = await limiter(request);
    if (!answer.isAllowed && answer.isExceeded)
      throw tooMany('rateLimited', `too many requests: try again in ${answer.ttlInSeconds} s`);
  };
}
