import type {
  AnswerOf,
  BodyIn,
  ParamsIn,
  QueryIn,
  RouteContract,
} from '../../shared/protocol/api/contract';

/**
 * The one way the register and the console talk to the server: JSON over fetch, the tokens they
 * hold, and the server's error body (`{ error: { code, message } }`) turned into an ApiError whose
 * message can be shown to a person as it is.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** What the code's sentence needs filled in (a field, an amount), as the server sent it. */
    readonly details?: unknown,
    /** A request that failed validation: each problem, for the reader's language. */
    readonly problems?: readonly RequestProblem[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** One problem of a refused request, as the server describes it (see the server's app.ts). */
export interface RequestProblem {
  readonly path: string;
  readonly issue: string;
  readonly limit?: number | string;
  readonly expected?: string;
  readonly format?: string;
  /** The id or value at fault (an unknown reference, a duplicate). */
  readonly value?: string;
  /** Another field the problem compares with, by its name in the body ("validFrom"). */
  readonly other?: string;
  /** What else the sentence names: the program a tier belongs to, a currency. */
  readonly owner?: string;
}

export interface Tokens {
  /** A staff session (PIN sign-in). */
  readonly staff?: string | null;
  /** The register's own token, set at enrolment. */
  readonly register?: string | null;
}

/** What a call of a route sends: its path parameters, query and body, as its entry types them. */
export type RouteInput<C> = (ParamsIn<C> extends undefined
  ? { params?: never }
  : { params: ParamsIn<C> }) &
  (QueryIn<C> extends undefined ? { query?: never } : { query?: QueryIn<C> }) &
  (BodyIn<C> extends undefined ? { body?: unknown } : { body: BodyIn<C> });

/** The entry's path with its parameters filled in (each encoded), and its query appended. */
export function routeUrl(
  entry: RouteContract,
  input: { params?: unknown; query?: unknown } = {},
): string {
  const params = (input.params ?? {}) as Record<string, unknown>;
  const path = entry.path.replace(/:(\w+)|\*/g, (_, name: string | undefined) => {
    const value = params[name ?? '*'];
    if (value === undefined || value === null || value === '')
      throw new Error(`${entry.method} ${entry.path}: no value for ${name ?? '*'}`);
    return name === undefined ? String(value) : encodeURIComponent(String(value));
  });
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries((input.query ?? {}) as Record<string, unknown>))
    if (value !== undefined && value !== null) query.set(key, String(value));
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * Checks an answer against the entry's reply schema: a reply of another shape (an older or newer
 * server, a proxy's page) is refused as `badAnswer`, never handed on as if it were right.
 */
export function checkReply<C extends RouteContract>(
  entry: C,
  status: number,
  body: unknown,
): AnswerOf<C> {
  if (entry.reply === undefined) return body as AnswerOf<C>;
  const result = entry.reply.safeParse(body);
  if (!result.success)
    throw new ApiError(
      status,
      'badAnswer',
      `unexpected answer from ${entry.method} ${entry.path}: ${result.error.message}`,
    );
  return result.data as AnswerOf<C>;
}

export interface ApiClient {
  /** Calls a route by its contract entry and validates the reply with the entry's schema. */
  route<C extends RouteContract>(entry: C, input: RouteInput<C>): Promise<AnswerOf<C>>;
}

function errorFrom(status: number, body: unknown): ApiError {
  const error = (
    body as {
      error?: { code?: string; message?: string; details?: unknown; problems?: RequestProblem[] };
    } | null
  )?.error;
  return new ApiError(
    status,
    error?.code ?? 'http',
    error?.message ?? `the server answered ${status}`,
    error?.details,
    Array.isArray(error?.problems) ? error.problems : undefined,
  );
}

async function send(
  baseUrl: string,
  tokens: Tokens,
  method: string,
  path: string,
  body: unknown,
): Promise<{ status: number; body: unknown }> {
  const { staff, register } = tokens;
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (register) {
    headers['authorization'] = `Bearer ${register}`;
    if (staff) headers['x-staff-token'] = staff;
  } else if (staff) {
    headers['authorization'] = `Bearer ${staff}`;
  }
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'offline', 'the server cannot be reached');
  }
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) throw errorFrom(response.status, parsed);
  return { status: response.status, body: parsed };
}

export function apiClient(baseUrl: string, tokens: () => Tokens): ApiClient {
  return {
    async route<C extends RouteContract>(entry: C, input: RouteInput<C>): Promise<AnswerOf<C>> {
      const { body } = input as { body?: unknown };
      const sendsBody = entry.method !== 'GET' && entry.method !== 'DELETE';
      const answer = await send(
        baseUrl,
        tokens(),
        entry.method,
        routeUrl(entry, input),
        sendsBody ? (body ?? {}) : undefined,
      );
      return checkReply(entry, answer.status, answer.body);
    },
  };
}
