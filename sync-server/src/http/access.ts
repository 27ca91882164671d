import type { FastifyRequest } from 'fastify';
import { managerActor } from '../cards/access';
import type { ServerConfig } from '../config';
import { forbidden, unauthorized } from '../errors';
import { requireRegister, requireStaff, type Principal } from '../auth/principal';

/**
 * Who may call a route at all, checked before the body is validated so that a caller without the
 * right token learns nothing but "not allowed". The handlers still make the finer checks (their
 * store, their register, a register beside a manager's sign-in); this is the floor under them.
 */
export type Access =
  | 'public'
  | 'register'
  | 'registerOrHeadOffice'
  | 'staff'
  /** Head office, or a manager at a register of a store they work in. */
  | 'manager'
  | 'headOffice'
  /**
   * Prometheus' scraper: the bearer METRICS_TOKEN when one is configured; without one, only a
   * caller on this machine's loopback interface (a scraper or sidecar beside the server).
   */
  | 'metrics';

export interface RouteEntry {
  readonly method: string;
  readonly url: string;
}

export const routeKey = (method: string, url: string): string =>
  `${method === 'HEAD' ? 'GET' : method} ${url}`;

const hq = (urls: string[], methods: string[] = ['GET', 'POST']): [string, Access][] =>
  urls.flatMap((url) => methods.map((m): [string, Access] => [`${m} ${url}`, 'headOffice']));

const crud = (path: string): [string, Access][] => [
  ...hq([path]),
  ...hq([`${path}/:id`], ['GET', 'PUT']),
];

const HQ_RESOURCES = [
  '/api/hq/reward-points',
  '/api/hq/programs',
  '/api/hq/affiliations',
  '/api/hq/stores',
  '/api/hq/staff',
  '/api/hq/products',
  '/api/hq/customers',
  '/api/hq/activity-types',
];

/** Every route the server answers and the least it needs. */
export const ROUTE_ACCESS: ReadonlyMap<string, Access> = new Map<string, Access>([
  ['GET /healthz', 'public'],
  ['GET /readyz', 'public'],
  ['GET /metrics', 'metrics'],
  ['GET /', 'public'],
  ['GET /*', 'public'],
  ['GET /hq', 'public'],
  ['GET /hq/*', 'public'],
  ['POST /api/auth/sign-in', 'public'],
  ['POST /api/auth/sign-out', 'public'],
  ['POST /api/registers/enrol', 'public'],
  ['POST /api/sync/push', 'register'],
  ['POST /api/sync/health', 'register'],
  ['POST /api/sync/fact-status', 'register'],
  ['GET /api/sync/cards-by-contact', 'register'],
  ['POST /api/sync/reserve', 'register'],
  ['POST /api/sync/reserve/:tender/release', 'register'],
  ['GET /api/sync/feed', 'register'],
  ['GET /api/sync/snapshot', 'register'],
  ['GET /api/sync/snapshot/:collection', 'register'],
  ['GET /api/sync/events', 'register'],
  ['GET /api/sync/card-number-blocks', 'register'],
  ['POST /api/sync/import-journal', 'registerOrHeadOffice'],
  ['POST /api/sync/card-number-blocks', 'register'],
  ['POST /api/simulate', 'staff'],
  ['GET /api/cards', 'staff'],
  ['GET /api/cards/:number', 'staff'],
  ['GET /api/cards/:number/history', 'staff'],
  ['POST /api/cards', 'manager'],
  ['POST /api/cards/:number/block', 'manager'],
  ['POST /api/cards/:number/unblock', 'manager'],
  ['POST /api/cards/:number/link', 'manager'],
  ['POST /api/cards/:number/adjust', 'manager'],
  ['POST /api/cards/:number/activities', 'manager'],
  ['POST /api/cards/:number/transfer', 'manager'],
  ['POST /api/cards/:number/replace', 'manager'],
  ...HQ_RESOURCES.flatMap(crud),
  ...hq(['/api/hq/schemes']),
  ...hq(['/api/hq/schemes/:id'], ['GET', 'PUT']),
  ...hq(['/api/hq/schemes/:id/versions/:version'], ['GET']),
  ...hq(['/api/hq/schemes/:id/versions/:version/activate'], ['POST']),
  ...hq(['/api/hq/stores/:store/registers']),
  ...hq(['/api/hq/stores/:store/registers/:register'], ['GET', 'PUT']),
  ...hq(['/api/hq/stores/:store/quick-keys'], ['GET', 'PUT']),
  ...hq(
    [
      '/api/hq/stores/:store/registers/:register/enrolment-code',
      '/api/hq/stores/:store/registers/:register/revoke',
      '/api/hq/review/:factId/void',
      '/api/hq/review/:factId/repost',
      '/api/hq/review/:factId/resolve',
      '/api/jobs/:name/run',
    ],
    ['POST'],
  ),
  ...hq(
    [
      '/api/hq/sync-health',
      '/api/hq/sales',
      '/api/hq/review',
      '/api/hq/reports/liability',
      '/api/hq/reports/activity',
      '/api/hq/reports/enrolments',
      '/api/hq/reports/expiring',
      '/api/hq/reports/voids',
      '/api/jobs',
      '/api/jobs/:name/runs',
    ],
    ['GET'],
  ),
  ...hq(['/api/jobs/:name/schedule'], ['PUT']),
]);

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
 * with one of the wrong kind). A route missing from the table is left to its handler; the route
 * matrix test fails until it has an entry.
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
