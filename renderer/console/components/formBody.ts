import type { BodyIn, RouteContract } from '../../../shared/protocol/api';

/**
 * A form's body for a route. The console sends what a person typed (a number with a letter in it
 * stays text, form.ts), so the server's validation names the field in the reader's language; this
 * only states which route the body is for, it does not check it.
 */
export const formBody = <C extends RouteContract>(_route: C, body: object): BodyIn<C> =>
  body as BodyIn<C>;
