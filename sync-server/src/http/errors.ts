/**
 * Errors a route throws on purpose: a status, a stable machine-readable code and a sentence a
 * person can act on. Anything else is a bug and answers 500 without details.
 */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (code: string, message: string, details?: unknown) =>
  new ApiError(400, code, message, details);
export const unauthorized = (message = 'sign in first: this needs a valid token') =>
  new ApiError(401, 'unauthorized', message);
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
export const notFound = (what: string) => new ApiError(404, 'notFound', `${what} was not found`);
export const conflict = (code: string, message: string) => new ApiError(409, code, message);

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}
