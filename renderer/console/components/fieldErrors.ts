/**
 * The server names the field at fault at the start of each problem it reports ("body.tiers.0.id:
 * must not be empty; program: unknown program"). These helpers read those paths back out of the
 * message so each editor can mark the inputs concerned.
 */
export interface FieldError {
  /** The path in the request body, as segments: ["tiers", "0", "id"]. */
  readonly path: readonly string[];
  readonly message: string;
}

const PROBLEM = /^([A-Za-z_][\w-]*(?:\.[\w-]+)*): ([\s\S]+)$/;
/** Where the server's validation says the problem is; the rest of the path is in the body. */
const REQUEST_PARTS = new Set(['body', 'querystring', 'params']);

/** The problems of an error message that name a field; others (a conflict, say) name none. */
export function fieldErrorsOf(error: unknown): FieldError[] {
  const message = error instanceof Error ? error.message : '';
  const code = (error as { code?: unknown } | null)?.code;
  // A taken id is the id field's problem, though the sentence names the resource instead.
  if (code === 'alreadyExists') return [{ path: ['id'], message }];
  return message.split(/; (?=[A-Za-z_][\w.-]*: )/).flatMap((problem) => {
    const match = PROBLEM.exec(problem.trim());
    if (!match?.[1] || !match[2]) return [];
    const segments = match[1].split('.');
    const path = REQUEST_PARTS.has(segments[0] ?? '') ? segments.slice(1) : segments;
    return [{ path, message: match[2] }];
  });
}

const startsWith = (path: readonly string[], prefix: readonly string[]) =>
  prefix.every((segment, i) => path[i] === segment);

export const pathOf = (text: string): string[] => (text === '' ? [] : text.split('.'));

/** The errors at or below any of the given paths (an empty list of paths matches nothing). */
export const errorsAt = (
  errors: readonly FieldError[],
  paths: readonly string[],
): readonly FieldError[] =>
  errors.filter((error) => paths.some((path) => startsWith(error.path, pathOf(path))));

/** The errors below `prefix`, with the prefix taken off their paths. */
export const errorsUnder = (errors: readonly FieldError[], prefix: readonly string[]) =>
  errors
    .filter((error) => startsWith(error.path, prefix))
    .map((error) => ({ ...error, path: error.path.slice(prefix.length) }));
