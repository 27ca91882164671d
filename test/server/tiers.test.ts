import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateTier, type TierActivity } from '../../shared/engine/tiers';
import { addPeriod, DAY_MS } from '../../shared/units/time';
import { cards, tiers } from '../../sync-server/src/db/schema';
import type { JobRun } from '../../sync-server/src/jobs/job';
import { updateTiersJob } from '../../sync-server/src/jobs/updateTiers';
import {
  activityFromWindowSums,
  reevaluateTier,
  windowsOf,
} from '../../sync-server/src/tiers/evaluate';
import { updateAllTiers } from '../../sync-server/src/tiers/updateAll';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import { earnOnline, seedBasics } from './helpers/fixtures';
import { startTestServer, TEST_START, type TestServer } from './helpers/server';

const YEAR = { value: 1, unit: 'year' } as const;

describe('tier windows as sums', () => {
  const tierRules = [
    { id: 'BASE', level: 0, stay: null, rules: [] },
    {
      id: 'GOLD',
      level: 1,
      stay: YEAR,
      rules: [
        { rewardPoint: 'T', minimum: 100, window: YEAR },
        { rewardPoint: 'T', minimum: 60, window: { value: 30, unit: 'day' as const } },
        { rewardPoint: 'U', minimum: 10, window: { value: 3, unit: 'month' as const } },
      ],
    },
  ];

  it('gives the engine the same answer as the raw activity, window by window', () => {
    const now = TEST_START;
    const windows = windowsOf(tierRules, now);
    const cases: TierActivity[][] = [
      [{ rewardPoint: 'T', points: 70, at: now - 5 * DAY_MS }],
      [
        { rewardPoint: 'T', points: 50, at: now - 5 * DAY_MS },
        { rewardPoint: 'T', points: 55, at: now - 200 * DAY_MS },
      ],
      [
        { rewardPoint: 'T', points: 99, at: now - 40 * DAY_MS },
        { rewardPoint: 'T', points: 500, at: now - 400 * DAY_MS },
        { rewardPoint: 'U', points: 9, at: now - DAY_MS },
      ],
      [{ rewardPoint: 'U', points: 12, at: now - 80 * DAY_MS }],
    ];
    for (const raw of cases) {
      const sums = windows.map((w) =>
        raw
          .filter((a) => a.rewardPoint === w.rewardPoint && a.at > w.from && a.at <= now)
          .reduce((sum, a) => sum + a.points, 0),
      );
      const standing = { tier: null, validUntil: null };
      expect(evaluateTier(tierRules, standing, activityFromWindowSums(windows, sums), now)).toEqual(
        evaluateTier(tierRules, standing, raw, now),
      );
    }
  });
});

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`update card tiers (${backendKind.name})`, () => {
    let backend: TestBackend;
    let server: TestServer;

    const jobRun = (): JobRun & { counts: Record<string, number> } => {
      const counts: Record<string, number> = {};
      return {
        context: server.context,
        runId: 1,
        log: server.context.log,
        progress: async () => undefined,
        count: (name, by = 1) => {
          counts[name] = (counts[name] ?? 0) + by;
        },
        counts,
      };
    };

    const standing = async (number: string) => {
      const [row] = await server.database.db
        .select({ tier: cards.tierId, until: cards.tierValidUntil })
        .from(cards)
        .where(eq(cards.number, number));
      return row;
    };

    const earn = (number: string, points: number, at: number) =>
      earnOnline(server.database, number, points, at);

    beforeAll(async () => {
      backend = await backendKind.create();
      server = await startTestServer(backend);
      await seedBasics(server.database);
      // A third tier reached either over a year or in a burst within 30 days.
      await server.database.db.insert(tiers).values({
        id: 'PLATINUM',
        programId: 'MAIN',
        name: 'Platinum',
        level: 2,
        stay: { value: 6, unit: 'month' },
        rules: [
          { id: 'P-YEAR', rewardPoint: 'STAR', minimum: 3000, window: YEAR },
          { id: 'P-30D', rewardPoint: 'STAR', minimum: 2000, window: { value: 30, unit: 'day' } },
        ],
      });
      for (const number of ['7000000001', '7000000002', '7000000003'])
        await server.database.db
          .insert(cards)
          .values({ number, programId: 'MAIN', enrolmentSource: 'headOffice' });
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await server?.close();
      await backend?.remove();
    });

    it('moves a card up when it qualifies, and down when its stay is over', async () => {
      await earn('7000000001', 1200, TEST_START - 10 * DAY_MS);
      await earn('7000000002', 2100, TEST_START - 5 * DAY_MS);

      const run = jobRun();
      await updateTiersJob.run(run);
      expect(run.counts).toMatchObject({ cards: 3, changed: 3 });
      expect(await standing('7000000001')).toEqual({
        tier: 'GOLD',
        until: new Date(addPeriod(TEST_START, YEAR)),
      });
      expect((await standing('7000000002'))?.tier).toBe('PLATINUM');
      expect(await standing('7000000003')).toEqual({ tier: 'BASE', until: null });

      // The same day again: nothing to change.
      const again = jobRun();
      await updateTiersJob.run(again);
      expect(again.counts).toMatchObject({ cards: 3, changed: 0 });

      // Thirteen months on, the points are out of the window and the stay has ended.
      server.clock.set(addPeriod(TEST_START, { value: 13, unit: 'month' }));
      const later = await updateAllTiers(server.database, new Date(server.clock.now()), {
        batchSize: 2,
      });
      expect(later).toEqual({ cards: 3, changed: 2 });
      expect(await standing('7000000001')).toEqual({ tier: 'BASE', until: null });
      expect((await standing('7000000002'))?.tier).toBe('BASE');
      server.clock.set(TEST_START);
    });

    it('reevaluates one card after a posting, inside the posting transaction', async () => {
      const now = addPeriod(TEST_START, { value: 14, unit: 'month' });
      await earn('7000000003', 1000, now - DAY_MS);
      const change = await server.database.transaction((tx) =>
        reevaluateTier(tx, '7000000003', new Date(now)),
      );
      expect(change).toMatchObject({ tier: 'GOLD', changed: true });
      expect(await standing('7000000003')).toEqual({
        tier: 'GOLD',
        until: new Date(addPeriod(now, YEAR)),
      });
      const unchanged = await server.database.transaction((tx) =>
        reevaluateTier(tx, '7000000003', new Date(now)),
      );
      expect(unchanged.changed).toBe(false);
    });
  });
}
