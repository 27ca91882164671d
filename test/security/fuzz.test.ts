import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulationInputError, simulate } from '../../shared/simulator/simulate';
import { accessOf, routeKey, type Access } from '../../sync-server/src/http/access';
import { pgliteBackend, PGLITE_CREATE_TIMEOUT, type TestBackend } from '../server/helpers/backends';
import { createCard, testCardNumber } from '../server/helpers/facts';
import type { TestServer } from '../server/helpers/server';
import { bodyFor, mutated, simulationSample, validSamples } from './helpers/bodies';
import { databaseChecksum } from './helpers/checksum';
import { callersOf, startSecurityServer, type Caller } from './helpers/principals';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 8);
const CARD = testCardNumber(777);

/** The caller that gets furthest into each kind of route, so the body reaches the handler. */
const CALLER_FOR: Record<Access, Caller['kind']> = {
  public: 'none',
  register: 'register',
  registerOrHeadOffice: 'register',
  staff: 'headOffice',
  manager: 'managerAtRegister',
  headOffice: 'headOffice',
  metrics: 'none',
};

/** Routes whose call changes who the caller is (sign-out ends the session) or never ends. */
const NOT_FUZZED = new Set(['POST /api/auth/sign-out', 'GET /api/sync/events']);

function pathOf(url: string): string {
  return url
    .replace(':store', 'S1')
    .replace(':register', 'S1-R9')
    .replace(':number', CARD)
    .replace(':tender', '00000000-0000-4000-8000-000000000000')
    .replace(':factId', '00000000-0000-4000-8000-000000000001')
    .replace(':name', 'post-offline-earnings')
    .replace(':collection', 'card')
    .replace(':version', '1')
    .replace(':id', 'S1')
    .replace('*', 'x');
}

describe('fuzzed requests', () => {
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

  const headersFor = (access: Access) =>
    callers.find((c) => c.kind === CALLER_FOR[access])?.headers ?? {};

  /** Sends one request; a 5xx, or a write from a refused request, is a finding. */
  async function probe(method: string, path: string, access: Access, body: string | undefined) {
    const before = await databaseChecksum(server.database);
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...headersFor(access),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body,
    });
    const text = await response.text();
    if (response.status >= 500) return `${method} ${path} answered ${response.status}: ${text}`;
    if (response.status >= 400) {
      const after = await databaseChecksum(server.database);
      const changed = Object.keys(after).filter((t) => after[t] !== before[t]);
      if (changed.length > 0)
        return `${method} ${path} refused (${response.status}) but wrote ${changed.join(', ')}`;
      const error = (JSON.parse(text) as { error?: { message?: string } }).error;
      if (!error?.message) return `${method} ${path} refused without a reason: ${text}`;
    }
    return null;
  }

  const bodyRoutes = () =>
    [...new Set(server.app.routeTable.map((r) => routeKey(r.method, r.url)))].filter(
      (key) => !key.startsWith('GET ') && !NOT_FUZZED.has(key),
    );

  it('answers every mangled body of every route with a clear 4xx or a success, never a 5xx, and a refusal writes nothing', async () => {
    const samples = validSamples(CARD);
    for (const key of bodyRoutes()) {
      const [method = 'POST', url = '/'] = key.split(' ');
      const access = accessOf(method, url) ?? 'headOffice';
      await fc.assert(
        fc.asyncProperty(bodyFor(samples[key]), async (body) => {
          const finding = await probe(method, pathOf(url), access, JSON.stringify(body));
          expect(finding).toBeNull();
        }),
        { numRuns: RUNS },
      );
    }
  }, 300_000);

  it('answers bodies that are not JSON at all with a 400', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...bodyRoutes()),
        fc.oneof(fc.string(), fc.constantFrom('{', '{"a":', '[1,]', '\u0000', 'null null')),
        async (key, text) => {
          const [method = 'POST', url = '/'] = key.split(' ');
          const access = accessOf(method, url) ?? 'headOffice';
          const finding = await probe(method, pathOf(url), access, text);
          expect(finding).toBeNull();
        },
      ),
      { numRuns: RUNS * 4 },
    );
  }, 120_000);

  it('answers fuzzed query strings of every GET route without a 5xx', async () => {
    const gets = [...new Set(server.app.routeTable.map((r) => routeKey(r.method, r.url)))].filter(
      (key) => key.startsWith('GET /api/') && !NOT_FUZZED.has(key),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...gets),
        fc.dictionary(
          fc.constantFrom('after', 'limit', 'q', 'store', 'from', 'to', 'card', 'status', 'days'),
          fc.oneof(fc.string(), fc.integer().map(String), fc.constantFrom('-1', '1e309', 'NaN')),
        ),
        async (key, query) => {
          const url = key.slice('GET '.length);
          const search = new URLSearchParams(query).toString();
          const path = `${pathOf(url)}${search ? `?${search}` : ''}`;
          const finding = await probe('GET', path, accessOf('GET', url) ?? 'headOffice', undefined);
          expect(finding).toBeNull();
        },
      ),
      { numRuns: RUNS * 8 },
    );
  }, 120_000);
});

describe('the simulator fuzzed', () => {
  it('either simulates a mangled input or names what is wrong with it, never crashes', () => {
    const sample = simulationSample();
    fc.assert(
      fc.property(mutated(sample), (input) => {
        try {
          simulate(input);
        } catch (error) {
          const named =
            error instanceof SimulationInputError ||
            error instanceof RangeError ||
            (error instanceof Error && error.name === 'AmountFormatError');
          if (!named) throw error;
        }
      }),
      { numRuns: RUNS * 40 },
    );
  });
});
