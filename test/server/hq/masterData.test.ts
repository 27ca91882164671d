import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPin } from '../../../sync-server/src/auth/secrets';
import { productPrices, rewardPoints, staff } from '../../../sync-server/src/db/schema';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from '../helpers/backends';
import { seedBasics, signIn } from '../helpers/fixtures';
import { startTestServer, TEST_START, type TestServer } from '../helpers/server';

type ErrorBody = { error: { code: string; message: string; details?: string[] } };
type Page<T> = { items: T[]; next: string | null };

const STAR_LIKE = {
  type: 'quantity',
  redeemable: true,
  redeemRanking: 2,
  redemptionThreshold: null,
  maxPerCard: 5000,
  expiry: { value: 6, unit: 'month' },
  vesting: { value: 7, unit: 'day' },
};

/** One valid body per head office resource, and where its routes live. */
const RESOURCES: {
  path: string;
  body: Record<string, unknown>;
  change: Record<string, unknown>;
}[] = [
  {
    path: '/api/hq/reward-points',
    body: { id: 'MILES', name: 'Miles', ...STAR_LIKE },
    change: { name: 'Air miles' },
  },
  {
    path: '/api/hq/affiliations',
    body: { id: 'VET', name: 'Veterans' },
    change: { hiddenInStores: true },
  },
  {
    path: '/api/hq/programs',
    body: {
      id: 'KIDS',
      name: 'Kids club',
      tiers: [{ id: 'KIDS-BASE', name: 'Base', level: 0, stay: null, rules: [] }],
    },
    change: { name: 'Kids' },
  },
  {
    path: '/api/hq/stores',
    body: {
      id: 'S9',
      name: 'Store nine',
      currency: 'EUR',
      timeZone: 'Europe/Paris',
      program: 'MAIN',
      profile: { generateCardNumbers: false, offlineEarning: true, offlineRedemption: null },
    },
    change: { name: 'Store 9' },
  },
  {
    path: '/api/hq/staff',
    body: { id: 'M9', name: 'Max Manager', role: 'manager', stores: ['S1', 'S2'], pin: '4242' },
    change: { name: 'Max M.' },
  },
  {
    path: '/api/hq/products',
    body: {
      id: 'P1',
      name: 'Shoe',
      barcode: '12345678',
      category: 'SHOES',
      price: '12.99',
      currency: 'USD',
    },
    change: { name: 'Red shoe' },
  },
  {
    path: '/api/hq/customers',
    body: { id: 'CU1', name: 'Ann Example', email: 'ann@example.com', phone: '+31 6 1234' },
    change: { blockedForEnrolment: true },
  },
  {
    path: '/api/hq/activity-types',
    body: { id: 'NEWS', name: 'Newsletter', rewardPoint: 'STAR', points: 50, perCustomerLimit: 1 },
    change: { points: 75 },
  },
];

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`head office master data (${backendKind.name})`, () => {
    let backend: TestBackend;
    let server: TestServer;
    let hq: string;
    let cashier: string;

    beforeAll(async () => {
      backend = await backendKind.create();
      server = await startTestServer(backend);
      await seedBasics(server.database);
      hq = await signIn(server, 'hq');
      cashier = await signIn(server, 'cashier');
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await server?.close();
      await backend?.remove();
    });

    it('describes its routes in the OpenAPI document', async () => {
      const docs = await server.call<{ paths: Record<string, unknown> }>('GET', '/docs/json');
      expect(docs.status).toBe(200);
      for (const path of [
        '/api/hq/reward-points/{id}',
        '/api/hq/schemes/{id}/versions/{version}/activate',
        '/api/hq/stores/{store}/registers',
        '/api/cards/{number}/replace',
        '/api/simulate',
      ])
        expect(docs.body.paths).toHaveProperty([path]);
    });

    it('creates, reads, lists and updates every resource', async () => {
      for (const { path, body, change } of RESOURCES) {
        const created = await server.call<Record<string, unknown>>('POST', path, {
          token: hq,
          body,
        });
        expect(created.status, `${path}: ${JSON.stringify(created.body)}`).toBe(201);
        expect(created.body['id']).toBe(body['id']);
        const read = await server.call('GET', `${path}/${String(body['id'])}`, { token: hq });
        expect(read).toEqual({ status: 200, body: created.body });
        const updated = await server.call<Record<string, unknown>>(
          'PUT',
          `${path}/${String(body['id'])}`,
          {
            token: hq,
            body: { ...body, ...change },
          },
        );
        expect(updated.status, `${path}: ${JSON.stringify(updated.body)}`).toBe(200);
        expect(updated.body).toMatchObject(
          Object.fromEntries(
            Object.entries(change).filter(([key]) => key !== 'blockedForEnrolment'),
          ),
        );
        const list = await server.call<Page<{ id: string }>>('GET', `${path}?limit=500`, {
          token: hq,
        });
        expect(list.body.items.map((item) => item.id)).toContain(body['id']);
      }
    });

    it('keeps an amount price in minor units and answers it as a decimal string', async () => {
      const [price] = await server.database.db
        .select()
        .from(productPrices)
        .where(eq(productPrices.productId, 'P1'));
      expect(price).toMatchObject({ currency: 'USD', priceMinor: 1299 });
      await server.call('PUT', '/api/hq/products/P1', {
        token: hq,
        body: {
          name: 'Shoe',
          barcode: '12345678',
          category: 'SHOES',
          price: '1500',
          currency: 'JPY',
        },
      });
      const read = await server.call<{ prices: unknown[] }>('GET', '/api/hq/products/P1', {
        token: hq,
      });
      expect(read.body.prices).toEqual([
        { currency: 'JPY', price: '1500' },
        { currency: 'USD', price: '12.99' },
      ]);
      const tooPrecise = await server.call<ErrorBody>('POST', '/api/hq/products', {
        token: hq,
        body: {
          id: 'P2',
          name: 'x',
          barcode: null,
          category: 'X',
          price: '1.999',
          currency: 'USD',
        },
      });
      expect(tooPrecise.status).toBe(400);
      expect(tooPrecise.body.error.message).toMatch(/^price:/);
    });

    it('stores only a PIN hash, never answers it, and the new PIN signs in', async () => {
      const [row] = await server.database.db.select().from(staff).where(eq(staff.id, 'M9'));
      expect(row?.pinHash).not.toContain('4242');
      expect(await verifyPin('4242', row?.pinHash ?? '')).toBe(true);
      const read = await server.call('GET', '/api/hq/staff/M9', { token: hq });
      expect(JSON.stringify(read.body)).not.toMatch(/pin/i);
      const signIn = await server.call('POST', '/api/auth/sign-in', {
        body: { staff: 'M9', pin: '4242' },
      });
      expect(signIn.status).toBe(200);
    });

    it('sets updated_at to the server clock on every write', async () => {
      server.clock.set(TEST_START + 3_600_000);
      await server.call('PUT', '/api/hq/reward-points/MILES', {
        token: hq,
        body: { name: 'Miles again', ...STAR_LIKE },
      });
      const [row] = await server.database.db
        .select()
        .from(rewardPoints)
        .where(eq(rewardPoints.id, 'MILES'));
      expect(row?.updatedAt.getTime()).toBe(TEST_START + 3_600_000);
    });

    it('pages long lists with a cursor', async () => {
      for (const id of ['A1', 'A2', 'A3'])
        await server.call('POST', '/api/hq/affiliations', { token: hq, body: { id, name: id } });
      const first = await server.call<Page<{ id: string }>>('GET', '/api/hq/affiliations?limit=2', {
        token: hq,
      });
      expect(first.body.items.map((a) => a.id)).toEqual(['A1', 'A2']);
      expect(first.body.next).toBe('A2');
      const second = await server.call<Page<{ id: string }>>(
        'GET',
        `/api/hq/affiliations?limit=2&after=${first.body.next}`,
        { token: hq },
      );
      expect(second.body.items.map((a) => a.id)).toEqual(['A3', 'VET']);
      expect(second.body.next).toBeNull();
    });

    it('answers 400 naming the field for bad bodies and unknown references, and writes nothing', async () => {
      const cases: [string, string, unknown, RegExp][] = [
        [
          'POST',
          '/api/hq/stores',
          { ...RESOURCES[3]?.body, id: 'S8', program: 'NOPE' },
          /program: unknown program "NOPE"/,
        ],
        [
          'POST',
          '/api/hq/stores',
          { ...RESOURCES[3]?.body, id: 'S8', timeZone: 'Mars/Base' },
          /timeZone/,
        ],
        [
          'POST',
          '/api/hq/stores',
          { ...RESOURCES[3]?.body, id: 'S8', currency: 'euro' },
          /body\.currency/,
        ],
        [
          'POST',
          '/api/hq/programs',
          {
            id: 'P9',
            name: 'x',
            tiers: [
              {
                id: 'T9',
                name: 'x',
                level: 0,
                stay: null,
                rules: [
                  { id: 'R', rewardPoint: 'GHOST', minimum: 1, window: { value: 1, unit: 'year' } },
                ],
              },
            ],
          },
          /tiers\.0\.rules\.0\.rewardPoint: unknown reward point "GHOST"/,
        ],
        [
          'POST',
          '/api/hq/activity-types',
          { id: 'X', name: 'x', rewardPoint: 'GHOST', points: 1, perCustomerLimit: null },
          /rewardPoint: unknown/,
        ],
        [
          'POST',
          '/api/hq/customers',
          { id: 'CU9', name: 'x', affiliations: ['GHOST'] },
          /affiliations\.0: unknown affiliation/,
        ],
        [
          'POST',
          '/api/hq/customers',
          { id: 'CU9', name: 'x', email: 'not-an-email' },
          /body\.email/,
        ],
        [
          'POST',
          '/api/hq/staff',
          { id: 'X9', name: 'x', role: 'manager', stores: ['S1'], pin: '12' },
          /body\.pin/,
        ],
        [
          'POST',
          '/api/hq/staff',
          { id: 'X9', name: 'x', role: 'boss', stores: [], pin: '1234' },
          /body\.role/,
        ],
        [
          'POST',
          '/api/hq/staff',
          { id: 'X9', name: 'x', role: 'manager', stores: ['S404'], pin: '1234' },
          /stores\.0: unknown store/,
        ],
        ['POST', '/api/hq/reward-points', { ...STAR_LIKE, id: 'CASH', type: 'amount' }, /currency/],
        ['PUT', '/api/hq/affiliations/VET', { id: 'OTHER', name: 'x' }, /^id:/],
      ];
      for (const [method, path, body, message] of cases) {
        const result = await server.call<ErrorBody>(method, path, { token: hq, body });
        expect(result.status, `${path} ${JSON.stringify(body)}`).toBe(400);
        expect(result.body.error.message).toMatch(message);
      }
      for (const path of [
        '/api/hq/stores/S8',
        '/api/hq/programs/P9',
        '/api/hq/customers/CU9',
        '/api/hq/staff/X9',
      ])
        expect((await server.call('GET', path, { token: hq })).status).toBe(404);
    });

    it('answers 409 for a taken id and 404 for an unknown one', async () => {
      const again = await server.call<ErrorBody>('POST', '/api/hq/affiliations', {
        token: hq,
        body: { id: 'VET', name: 'x' },
      });
      expect(again.status).toBe(409);
      const missing = await server.call('PUT', '/api/hq/affiliations/NOBODY', {
        token: hq,
        body: { name: 'x' },
      });
      expect(missing.status).toBe(404);
    });

    it('swaps tier levels in one save and refuses to drop a tier cards hold', async () => {
      const saved = await server.call<{ tiers: { id: string; level: number }[] }>(
        'PUT',
        '/api/hq/programs/KIDS',
        {
          token: hq,
          body: {
            name: 'Kids',
            tiers: [
              { id: 'KIDS-BASE', name: 'Base', level: 1, stay: null, rules: [] },
              { id: 'KIDS-TOP', name: 'Top', level: 0, stay: null, rules: [] },
            ],
          },
        },
      );
      expect(saved.status).toBe(200);
      expect(saved.body.tiers.map((t) => t.id)).toEqual(['KIDS-TOP', 'KIDS-BASE']);
      const issued = await server.call<{ number: string }>('POST', '/api/cards', {
        token: hq,
        body: { fromSequence: true, program: 'KIDS' },
      });
      expect(issued.status).toBe(201);
      const dropped = await server.call<ErrorBody>('PUT', '/api/hq/programs/KIDS', {
        token: hq,
        body: {
          name: 'Kids',
          tiers: [{ id: 'KIDS-BASE', name: 'Base', level: 0, stay: null, rules: [] }],
        },
      });
      expect(dropped.status).toBe(409);
      const stolen = await server.call<ErrorBody>('PUT', '/api/hq/programs/KIDS', {
        token: hq,
        body: {
          name: 'Kids',
          tiers: [{ id: 'GOLD', name: 'Gold', level: 0, stay: null, rules: [] }],
        },
      });
      expect(stolen.status).toBe(400);
      expect(stolen.body.error.message).toMatch(/tiers\.0\.id: tier GOLD belongs to program MAIN/);
    });

    it("manages a store's registers", async () => {
      const created = await server.call<{ id: string; enrolmentState: string }>(
        'POST',
        '/api/hq/stores/S9/registers',
        {
          token: hq,
          body: { id: 'S9-R1', name: 'Till 1' },
        },
      );
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ id: 'S9-R1', store: 'S9', enrolmentState: 'pending' });
      const renamed = await server.call('PUT', '/api/hq/stores/S9/registers/S9-R1', {
        token: hq,
        body: { name: 'Till one' },
      });
      expect(renamed.body).toMatchObject({ name: 'Till one' });
      const list = await server.call<Page<{ id: string }>>('GET', '/api/hq/stores/S1/registers', {
        token: hq,
      });
      expect(list.body.items.map((r) => r.id)).toEqual(['S1-R1', 'S1-R2']);
      expect(
        (await server.call('GET', '/api/hq/stores/S9/registers/S1-R1', { token: hq })).status,
      ).toBe(404);
      expect(
        (
          await server.call('POST', '/api/hq/stores/NOPE/registers', {
            token: hq,
            body: { id: 'X', name: 'x' },
          })
        ).status,
      ).toBe(404);
    });

    it('refuses a cashier (403) and a caller without a token (401) on every head office route', async () => {
      const routes: [string, string][] = [
        ...RESOURCES.flatMap(({ path, body }): [string, string][] => [
          ['GET', path],
          ['POST', path],
          ['GET', `${path}/${String(body['id'])}`],
          ['PUT', `${path}/${String(body['id'])}`],
        ]),
        ['GET', '/api/hq/schemes'],
        ['POST', '/api/hq/schemes'],
        ['GET', '/api/hq/schemes/SC1'],
        ['PUT', '/api/hq/schemes/SC1'],
        ['GET', '/api/hq/schemes/SC1/versions/1'],
        ['POST', '/api/hq/schemes/SC1/versions/1/activate'],
        ['GET', '/api/hq/stores/S1/registers'],
        ['POST', '/api/hq/stores/S1/registers'],
        ['GET', '/api/hq/stores/S1/registers/S1-R1'],
        ['PUT', '/api/hq/stores/S1/registers/S1-R1'],
      ];
      for (const [method, path] of routes) {
        // A valid body, so the refusal comes from the role check and not the validation.
        const body = method === 'GET' ? undefined : validBodyFor(path);
        const asCashier = await server.call<ErrorBody>(method, path, { token: cashier, body });
        expect(asCashier.status, `${method} ${path}`).toBe(403);
        const anonymous = await server.call(method, path, { body });
        expect(anonymous.status, `${method} ${path}`).toBe(401);
      }
    });
  });
}

function validBodyFor(path: string): unknown {
  if (path.includes('/registers'))
    return path.endsWith('/registers') ? { id: 'R', name: 'x' } : { name: 'x' };
  if (path.includes('/activate')) return undefined;
  if (path.startsWith('/api/hq/schemes'))
    return { id: 'SC1', earning: [], redemption: [], excludedAffiliations: [] };
  const resource = RESOURCES.find((r) => path.startsWith(r.path));
  return resource?.body;
}
