import type { z } from 'zod';

/**
 * Who may call a route at all. The server checks it before the body is read, so a caller without
 * the right token learns nothing but "not allowed"; handlers make only the finer checks (their
 * store, their register, the card's program).
 */
export type Access =
  | 'public'
  | 'register'
  | 'registerOrHeadOffice'
  /** Any signed-in staff member (a cashier or above). */
  | 'staff'
  /** Head office, or a manager at a register of a store they work in. */
  | 'manager'
  | 'headOffice'
  /**
   * Prometheus' scraper: the bearer METRICS_TOKEN when one is configured; without one, only a
   * caller on the server's loopback interface.
   */
  | 'metrics';

export const ACCESS_LEVELS: readonly Access[] = [
  'public',
  'register',
  'registerOrHeadOffice',
  'staff',
  'manager',
  'headOffice',
  'metrics',
];

/**
 * How often one caller may call a route (the server sets the numbers, docs/security.md):
 * `secret` takes a PIN or a code from the caller, `contacts` looks customers up by phone or
 * e-mail, `money` writes points or facts; these three are counted across every server process.
 * `standard` (the default) is counted per process; `probe` is never limited (health checks).
 */
export type LimitClass = 'secret' | 'contacts' | 'money' | 'standard' | 'probe';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** The status codes a route answers when it succeeds. */
export type SuccessStatus = 200 | 201 | 202 | 204;

/**
 * One route of the API, stated once: the server registers it from this entry, its access level
 * comes from here, and the clients build its path and check its reply with it. A route without
 * a `reply` answers something other than JSON (a page, metrics, a stream of events).
 */
export interface RouteContract<
  Params extends z.ZodType | undefined = z.ZodType | undefined,
  Query extends z.ZodType | undefined = z.ZodType | undefined,
  Body extends z.ZodType | undefined = z.ZodType | undefined,
  Reply extends z.ZodType | undefined = z.ZodType | undefined,
> {
  readonly method: Method;
  /** Fastify's form: `:name` for a path parameter, `*` for the rest of the path. */
  readonly path: string;
  readonly access: Access;
  /** How often one caller may call it; `standard` unless stated. */
  readonly limit?: LimitClass;
  readonly params?: Params;
  readonly query?: Query;
  readonly body?: Body;
  readonly reply?: Reply;
  /** When it succeeds; 200 unless stated. Several when the reply tells apart two outcomes. */
  readonly status?: SuccessStatus | readonly SuccessStatus[];
  /** For the API description. */
  readonly summary?: string;
  readonly tags?: readonly string[];
}

/** Keeps each schema's own type in the entry (so handlers and clients infer from it). */
export function route<
  Params extends z.ZodType | undefined = undefined,
  Query extends z.ZodType | undefined = undefined,
  Body extends z.ZodType | undefined = undefined,
  Reply extends z.ZodType | undefined = undefined,
>(entry: RouteContract<Params, Query, Body, Reply>): RouteContract<Params, Query, Body, Reply> {
  return entry;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
type In<S> = S extends z.ZodType ? z.input<S> : undefined;
type AnyRoute<P, Q, B, R> = RouteContract<
  P & (z.ZodType | undefined),
  Q & (z.ZodType | undefined),
  B & (z.ZodType | undefined),
  R & (z.ZodType | undefined)
>;

/** What a handler receives, after validation. */
export type ParamsOf<C> = C extends AnyRoute<infer P, unknown, unknown, unknown> ? Out<P> : never;
export type QueryOf<C> = C extends AnyRoute<unknown, infer Q, unknown, unknown> ? Out<Q> : never;
export type BodyOf<C> = C extends AnyRoute<unknown, unknown, infer B, unknown> ? Out<B> : never;
/** What a handler answers, before serialisation. */
export type ReplyOf<C> = C extends AnyRoute<unknown, unknown, unknown, infer R> ? In<R> : never;
/** What a client gets back, after validation. */
export type AnswerOf<C> = C extends AnyRoute<unknown, unknown, unknown, infer R> ? Out<R> : never;
/** What a client sends: the params, query and body as the server's schemas take them. */
export type ParamsIn<C> = C extends AnyRoute<infer P, unknown, unknown, unknown> ? In<P> : never;
export type QueryIn<C> = C extends AnyRoute<unknown, infer Q, unknown, unknown> ? In<Q> : never;
export type BodyIn<C> = C extends AnyRoute<unknown, unknown, infer B, unknown> ? In<B> : never;

/** Where every route of the API lives: the clients name no path under it but by its entry. */
export const API_PREFIX = '/api/';

export const routeKey = (method: string, path: string): string =>
  `${method === 'HEAD' ? 'GET' : method} ${path}`;

export const successStatuses = (entry: RouteContract): readonly SuccessStatus[] =>
  entry.status === undefined
    ? [200]
    : typeof entry.status === 'number'
      ? [entry.status]
      : entry.status;
