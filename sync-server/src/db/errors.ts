/**
 * Drizzle wraps driver errors ("Failed query: ...") and keeps PostgreSQL's own error as `cause`.
 * These read through the wrapping.
 */
function* causeChain(error: unknown): Generator<unknown> {
  for (let current = error, depth = 0; current !== undefined && depth < 10; depth += 1) {
    yield current;
    current = current instanceof Error ? current.cause : undefined;
  }
}

/** Every message in the chain, outermost first: the query and PostgreSQL's reason together. */
export function describeError(error: unknown): string {
  let text = '';
  for (const item of causeChain(error)) {
    const message = item instanceof Error ? item.message : String(item);
    // A wrapper often repeats its cause's message already: say it once.
    if (!text.includes(message)) text = text ? `${text}: ${message}` : message;
  }
  return text;
}

/** The SQLSTATE code (e.g. 23505 for a unique violation) of a failed query, if it has one. */
export function databaseErrorCode(error: unknown): string | undefined {
  for (const item of causeChain(error)) {
    const code = (item as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}
