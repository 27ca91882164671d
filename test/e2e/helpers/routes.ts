import { routeUrl } from '../../../renderer/common/api';
import {
  API_PREFIX,
  type AnswerOf,
  type ParamsIn,
  type QueryIn,
  type RouteContract,
} from '../../../shared/protocol/api';
import type { TestServer } from '../../server/helpers/server';

/** What a spec sends a route: its path parameters and query, any body, and whose token. */
export interface RouteCall<C> {
  readonly params?: ParamsIn<C>;
  readonly query?: QueryIn<C>;
  /** Not typed by the route's schema: a spec may send a body the server must refuse. */
  readonly body?: unknown;
  readonly token?: string;
}

/**
 * Calls a route by its contract entry over HTTP. The answer comes back as it came, whatever its
 * status (the spec checks it); its body is typed as the route's reply.
 */
export function callRoute<C extends RouteContract>(
  server: TestServer,
  entry: C,
  call: RouteCall<C> = {},
): Promise<{ status: number; body: AnswerOf<C> }> {
  return server.call<AnswerOf<C>>(entry.method, routeUrl(entry, call), {
    ...(call.token === undefined ? {} : { token: call.token }),
    ...(call.body === undefined ? {} : { body: call.body }),
  });
}

/**
 * A glob for `page.route` that matches a route's requests on any host: its path parameters filled
 * in, or any value where none is given. Append `*` to match a query too.
 */
export function routeGlob(entry: RouteContract, params: Record<string, string> = {}): string {
  const path = entry.path.replace(/:(\w+)/g, (_, name: string) => params[name] ?? '*');
  return `**${path}`;
}

/** A glob for `page.route` that matches every API request: the server out of reach. */
export const EVERY_API_CALL = `**${API_PREFIX}**`;
