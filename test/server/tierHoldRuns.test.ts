import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../shared/units/time';
import { cards, tiers } from '../../sync-server/src/db/schema';
import { RunTiers } from '../../sync-server/src/posting/batch/runTiers';
import { loadCard } from '../../sync-server/src/posting/lookups';
import { postPendingFacts } from '../../sync-server/src/posting/postPendingFacts';
import { toTierRules } from '../../sync-server/src/tiers/rules';
import { windowsOf } from '../../sync-server/src/tiers/evaluate';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import {
  createCard,
  DeviceSequence,
  saleFact,
  startSyncTestServer,
  testCardNumber,
  type SyncTestServer,
} from './helpers/facts';
import { TEST_START } from './helpers/server';

const HOLD = { tierHeldUntil: new Date(TEST_START + 30 * DAY_MS), tierHoldReason: 'trial' };

/** PRODUCT 4.5: a tier set by hand is held against postings made in runs, too. */
for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`a held tier in posting runs (${backendKind.name})`, () => {
    let backend: TestBackend;
    let sync: SyncTestServer;
    const seq = new DeviceSequence();

    beforeAll(async () => {
      backend = await backendKind.create();
      sync = await startSyncTestServer(backend);
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await sync?.server.close();
      await backend?.remove();
    });

    const tierOf = async (number: string) =>
      (await sync.server.database.db.select().from(cards).where(eq(cards.number, number)))[0]
        ?.tierId;

    it("re-evaluates a free card after what the run adds, and never a held card's tier", async () => {
      const held = await createCard(sync.server.database, testCardNumber(601), HOLD);
      const free = await createCard(sync.server.database, testCardNumber(602));
      const tierRows = await sync.server.database.db.select().from(tiers);
      const rules = tierRows.map(toTierRules);
      const now = new Date(TEST_START);
      const run = new RunTiers(
        new Map([['MAIN', rules]]),
        windowsOf(rules, now.getTime()),
        new Map(),
        now,
      );
      for (const number of [held, free]) {
        const card = await loadCard(sync.server.database, number);
        if (!card) throw new Error(`card ${number} is missing`);
        // Enough for GOLD (1,000 STAR in a year).
        run.record(number, [{ rewardPoint: 'STAR', points: 1_000, at: now.getTime() }]);
        run.reevaluate(card);
      }
      expect(run.changes().map((c) => [c.cardNumber, c.tier])).toEqual([[free, 'GOLD']]);
    });

    it('posts a run of sales without moving a held tier, while a free card in it moves', async () => {
      const held = await createCard(sync.server.database, testCardNumber(611), HOLD);
      const free = await createCard(sync.server.database, testCardNumber(612));
      // 100.00 earns 1,000 STAR: GOLD for a card whose tier the rules decide.
      const sales = [held, free].map((card) => saleFact({ card, lines: [{ net: '100.00' }] }, seq));
      expect((await sync.push('S1-R1', sales)).status).toBe(200);
      expect(await postPendingFacts(sync.server.context)).toMatchObject({ posted: 2 });
      expect(await tierOf(free)).toBe('GOLD');
      expect(await tierOf(held)).toBe('BASE');
    });
  });
}
