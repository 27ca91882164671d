import rateLimit, { type FastifyRateLimitStore } from '@fastify/rate-limit';
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

/** A count kept in this process: for the `standard` class. Oldest keys go first past `room`. */
class LocalCount implements FastifyRateLimitStore {
  private readonly windows = new Map<string, { hits: number; resetsAt: number }>();
  constructor(private readonly room = 10_000) {}

  incr(key: string, done: Done, timeWindow: number): void {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.resetsAt <= now) {
      window = { hits: 0, resetsAt: now + timeWindow };
      this.windows.delete(key);
      this.windows.set(key, window);
      if (this.windows.size > this.room)
        this.windows.delete(this.windows.keys().next().value ?? '');
    }
    window.hits += 1;
    done(null, { current: window.hits, ttl: window.resetsAt - now });
  }

  child(): FastifyRateLimitStore {
    return new LocalCount(this.room);
  }
}

/**
 * A count in PostgreSQL (or the embedded database), one row per caller and route: replicas add
 * to the same row. Each call also sweeps a few rows whose window ended long ago.
 */
class SharedCount implements FastifyRateLimitStore {
  constructor(
    private readonly database: Database,
    private readonly namespace: string,
  ) {}

  incr(key: string, done: Done, timeWindow: number): void {
    this.database
      .query<Counted>(
        `with swept as (
           delete from rate_limits where key in (
             select key from rate_limits where resets_at < now() - interval '10 minutes' limit 10))
         insert into rate_limits (key, hits, resets_at)
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
    private readonly local = new LocalCount();
    incr(key: string, done: Done, timeWindow: number): void {
      this.local.incr(key, done, timeWindow);
    }
    /** Typed as taking a route, but called with the limiter's merged settings (index.js). */
    child(settings: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      const { limitRoute, limitClass } = settings as unknown as ChildSettings;
      return limitClass && SHARED.has(limitClass)
        ? new SharedCount(database, `${limitRoute}|`)
        : new LocalCount();
    }
  };
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
