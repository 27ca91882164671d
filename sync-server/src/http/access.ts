import type { FastifyRequest } from 'fastify';
import { managerActor } from '../cards/access';
import type { ServerConfig } from '../config';
import { forbidden, unauthorized } from '../errors';
import { requireRegister, requireStaff, type Principal } from '../auth/principal';
import { API_ROUTES, routeKey, type Access } from '../../../shared/protocol/api';

export { routeKey, type Access };

export interface RouteEntry {
  readonly method: string;
  readonly url: string;
}

/**
 * Every route the server answers and the least it needs, from the API contract
 * (shared/protocol/api): a route cannot be served without an entry there, and so without its
 * access level (test/security/routeMatrix.test.ts and test/server/contract.test.ts).
 */
export const ROUTE_ACCESS: ReadonlyMap<string, Access> = new Map(
  API_ROUTES.map((entry) => [routeKey(entry.method, entry.path), entry.access]),
);

/** The API description and its viewer's files (one route per file) are public. */
const isDocs = (url: string) => url === '/docs' || url.startsWith('/docs/');

export function accessOf(method: string, url: string): Access | undefined {
  return isDocs(url) ? 'public' : ROUTE_ACCESS.get(routeKey(method, url));
}

function registerOrHeadOffice(request: FastifyRequest): void {
  const principal = request.principal;
  if (principal?.register) return;
  if (!principal?.staff) throw unauthorized('this needs a register token or a head office sign-in');
  requireStaff(principal, 'headOffice');
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** Whether a caller may read /metrics (see the `metrics` access level). */
export function mayReadMetrics(
  caller: { ip: string; principal: Principal | null },
  metricsToken: string | undefined,
): boolean {
  return metricsToken ? caller.principal?.metricsReader === true : LOOPBACK.test(caller.ip);
}

function metricsReader(request: FastifyRequest, config: AccessConfig): void {
  if (mayReadMetrics(request, config.metricsToken)) return;
  throw config.metricsToken
    ? unauthorized('metrics need the METRICS_TOKEN bearer token')
    : forbidden('metrics answer only on this machine unless METRICS_TOKEN is set');
}

/** The settings access depends on. */
export type AccessConfig = Pick<ServerConfig, 'metricsToken'>;

/**
 * The onRequest check (before any body is read): refuses a caller below the route's floor (401 without a token, 403
 * with one of the wrong kind). Every route has an entry: the app refuses to register one that
 * is not in the contract (see app.ts).
 */
export function checkAccess(request: FastifyRequest, config: AccessConfig): void {
  const url = request.routeOptions.url;
  if (url === undefined) return;
  const access = accessOf(request.method, url);
  if (access === undefined || access === 'public') return;
  if (access === 'metrics') metricsReader(request, config);
  else if (access === 'register') requireRegister(request.principal);
  else if (access === 'registerOrHeadOffice') registerOrHeadOffice(request);
  else if (access === 'manager') managerActor(request.principal);
  else requireStaff(request.principal, access === 'staff' ? 'cashier' : access);
}
