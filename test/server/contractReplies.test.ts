import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SaleFact } from '../../shared/protocol/sync';
import { api, routeKey, successStatuses, type RouteContract } from '../../shared/protocol/api';
import { routeUrl } from '../../renderer/common/api';
import { seedDemo } from '../../sync-server/src/demo/seed';
import { postPendingFacts } from '../../sync-server/src/posting/postPendingFacts';
import { pgliteBackend, PGLITE_CREATE_TIMEOUT, type TestBackend } from './helpers/backends';
import {
  DeviceSequence,
  saleFact,
  startSyncTestServer,
  TEST_SCHEME,
  type SyncTestServer,
} from './helpers/facts';
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

/** The routes the tests below have called, each answered as its schema says. */
const called = new Set<string>();

type Input = { params?: object; query?: object; body?: unknown };

/**
 * Calls a route as head office and parses its reply with the entry's schema; answers the parsed
 * reply. A status the entry does not list, or a reply its schema refuses, fails the test.
 */
async function checkedCall(
  server: TestServer,
  token: string,
  entry: RouteContract,
  input: Input = {},
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

/**
 * What each route answers over HTTP matches its reply schema in the contract, as the console's
 * client checks it: called on the demo data, as head office.
 */
describe('head office replies against the contract', () => {
  let backend: TestBackend;
  let server: TestServer;
  let token: string;

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

  const call = (entry: RouteContract, input: Input = {}) =>
    checkedCall(server, token, entry, input);

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
    await call(hq.rewards.create, {
      body: {
        id: 'FREE-COFFEE',
        name: 'A free coffee',
        rewardPoint: 'STAR',
        points: 300,
        benefit: { kind: 'freeProduct', product: 'COFFEE' },
      },
    });
    for (const resource of [
      hq.rewardPoints,
      hq.programs,
      hq.affiliations,
      hq.stores,
      hq.staff,
      hq.customers,
      hq.activityTypes,
      hq.rewards,
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
});

/** One valid create body per master data resource (on the test basics: program MAIN, STAR, S1). */
const NEW_ITEMS: readonly [RouteContract, Record<string, unknown>][] = [
  [
    api.hq.rewardPoints.create,
    {
      id: 'MILES',
      name: 'Miles',
      type: 'quantity',
      redeemable: true,
      redeemRanking: 2,
      redemptionThreshold: null,
      maxPerCard: 5000,
      expiry: { value: 6, unit: 'month' },
      vesting: { value: 7, unit: 'day' },
    },
  ],
  [api.hq.affiliations.create, { id: 'VET', name: 'Veterans' }],
  [
    api.hq.programs.create,
    {
      id: 'KIDS',
      name: 'Kids club',
      tiers: [{ id: 'KIDS-BASE', name: 'Base', level: 0, stay: null, rules: [] }],
    },
  ],
  [
    api.hq.stores.create,
    {
      id: 'S9',
      name: 'Store nine',
      currency: 'EUR',
      timeZone: 'Europe/Paris',
      program: 'MAIN',
      profile: { generateCardNumbers: false, offlineEarning: true, offlineRedemption: null },
    },
  ],
  [
    api.hq.staff.create,
    { id: 'M9', name: 'Max Manager', role: 'manager', stores: ['S1'], pin: '4242' },
  ],
  [
    api.hq.products.create,
    {
      id: 'P1',
      name: 'Shoe',
      barcode: '12345678',
      category: 'SHOES',
      price: '12.99',
      currency: 'USD',
    },
  ],
  [api.hq.customers.create, { id: 'CU1', name: 'Ann Example', email: 'ann@example.com' }],
  [
    api.hq.activityTypes.create,
    {
      id: 'SURVEY',
      name: 'Survey',
      rewardPoint: 'STAR',
      points: 40,
      perCustomerLimit: null,
      needsReview: true,
    },
  ],
];

/** A sale whose earn entries claim `extra` more points than the scheme gives: the post job rejects it. */
const inflated = (card: string, extra: number, seq: DeviceSequence): SaleFact =>
  saleFact(
    {
      card,
      lines: [{ net: '10.00' }],
      tamper: (entries) => entries.map((e) => ({ ...e, points: e.points + extra })),
    },
    seq,
  );

/** The writes of head office and the jobs, on the test basics with registers enrolled. */
describe('head office writes against the contract', () => {
  let backend: TestBackend;
  let sync: SyncTestServer;
  const seq = new DeviceSequence();

  beforeAll(async () => {
    backend = await pgliteBackend();
    sync = await startSyncTestServer(backend);
  }, PGLITE_CREATE_TIMEOUT);
  afterAll(async () => {
    await sync?.server.close();
    await backend?.remove();
  });

  const call = (entry: RouteContract, input: Input = {}) =>
    checkedCall(sync.server, sync.hq, entry, input);
  const issueCard = async () =>
    (
      (await call(api.cards.issue, { body: { fromSequence: true, program: 'MAIN' } })) as {
        number: string;
      }
    ).number;

  it('creates each master data resource, and updates a store and a product', async () => {
    for (const [create, body] of NEW_ITEMS) await call(create, { body });
    const [, store] = NEW_ITEMS.find(([entry]) => entry === api.hq.stores.create) ?? [];
    await call(api.hq.stores.update, { params: { id: 'S9' }, body: { ...store, name: 'Store 9' } });
    const [, product] = NEW_ITEMS.find(([entry]) => entry === api.hq.products.create) ?? [];
    await call(api.hq.products.update, {
      params: { id: 'P1' },
      body: { ...product, name: 'Red shoe' },
    });
  });

  it("replaces a country's VAT rates", async () => {
    await call(api.hq.vatRates.update, {
      params: { country: 'NL' },
      body: { country: 'NL', rates: [{ category: 'SHOES', rate: 2100 }] },
    });
  });

  it('creates a scheme, saves its next version and activates it', async () => {
    // A new scheme's body is a scheme without its version: the server numbers the versions.
    const body: Record<string, unknown> = { ...TEST_SCHEME, id: 'WRITES' };
    delete body['version'];
    const created = (await call(api.hq.schemes.create, { body })) as {
      version: number;
    };
    const next = (await call(api.hq.schemes.update, {
      params: { id: 'WRITES' },
      body: { ...body, name: 'Writes, again' },
    })) as { version: number };
    expect(next.version).toBe(created.version + 1);
    await call(api.hq.schemes.activate, { params: { id: 'WRITES', version: next.version } });
  });

  it('voids a rejected fact, reposts a kept sale and resolves a flagged one', async () => {
    const card = await issueCard();
    // A receipt in a currency the store does not sell in is rejected whole, so it can be voided;
    // a sale with inflated points is kept, and its loyalty part can be reposted.
    const plain = saleFact({ card, lines: [{ net: '1.00' }] }, seq);
    const voided = { ...plain, receipt: { ...plain.receipt, currency: 'SEK' } };
    const reposted = inflated(card, 50, seq);
    const earned = saleFact({ card, lines: [{ net: '5.00' }] }, seq);
    const pushed = await sync.push('S1-R1', [voided, reposted, earned]);
    expect(pushed.body.results.every((result) => result.status === 'accepted')).toBe(true);
    await postPendingFacts(sync.server.context);
    // Spent offline at another store: more than the card had, posted and flagged for review.
    const overdraw = saleFact(
      {
        card,
        lines: [{ net: '2.00' }],
        spends: [{ points: -80 }],
        redeemedByLine: { '1': 80 },
        store: 'S2',
        register: 'S2-R1',
        staff: 'C2',
      },
      seq,
    );
    await sync.push('S2-R1', [overdraw]);
    await postPendingFacts(sync.server.context);

    const review = api.hq.review;
    await call(review.void, { params: { factId: voided.id }, body: { comment: 'duplicate' } });
    await call(review.repost, { params: { factId: reposted.id }, body: { comment: 'as it is' } });
    await call(review.resolve, { params: { factId: overdraw.id }, body: { comment: 'goodwill' } });
  });

  it('posts one waiting activity award and rejects another', async () => {
    const waiting: string[] = [];
    for (const number of [await issueCard(), await issueCard()]) {
      const awarded = (await call(api.cards.award, {
        params: { number },
        body: { type: 'SURVEY' },
      })) as { waiting: { id: string } | null };
      if (awarded.waiting) waiting.push(awarded.waiting.id);
    }
    const [first, second] = waiting;
    if (!first || !second) throw new Error('SURVEY awards did not wait for review');
    await call(api.hq.activityAwards.post, { params: { id: first } });
    await call(api.hq.activityAwards.reject, { params: { id: second } });
  });

  it('runs a job now', async () => {
    await call(api.jobs.run, { params: { name: 'process-loyalty-schemes' } });
  });
});

describe('the contract replies test', () => {
  it('has called every head office and jobs route', () => {
    const keys = HEAD_OFFICE_ROUTES.map((entry) => routeKey(entry.method, entry.path));
    expect(keys.filter((key) => !called.has(key))).toEqual([]);
  });
});
