import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemes } from '../../../sync-server/src/db/schema';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from '../helpers/backends';
import { seedBasics, signIn } from '../helpers/fixtures';
import { startTestServer, TEST_START, type TestServer } from '../helpers/server';

type ErrorBody = { error: { code: string; message: string; details?: string[] } };
type Version = { id: string; version: number; status: string; earning: { points: number }[] };

const SCHEME = {
  id: 'SC1',
  name: 'Spring',
  program: 'MAIN',
  stores: ['S1'],
  earning: [
    {
      id: 'E1',
      tier: 'GOLD',
      affiliation: null,
      activity: 'salesAmount',
      filter: null,
      per: '1.00',
      rewardPoint: 'STAR',
      points: 10,
    },
  ],
  redemption: [
    {
      id: 'R1',
      tier: null,
      affiliation: null,
      filter: null,
      rewardPoint: 'STAR',
      points: 100,
      amount: '1.00',
    },
  ],
  excludedAffiliations: [],
};

const withPoints = (points: number) => ({
  ...SCHEME,
  earning: [{ ...SCHEME.earning[0], points }],
});

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`schemes and their versions (${backendKind.name})`, () => {
    let backend: TestBackend;
    let server: TestServer;
    let hq: string;

    beforeAll(async () => {
      backend = await backendKind.create();
      server = await startTestServer(backend);
      await seedBasics(server.database);
      hq = await signIn(server, 'hq');
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await server?.close();
      await backend?.remove();
    });

    it('creates version 1 as a draft, and each change as a new draft version', async () => {
      const created = await server.call<Version>('POST', '/api/hq/schemes', {
        token: hq,
        body: SCHEME,
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ id: 'SC1', version: 1, status: 'draft' });
      server.clock.set(TEST_START + 60_000);
      const changed = await server.call<Version & { createdAt: string }>(
        'PUT',
        '/api/hq/schemes/SC1',
        { token: hq, body: withPoints(20) },
      );
      expect(changed.status).toBe(201);
      expect(changed.body).toMatchObject({ version: 2, status: 'draft' });
      expect(changed.body.createdAt).toBe(new Date(TEST_START + 60_000).toISOString());
      const v1 = await server.call<Version>('GET', '/api/hq/schemes/SC1/versions/1', { token: hq });
      expect(v1.body.earning[0]?.points).toBe(10);
      const again = await server.call('POST', '/api/hq/schemes', { token: hq, body: SCHEME });
      expect(again.status).toBe(409);
    });

    it('activates one version and keeps every version stored', async () => {
      const first = await server.call<Version>('POST', '/api/hq/schemes/SC1/versions/1/activate', {
        token: hq,
      });
      expect(first.body).toMatchObject({ version: 1, status: 'active' });
      await server.call('PUT', '/api/hq/schemes/SC1', { token: hq, body: withPoints(30) });
      const third = await server.call<Version>('POST', '/api/hq/schemes/SC1/versions/3/activate', {
        token: hq,
      });
      expect(third.body.status).toBe('active');
      const detail = await server.call<{
        version: number;
        versions: { version: number; status: string; activatedAt: string | null }[];
      }>('GET', '/api/hq/schemes/SC1', { token: hq });
      expect(detail.body.version).toBe(3);
      expect(detail.body.versions.map((v) => [v.version, v.status])).toEqual([
        [3, 'active'],
        [2, 'draft'],
        [1, 'draft'],
      ]);
      expect(detail.body.versions[2]?.activatedAt).not.toBeNull();
      const active = await server.database.db
        .select()
        .from(schemes)
        .where(and(eq(schemes.id, 'SC1'), eq(schemes.status, 'active')));
      expect(active.map((row) => row.version)).toEqual([3]);
      expect(
        (await server.call('POST', '/api/hq/schemes/SC1/versions/9/activate', { token: hq }))
          .status,
      ).toBe(404);
    });

    it('lists the latest version of each scheme', async () => {
      await server.call('POST', '/api/hq/schemes', { token: hq, body: { ...SCHEME, id: 'SC2' } });
      const list = await server.call<{ items: Version[] }>('GET', '/api/hq/schemes', { token: hq });
      expect(list.body.items.map((s) => [s.id, s.version])).toEqual([
        ['SC1', 3],
        ['SC2', 1],
      ]);
    });

    it('answers 400 naming each field that refers to something unknown or wrong', async () => {
      const bad = {
        ...SCHEME,
        id: 'SC3',
        program: 'NOPE',
        stores: ['S404'],
        excludedAffiliations: ['GHOST'],
        earning: [
          { ...SCHEME.earning[0], rewardPoint: 'GHOST', tier: 'PLATINUM' },
          { ...SCHEME.earning[0], activity: 'otherActivity:unknown', per: 1 },
        ],
      };
      const result = await server.call<ErrorBody>('POST', '/api/hq/schemes', {
        token: hq,
        body: bad,
      });
      expect(result.status).toBe(400);
      expect(result.body.error.details).toEqual(
        expect.arrayContaining([
          'program: unknown program "NOPE"',
          'stores.0: unknown store "S404"',
          'excludedAffiliations.0: unknown affiliation "GHOST"',
          'earning.0.rewardPoint: unknown reward point "GHOST"',
          'earning.0.tier: unknown tier "PLATINUM"',
          'earning.1.activity: unknown other activity type "unknown"',
        ]),
      );
      const duplicateLines = await server.call<ErrorBody>('POST', '/api/hq/schemes', {
        token: hq,
        body: { ...SCHEME, id: 'SC3', earning: [SCHEME.earning[0], SCHEME.earning[0]] },
      });
      expect(duplicateLines.body.error.message).toMatch(/earning\.1\.id: line id E1 appears twice/);
      const tooPrecise = await server.call<ErrorBody>('POST', '/api/hq/schemes', {
        token: hq,
        body: { ...SCHEME, id: 'SC3', redemption: [{ ...SCHEME.redemption[0], amount: '1.001' }] },
      });
      expect(tooPrecise.body.error.message).toMatch(/redemption\.0\.amount/);
      const shape = await server.call<ErrorBody>('POST', '/api/hq/schemes', {
        token: hq,
        body: { ...SCHEME, id: 'SC3', earning: [{ ...SCHEME.earning[0], per: 1 }] },
      });
      expect(shape.status).toBe(400);
      expect(shape.body.error.message).toMatch(/body\.earning\.0\.per/);
      expect((await server.call('GET', '/api/hq/schemes/SC3', { token: hq })).status).toBe(404);
    });
  });
}
