/**
 * What went wrong, in the domain's words. Domain code throws these; the HTTP layer alone maps a
 * kind to a status code (http/errors.ts). Anything else thrown is a bug and answers 500 without
 * details.
 */
export type ErrorKind =
  /** The input breaks a rule: fixing the input fixes it. */
  | 'invalid'
  /** No valid sign-in or token. */
  | 'unauthenticated'
  /** Signed in, but not allowed to do this. */
  | 'forbidden'
  | 'notFound'
  /** The input is valid but clashes with what is stored (a duplicate, a state that moved on). */
  | 'conflict'
  /** The input is larger than the server takes: send it in parts. */
  | 'tooLarge'
  /** Too many attempts: wait and try again. */
  | 'tooMany'
  /** Something the server needs is out of reach: retry the whole request. */
  | 'unavailable';

/** An error thrown on purpose: a kind, a stable machine-readable code and a sentence to act on. */
export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badRequest = (code: string, message: string, details?: unknown) =>
  new DomainError('invalid', code, message, details);
export const unauthorized = (message = 'sign in first: this needs a valid token') =>
  new DomainError('unauthenticated', 'unauthorized', message);
export const forbidden = (message: string) => new DomainError('forbidden', 'forbidden', message);
export const notFound = (what: string) =>
  new DomainError('notFound', 'notFound', `${what} was not found`);
export const conflict = (code: string, message: string) =>
  new DomainError('conflict', code, message);
export const tooLarge = (code: string, message: string) =>
  new DomainError('tooLarge', code, message);
export const tooMany = (code: string, message: string) => new DomainError('tooMany', code, message);
export const unavailable = (code: string, message: string) =>
  new DomainError('unavailable', code, message);
