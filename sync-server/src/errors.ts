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

/**
 * One field at fault, in a form a client translates: where it is in the request, what kind of
 * problem (a word the clients' `validation.*` texts know) and the values its sentence names.
 */
export interface FieldProblem {
  readonly path: string;
  readonly issue: string;
  /** The id or value the field held (an unknown reference, a duplicate). */
  readonly value?: string;
  /** Another field the problem compares with ("must be after validFrom"). */
  readonly other?: string;
  /** The program a tier belongs to, a currency: what else the sentence names. */
  readonly owner?: string;
}

/** An error thrown on purpose: a kind, a stable machine-readable code and a sentence to act on. */
export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** The fields at fault, for a client to mark and translate; the message says it in English. */
    readonly problems?: readonly FieldProblem[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badRequest = (code: string, message: string, details?: unknown) =>
  new DomainError('invalid', code, message, details);

/** A problem of one field with its English sentence ("earning.0.rewardPoint: unknown ..."). */
export interface FieldFault {
  readonly problem: FieldProblem;
  readonly text: string;
}

export const fieldFault = (
  path: string,
  issue: string,
  text: string,
  values: Omit<FieldProblem, 'path' | 'issue'> = {},
): FieldFault => ({ problem: { path, issue, ...values }, text: `${path}: ${text}` });

/**
 * A 400 naming the fields at fault: the message and details in English for logs and API users,
 * the problems for the console and register to mark each field in the reader's language.
 */
export const invalidFields = (
  code: string,
  faults: readonly FieldFault[],
  kind: ErrorKind = 'invalid',
) =>
  new DomainError(
    kind,
    code,
    faults.map((fault) => fault.text).join('; '),
    faults.map((fault) => fault.text),
    faults.map((fault) => fault.problem),
  );

/** A 400 about one field: `invalidFields` for a single fault. */
export const invalidField = (
  code: string,
  path: string,
  issue: string,
  text: string,
  values: Omit<FieldProblem, 'path' | 'issue'> = {},
) => invalidFields(code, [fieldFault(path, issue, text, values)]);
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
