import { randomUUID } from 'node:crypto';
import type { TestBackend } from '../../server/helpers/backends';
import { enrol, seedBasics, signIn } from '../../server/helpers/fixtures';
import { seedScheme } from '../../server/helpers/facts';
import { startTestServer, type TestServer } from '../../server/helpers/server';

/** The headers one kind of caller sends. */
export interface Caller {
  readonly name: string;
  readonly headers: Record<string, string>;
  /** What the server should take the caller for: a valid principal, or a token it must refuse. */
  readonly kind:
    'none' | 'invalid' | 'register' | 'cashier' | 'manager' | 'managerAtRegister' | 'headOffice';
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const HOUR = 3_600_000;

/**
 * Every kind of token PRODUCT 7 speaks of, made for real through the API: none, a made-up one,
 * an expired session, a signed-out session, a revoked register, another store's register, a
 * cashier, a manager (alone and at a register of their store) and head office.
 */
export async function callersOf(server: TestServer): Promise<Caller[]> {
  const expired = await signIn(server, 'hq');
  server.clock.advance(13 * HOUR);
  const hq = await signIn(server, 'hq');
  const signedOut = await signIn(server, 'manager');
  await server.call('POST', '/api/auth/sign-out', { token: signedOut });
  const revoked = await enrol(server, hq, 'S1', 'S1-R2');
  await server.call('POST', '/api/hq/stores/S1/registers/S1-R2/revoke', { token: hq });
  const register = await enrol(server, hq, 'S1', 'S1-R1');
  const otherStore = await enrol(server, hq, 'S2', 'S2-R1');
  const cashier = await signIn(server, 'cashier');
  const manager = await signIn(server, 'manager');
  // A session of its own, so that one caller signing out does not end the other's.
  const managerAtRegister = await signIn(server, 'manager');
  return [
    { name: 'no token', kind: 'none', headers: {} },
    { name: 'made-up register token', kind: 'invalid', headers: bearer(`reg_${randomUUID()}`) },
    { name: 'made-up staff token', kind: 'invalid', headers: bearer(`stf_${randomUUID()}`) },
    { name: 'foreign token', kind: 'invalid', headers: bearer('eyJhbGciOiJub25lIn0.e30.') },
    { name: 'expired session', kind: 'invalid', headers: bearer(expired) },
    { name: 'signed-out session', kind: 'invalid', headers: bearer(signedOut) },
    { name: 'revoked register', kind: 'invalid', headers: bearer(revoked) },
    { name: 'register', kind: 'register', headers: bearer(register) },
    { name: "another store's register", kind: 'register', headers: bearer(otherStore) },
    { name: 'cashier', kind: 'cashier', headers: bearer(cashier) },
    { name: 'manager', kind: 'manager', headers: bearer(manager) },
    {
      name: 'manager at a register',
      kind: 'managerAtRegister',
      headers: { ...bearer(register), 'x-staff-token': managerAtRegister },
    },
    { name: 'head office', kind: 'headOffice', headers: bearer(hq) },
  ];
}

/**
 * A METRICS_TOKEN as a deployment sets one: no caller kind above sends it, so every one of them is
 * refused /metrics (test/server/observability.test.ts reads it with the token).
 */
export const SECURITY_METRICS_TOKEN = 'metrics-token-of-the-security-tests';

/** The test server with the basics and the test scheme, nothing enrolled yet. */
export async function startSecurityServer(backend: TestBackend): Promise<TestServer> {
  const server = await startTestServer(backend, { metricsToken: SECURITY_METRICS_TOKEN });
  await seedBasics(server.database);
  await seedScheme(server.database);
  return server;
}

/**
 * Sends a request and returns its status only; the body is dropped unread, so a stream (the
 * events route) answers as soon as its headers are out.
 */
export async function statusOf(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<number> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await response.body?.cancel();
  return response.status;
}
