import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessOf, ROUTE_ACCESS, routeKey, type Access } from '../../sync-server/src/http/access';
import { pgliteBackend, PGLITE_CREATE_TIMEOUT, type TestBackend } from '../server/helpers/backends';
import { createCard, testCardNumber } from '../server/helpers/facts';
import type { TestServer } from '../server/helpers/server';
import { callersOf, startSecurityServer, statusOf, type Caller } from './helpers/principals';

/** Who passes each level of access (PRODUCT 7); a made-up, expired or revoked token never does. */
const PASSES: Record<Access, readonly Caller['kind'][]> = {
  public: ['none', 'register', 'cashier', 'manager', 'managerAtRegister', 'headOffice'],
  register: ['register', 'managerAtRegister'],
  staff: ['cashier', 'manager', 'managerAtRegister', 'headOffice'],
  registerOrHeadOffice: ['register', 'managerAtRegister', 'headOffice'],
  // A manager acts only at a register of their store (PRODUCT 1), head office anywhere.
  manager: ['managerAtRegister', 'headOffice'],
  headOffice: ['headOffice'],
  // Only the METRICS_TOKEN bearer, which is none of these (startSecurityServer sets one).
  metrics: [],
};

/** The routes anyone may call: the pages, the API description, sign-in and enrolment. */
const PUBLIC_ROUTES = [
  'GET /',
  'GET /*',
  'GET /hq',
  'GET /hq/*',
  'GET /healthz',
  'GET /readyz',
  'POST /api/auth/sign-in',
  'POST /api/auth/sign-out',
  'POST /api/registers/enrol',
];

const CARD = testCardNumber(4242);

/** Path parameters that name nothing a later call needs: an unknown register, job, fact... */
function concrete(url: string): string {
  return url
    .replace(':store', 'S1')
    .replace(':register', 'S1-R9')
    .replace(':number', CARD)
    .replace(':tender', randomUUID())
    .replace(':factId', randomUUID())
    .replace(':name', 'no-such-job')
    .replace(':collection', 'card')
    .replace(':version', '1')
    .replace(':id', 'NO-SUCH-ID')
    .replace('*', 'x');
}

describe('every route against every kind of caller', () => {
  let backend: TestBackend;
  let server: TestServer;
  let callers: Caller[];

  beforeAll(async () => {
    backend = await pgliteBackend();
    server = await startSecurityServer(backend);
    await createCard(server.database, CARD);
    callers = await callersOf(server);
  }, PGLITE_CREATE_TIMEOUT);

  afterAll(async () => {
    await server?.close();
    await backend?.remove();
  });

  const routes = () => {
    const keys = new Set(server.app.routeTable.map((r) => routeKey(r.method, r.url)));
    // Sign-out ends the caller's session: it goes last.
    return [...keys].sort(
      (a, b) => Number(a.endsWith('sign-out')) - Number(b.endsWith('sign-out')),
    );
  };

  it('has an access level for every route the app serves, and no stale entries', () => {
    const served = routes();
    const unlisted = served.filter((key) => {
      const [method = '', url = ''] = key.split(' ');
      return accessOf(method, url) === undefined;
    });
    expect(unlisted).toEqual([]);
    expect([...ROUTE_ACCESS.keys()].filter((key) => !served.includes(key))).toEqual([]);
    expect(served.filter((key) => key.startsWith('GET /docs')).length).toBeGreaterThan(0);
  });

  it('keeps head office, jobs and sync routes behind their tokens and only the expected ones public', () => {
    for (const [key, access] of ROUTE_ACCESS) {
      const url = key.split(' ')[1] ?? '';
      if (url.startsWith('/api/hq/') || url.startsWith('/api/jobs'))
        expect([key, access]).toEqual([key, 'headOffice']);
      if (url.startsWith('/api/sync/'))
        expect([key, access]).toEqual([
          key,
          key === 'POST /api/sync/import-journal' ? 'registerOrHeadOffice' : 'register',
        ]);
    }
    const publicRoutes = [...ROUTE_ACCESS].filter(([, a]) => a === 'public').map(([k]) => k);
    expect(publicRoutes.sort()).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('lets through exactly the callers each route allows, and refuses every bad token', async () => {
    const wrong: string[] = [];
    for (const key of routes()) {
      const [method = 'GET', url = '/'] = key.split(' ');
      const access = accessOf(method, url) ?? 'headOffice';
      for (const caller of callers) {
        const body = method === 'GET' ? undefined : {};
        const status = await statusOf(
          `${server.url}${concrete(url)}`,
          method,
          caller.headers,
          body,
        );
        const refused = status === 401 || status === 403;
        let ok: boolean;
        if (status >= 500) ok = false;
        else if (caller.kind === 'invalid') ok = access === 'public' || status === 401;
        else if (caller.kind === 'none' && access !== 'public') ok = status === 401;
        else ok = PASSES[access].includes(caller.kind) ? !refused : refused;
        if (!ok) wrong.push(`${key} as ${caller.name}: ${status} (${access})`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});
