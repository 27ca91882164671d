import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, routeKey, successStatuses, type RouteContract } from '../../shared/protocol/api';
import { routeUrl } from '../../renderer/common/api';
import { seedDemo } from '../../sync-server/src/demo/seed';
import { pgliteBackend, PGLITE_CREATE_TIMEOUT, type TestBackend } from './helpers/backends';
import { startTestServer, TEST_START, type TestServer } from './helpers/server';

/** Every head office and jobs route with a reply, as the contract table lists them. */
function entriesOf(group: object): RouteContract[] {
  return Object.values(group).flatMap((value: unknown) =>
    typeof value === 'object' && value !== null && 'method' in value
      ? [value as RouteContract]
      : entriesOf(value as object),
  );
}
const HEAD_OFFICE_ROUTES = [...entriesOf(api.hq), ...entriesOf(api.jobs)].filter(
  (entry) => entry.reply !== undefined,
);

/**
 * What each route answers over HTTP matches its reply schema in the contract, as the console's
 * client checks it: called on the demo data, as head office.
 */
describe('head office replies against the contract', () => {
  let backend: TestBackend;
  let server: TestServer;
  let token: string;
  const called = new Set<string>();

  beforeAll(async () => {
    backend = await pgliteBackend();
    server = await startTestServer(backend);
    await seedDemo(server.database, { now: TEST_START, cardCount: 20 });
    const session = await server.call<{ token: string }>('POST', '/api/auth/sign-in', {
      body: { staff: 'HQ1', pin: '9000' },
    });
    token = session.body.token;
  }, PGLITE_CREATE_TIMEOUT);
  afterAll(async () => {
    await server?.close();
    await backend?.remove();
  });

  /** Calls a route and parses its reply with the entry's schema; answers the parsed reply. */
  async function call(
    entry: RouteContract,
    input: { params?: object; query?: object; body?: unknown } = {},
  ): Promise<unknown> {
    const answer = await server.call(entry.method, routeUrl(entry, input), {
      token,
      ...(input.body === undefined ? {} : { body: input.body }),
    });
    expect(
      successStatuses(entry),
      `${entry.method} ${entry.path}: ${JSON.stringify(answer.body)}`,
    ).toContain(answer.status);
    const parsed = entry.reply?.safeParse(answer.body);
    expect(parsed?.error, `${entry.method} ${entry.path}`).toBeUndefined();
    called.add(routeKey(entry.method, entry.path));
    return parsed?.data;
  }

  const firstId = async (list: RouteContract, params: object = {}) => {
    const page = (await call(list, { params, query: { limit: 5 } })) as {
      items: { id: string }[];
    };
    const [first] = page.items;
    if (!first) throw new Error(`${list.path} lists nothing in the demo`);
    return first.id;
  };

  it('answers each master data list and item as its schema says, and takes the item back', async () => {
    const hq = api.hq;
    for (const resource of [
      hq.rewardPoints,
      hq.programs,
      hq.affiliations,
      hq.stores,
      hq.staff,
      hq.customers,
      hq.activityTypes,
    ]) {
      const id = await firstId(resource.list);
      const item = await call(resource.get, { params: { id } });
      // The wire form of these resources is also what an update takes (staff keep their PIN).
      if (resource !== hq.stores) await call(resource.update, { params: { id }, body: item });
    }
    const product = await firstId(hq.products.list);
    await call(hq.products.get, { params: { id: product } });
    const scheme = await firstId(hq.schemes.list);
    const detail = (await call(hq.schemes.get, { params: { id: scheme } })) as {
      version: number;
    };
    await call(hq.schemes.version, { params: { id: scheme, version: detail.version } });
  });

  it('answers the store, register, VAT and quick key routes as their schemas say', async () => {
    const hq = api.hq;
    const store = await firstId(hq.stores.list);
    const register = await firstId(hq.registers.list, { store });
    await call(hq.registers.get, { params: { store, register } });
    await call(hq.registers.create, { params: { store }, body: { id: 'R-NEW', name: 'New' } });
    await call(hq.registers.update, {
      params: { store, register: 'R-NEW' },
      body: { name: 'Renamed' },
    });
    await call(hq.registers.enrolmentCode, { params: { store, register: 'R-NEW' } });
    await call(hq.registers.revoke, { params: { store, register: 'R-NEW' } });
    const keys = (await call(hq.quickKeys.get, { params: { store } })) as {
      keys: { product: string }[];
    };
    await call(hq.quickKeys.replace, {
      params: { store },
      body: { keys: keys.keys.map((key) => key.product) },
    });
    const rates = (await call(hq.vatRates.list)) as { countries: { country: string }[] };
    const [country] = rates.countries;
    if (country)
      await call(hq.vatRates.update, { params: { country: country.country }, body: country });
  });

  it('answers the reports, review list, sync health, sales and jobs as their schemas say', async () => {
    const hq = api.hq;
    const days = { from: '2026-01-01', to: '2026-03-01' };
    await call(hq.reports.liability, { query: days });
    await call(hq.reports.activity, { query: days });
    await call(hq.reports.enrolments, { query: days });
    await call(hq.reports.expiring);
    await call(hq.reports.voids, { query: days });
    await call(hq.review.list);
    await call(hq.syncHealth);
    await call(hq.sales, { query: { limit: 5 } });
    await call(hq.activityAwards.list);
    const jobs = (await call(api.jobs.list)) as { name: string }[];
    const [job] = jobs;
    if (!job) throw new Error('the server lists no jobs');
    await call(api.jobs.schedule, {
      params: { name: job.name },
      body: { cron: '0 3 * * *', enabled: false },
    });
    await call(api.jobs.runs, { params: { name: job.name } });
  });

  it('has called every head office read', () => {
    const reads = HEAD_OFFICE_ROUTES.filter((entry) => entry.method === 'GET').map((entry) =>
      routeKey(entry.method, entry.path),
    );
    expect(reads.filter((key) => !called.has(key))).toEqual([]);
  });
});
