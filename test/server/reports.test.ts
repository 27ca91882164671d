import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryKind } from '../../shared/engine/ledger';
import { ledgerEntries } from '../../sync-server/src/db/schema';
import { postEntries, type EntryToPost } from '../../sync-server/src/ledger/post';
import { loadRewardPoints } from '../../sync-server/src/ledger/rewardPoints';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import { createCard, testCardNumber } from './helpers/facts';
import { seedBasics, signIn } from './helpers/fixtures';
import { startTestServer, type TestServer } from './helpers/server';

interface Entry {
  card: string;
  kind: EntryKind;
  points: number;
  at: string;
  store?: string | null;
  reverses?: string;
}

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`head office reports (${backendKind.name})`, () => {
    let backend: TestBackend;
    let server: TestServer;
    let hq: string;
    let cashier: string;
    const card = {
      a: testCardNumber(1),
      b: testCardNumber(2),
      c: testCardNumber(3),
      d: testCardNumber(4),
    };

    async function post(entries: Entry[]): Promise<string[]> {
      const rewardPoints = await loadRewardPoints(server.database);
      const rows: EntryToPost[] = entries.map((e) => ({
        id: randomUUID(),
        cardNumber: e.card,
        rewardPointId: 'STAR',
        kind: e.kind,
        points: e.points,
        earnedAt: new Date(e.at),
        origin: 'online',
        storeId: e.store === undefined ? 'S1' : e.store,
        reverses: e.reverses ?? null,
      }));
      await server.database.transaction((tx) =>
        postEntries(tx, rows, rewardPoints, new Date(rows[0]?.earnedAt ?? 0)),
      );
      return rows.map((r) => r.id);
    }

    /**
     * The known ledger (STAR expires a year after it is earned; S1 and S2 are in Amsterdam, UTC+1
     * in February). The clock stands at 2026-03-01T10:00Z.
     */
    beforeAll(async () => {
      backend = await backendKind.create();
      server = await startTestServer(backend);
      await seedBasics(server.database);
      hq = await signIn(server, 'hq');
      cashier = await signIn(server, 'cashier');
      const db = server.database;
      await createCard(db, card.a, {
        issuedAt: new Date('2026-02-10T08:00:00Z'),
        enrolmentSource: 'register',
        enrolmentStoreId: 'S1',
        enrolmentRegisterId: 'S1-R1',
      });
      await createCard(db, card.b, { issuedAt: new Date('2026-02-10T09:00:00Z') });
      await createCard(db, card.c, {
        issuedAt: new Date('2026-02-12T10:00:00Z'),
        enrolmentSource: 'api',
      });
      await createCard(db, card.d, {
        issuedAt: new Date('2026-02-12T23:30:00Z'),
        enrolmentSource: 'register',
        enrolmentStoreId: 'S2',
        enrolmentRegisterId: 'S2-R1',
      });
      // Before the reported period: 88 outstanding (17 of them in a lot past its expiry date).
      await post([
        { card: card.c, kind: 'earn', points: 40, at: '2026-01-05T12:00:00Z' },
        { card: card.d, kind: 'earn', points: 7, at: '2025-03-20T12:00:00Z' },
        { card: card.d, kind: 'earn', points: 11, at: '2025-04-20T12:00:00Z' },
        { card: card.d, kind: 'earn', points: 13, at: '2025-05-20T12:00:00Z' },
        { card: card.d, kind: 'earn', points: 17, at: '2025-02-01T12:00:00Z' },
      ]);
      const [firstEarn] = await post([
        { card: card.a, kind: 'earn', points: 100, at: '2026-02-10T12:00:00Z' },
        // 00:30 on the 12th in Amsterdam.
        { card: card.a, kind: 'earn', points: 50, at: '2026-02-11T23:30:00Z' },
        { card: card.a, kind: 'redeem', points: -30, at: '2026-02-12T10:00:00Z' },
      ]);
      await post([
        { card: card.b, kind: 'earn', points: 200, at: '2026-02-12T09:00:00Z', store: 'S2' },
        { card: card.b, kind: 'adjust', points: 10, at: '2026-02-12T15:00:00Z', store: null },
      ]);
      await post([
        {
          card: card.a,
          kind: 'returnEarn',
          points: -20,
          at: '2026-02-13T10:00:00Z',
          reverses: firstEarn as string,
        },
      ]);
      // A pending entry counts nowhere.
      await db.db.insert(ledgerEntries).values({
        id: randomUUID(),
        cardNumber: card.b,
        rewardPointId: 'STAR',
        kind: 'earn',
        points: 999,
        earnedAt: new Date('2026-02-11T12:00:00Z'),
        origin: 'offline',
        status: 'pending',
        storeId: 'S1',
      });
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await server?.close();
      await backend?.remove();
    });

    const get = async <T>(path: string) => {
      const answer = await server.call<T>('GET', path, { token: hq });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body;
    };

    it('reports the liability at the end of each day: opening balance plus posted points', async () => {
      const report = await get<{ series: { rewardPoint: string; days: unknown[] }[] }>(
        '/api/hq/reports/liability?from=2026-02-09&to=2026-02-13&step=day',
      );
      expect(report).toMatchObject({ from: '2026-02-09', to: '2026-02-13', timeZone: 'UTC' });
      expect(report.series).toEqual([
        {
          rewardPoint: 'STAR',
          days: [
            { day: '2026-02-09', outstanding: 88 },
            { day: '2026-02-10', outstanding: 188 },
            { day: '2026-02-11', outstanding: 238 },
            { day: '2026-02-12', outstanding: 418 },
            { day: '2026-02-13', outstanding: 398 },
          ],
        },
      ]);
    });

    it('cuts the liability days in the time zone asked for', async () => {
      const report = await get<{ series: { days: unknown[] }[] }>(
        '/api/hq/reports/liability?from=2026-02-11&to=2026-02-12&timeZone=Europe/Amsterdam',
      );
      expect(report.series[0]?.days).toEqual([
        { day: '2026-02-11', outstanding: 188 },
        { day: '2026-02-12', outstanding: 418 },
      ]);
    });

    it("reports points earned and redeemed per store on the store's own days", async () => {
      const report = await get<{ rows: unknown[] }>(
        '/api/hq/reports/activity?from=2026-02-10&to=2026-02-13',
      );
      const zero = { redeemed: 0, returned: 0, refunded: 0 };
      expect(report.rows).toEqual([
        { day: '2026-02-10', store: 'S1', rewardPoint: 'STAR', earned: 100, ...zero },
        { day: '2026-02-12', store: 'S1', rewardPoint: 'STAR', ...zero, earned: 50, redeemed: 30 },
        { day: '2026-02-12', store: 'S2', rewardPoint: 'STAR', earned: 200, ...zero },
        { day: '2026-02-13', store: 'S1', rewardPoint: 'STAR', ...zero, earned: 0, returned: 20 },
      ]);
      const oneDay = await get<{ rows: unknown[] }>(
        '/api/hq/reports/activity?from=2026-02-11&to=2026-02-11',
      );
      expect(oneDay.rows).toEqual([]);
    });

    it('reports cards issued per day and enrolment source', async () => {
      const report = await get<{ rows: unknown[] }>(
        '/api/hq/reports/enrolments?from=2026-02-10&to=2026-02-13',
      );
      expect(report.rows).toEqual([
        { day: '2026-02-10', source: 'headOffice', store: null, cards: 1 },
        { day: '2026-02-10', source: 'register', store: 'S1', cards: 1 },
        { day: '2026-02-12', source: 'api', store: null, cards: 1 },
        { day: '2026-02-12', source: 'register', store: 'S2', cards: 1 },
      ]);
      const local = await get<{ rows: { day: string; store: string | null }[] }>(
        '/api/hq/reports/enrolments?from=2026-02-13&to=2026-02-13&timeZone=Europe/Amsterdam',
      );
      expect(local.rows).toEqual([
        { day: '2026-02-13', source: 'register', store: 'S2', cards: 1 },
      ]);
    });

    it('reports available points expiring in the next 30, 60 and 90 days', async () => {
      const report = await get<{ at: string; rows: unknown[] }>('/api/hq/reports/expiring');
      expect(report).toEqual({
        at: '2026-03-01T10:00:00.000Z',
        rows: [{ rewardPoint: 'STAR', within30: 7, within60: 18, within90: 31 }],
      });
    });

    it('refuses bad periods with a 400 naming the field', async () => {
      const cases: [string, RegExp][] = [
        ['/api/hq/reports/liability?from=2026-02-13&to=2026-02-10', /querystring\.to/],
        ['/api/hq/reports/liability?from=2026-02-10', /querystring\.to/],
        ['/api/hq/reports/liability?from=2026-02-10&to=2026-02-11&step=hour', /step/],
        ['/api/hq/reports/activity?from=2020-01-01&to=2026-01-01', /at most 731 days/],
        ['/api/hq/reports/enrolments?from=2026-02-31&to=2026-03-01', /querystring\.from/],
        ['/api/hq/reports/enrolments?from=2026-02-01&to=2026-03-01&timeZone=Mars/Base', /timeZone/],
      ];
      for (const [path, problem] of cases) {
        const answer = await server.call<{ error: { message: string } }>('GET', path, {
          token: hq,
        });
        expect(answer.status, path).toBe(400);
        expect(answer.body.error.message, path).toMatch(problem);
      }
    });

    it('answers a cashier 403 on every report', async () => {
      for (const path of [
        '/api/hq/reports/liability?from=2026-02-10&to=2026-02-11',
        '/api/hq/reports/activity?from=2026-02-10&to=2026-02-11',
        '/api/hq/reports/enrolments?from=2026-02-10&to=2026-02-11',
        '/api/hq/reports/expiring',
      ]) {
        const answer = await server.call('GET', path, { token: cashier });
        expect(answer.status, path).toBe(403);
      }
    });
  });
}
