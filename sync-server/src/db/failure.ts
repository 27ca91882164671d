import { databaseErrorCode } from './errors';
import { unavailable } from '../errors';

/** Node's socket errors: the database is out of reach, not the data at fault. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND']);

const CONNECTION_MESSAGES =
  /PGlite is closed|Connection terminated|connection error|timeout exceeded when trying to connect|Client was closed/i;

function* causes(error: unknown): Generator<unknown> {
  for (let current = error, depth = 0; current !== undefined && depth < 10; depth += 1) {
    yield current;
    current = current instanceof Error ? current.cause : undefined;
  }
}

/**
 * Whether an error means the database could not be reached or went away (SQLSTATE class 08
 * connection exception or 57 operator intervention, a socket error, or PGlite closed), as opposed
 * to something about the data: the first is worth retrying as a whole, the second is not.
 */
export function isConnectionFailure(error: unknown): boolean {
  const sqlState = databaseErrorCode(error);
  if (sqlState !== undefined) return sqlState.startsWith('08') || sqlState.startsWith('57');
  for (const item of causes(error)) {
    const code = (item as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && SOCKET_CODES.has(code)) return true;
    if (item instanceof Error && CONNECTION_MESSAGES.test(item.message)) return true;
  }
  return false;
}

/** The innermost reason of an error: PostgreSQL's own message rather than drizzle's query text. */
export function rootReason(error: unknown): string {
  let reason = String(error);
  for (const item of causes(error)) reason = item instanceof Error ? item.message : String(item);
  return reason;
}

export const databaseUnavailable = () =>
  unavailable(
    'databaseUnavailable',
    'the database cannot be reached just now: facts answered before this one are stored; push again',
  );
