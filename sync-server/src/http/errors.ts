import type { ErrorKind, FieldProblem } from '../errors';

/** The one place a domain error kind becomes an HTTP status. */
export const STATUS_OF_KIND: Readonly<Record<ErrorKind, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  tooLarge: 413,
  tooMany: 429,
  unavailable: 503,
};

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    details?: unknown;
    /** A request that failed validation, or the fields at fault: each for a client to translate. */
    problems?: readonly { path: string; issue: string }[] | readonly FieldProblem[];
  };
}
