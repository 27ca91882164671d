import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRewardPoints } from '../../sync-server/src/ledger/rewardPoints';
import { rebuildCards } from '../../sync-server/src/ledger/fold';
import { postPendingFacts } from '../../sync-server/src/posting/postPendingFacts';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import {
  adjustmentFact,
  createCard,
  DeviceSequence,
  saleFact,
  startSyncTestServer,
  testCardNumber,
  type SyncTestServer,
} from './helpers/facts';
import { TEST_START } from './helpers/server';

/*
 * A card's lots are the fold of its ledger however its facts reach the post job. A lot dated before
 * a lot that paid back a debt takes the debt over in the fold (it comes first), so the run cannot
 * simply append it: it folds the card's history.
 */

const at = (minutesAgo: number) => new Date(TEST_START - minutesAgo * 60_000).toISOString();

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(
    `the post job folds a card's history (${backendKind.name})`,
    () => {
      let backend: TestBackend;
      let sync: SyncTestServer;
      let nextCard = 7_000;

      beforeAll(async () => {
        backend = await backendKind.create();
        sync = await startSyncTestServer(backend);
      }, PGLITE_CREATE_TIMEOUT);

      afterAll(async () => {
        await sync?.server.close();
        await backend?.remove();
      });

      const lotsOf = async (card: string) =>
        (
          await sync.server.database.query(
            `select entry_id, reward_point_id, remaining, earned_at, vests_at, expires_at
             from lots where card_number = $1 order by entry_id`,
            [card],
          )
        ).rows;

      /** The card's lots as the fold of its whole ledger makes them. */
      async function foldedLots(card: string) {
        const rewardPoints = await loadRewardPoints(sync.server.database);
        await sync.server.database.transaction((tx) => rebuildCards(tx, [card], rewardPoints));
        return lotsOf(card);
      }

      async function pushAndPost(facts: Parameters<SyncTestServer['push']>[1]) {
        expect((await sync.push('S1-R1', facts)).status).toBe(200);
        const summary = await postPendingFacts(sync.server.context);
        expect(summary.retrying).toBe(0);
        return summary;
      }

      it('posts an earlier lot on a card whose debt a later lot paid back as the fold has it', async () => {
        const card = testCardNumber(nextCard++);
        await createCard(sync.server.database, card);
        const seq = new DeviceSequence();
        // Into debt twelve minutes ago, paid back by a sale two minutes ago.
        await pushAndPost([adjustmentFact(card, -100, { deviceTime: at(12) }, seq)]);
        await pushAndPost([saleFact({ card, lines: [{ net: '50.00' }], deviceTime: at(2) }, seq)]);
        // A sale made eight minutes ago arrives now: in the fold it is the lot that pays the debt.
        const summary = await pushAndPost([
          saleFact({ card, lines: [{ net: '51.00' }], deviceTime: at(8) }, seq),
        ]);
        expect(summary.posted).toBe(1);
        const posted = await lotsOf(card);
        expect(posted).toHaveLength(2);
        expect(posted).toEqual(await foldedLots(card));
      });

      it('posts sales on a card in debt in the run, its lots the fold of its ledger', async () => {
        const card = testCardNumber(nextCard++);
        await createCard(sync.server.database, card);
        const seq = new DeviceSequence();
        await pushAndPost([adjustmentFact(card, -700, { deviceTime: at(12) }, seq)]);
        const summary = await pushAndPost([
          saleFact({ card, lines: [{ net: '50.00' }], deviceTime: at(10) }, seq),
          saleFact({ card, lines: [{ net: '30.00' }], deviceTime: at(4) }, seq),
          saleFact({ card, lines: [{ net: '20.00' }], deviceTime: at(6) }, seq),
        ]);
        expect(summary.posted).toBe(3);
        const posted = await lotsOf(card);
        expect(posted.map((lot) => Number(lot.remaining)).sort()).toEqual([300]);
        expect(posted).toEqual(await foldedLots(card));
      });

      it('leaves every card its fold, for a post of sales after any history of sales and debts', async () => {
        const step = fc.record({
          secondsAgo: fc.integer({ min: 0, max: 840 }),
          points: fc.integer({ min: -900, max: 900 }).filter((n) => n !== 0),
        });
        const sale = fc.record({
          secondsAgo: fc.integer({ min: 0, max: 840 }),
          points: fc.integer({ min: 1, max: 900 }),
        });
        await fc.assert(
          fc.asyncProperty(
            fc.array(step, { minLength: 1, maxLength: 6 }),
            fc.array(sale, { minLength: 1, maxLength: 4 }),
            async (history, sales) => {
              const card = testCardNumber(nextCard++);
              await createCard(sync.server.database, card);
              const seq = new DeviceSequence();
              // A positive step is a sale earning that many points (ten a dollar), a negative one
              // an adjustment taking them; each posted on its own before the sales arrive.
              const factOf = ({ secondsAgo, points }: { secondsAgo: number; points: number }) =>
                points > 0
                  ? saleFact(
                      {
                        card,
                        lines: [{ net: (points / 10).toFixed(2) }],
                        deviceTime: at(secondsAgo / 60),
                      },
                      seq,
                    )
                  : adjustmentFact(card, points, { deviceTime: at(secondsAgo / 60) }, seq);
              for (const step of history) await pushAndPost([factOf(step)]);
              await pushAndPost(sales.map(factOf));
              expect(await lotsOf(card)).toEqual(await foldedLots(card));
            },
          ),
          { numRuns: 40, seed: 20261203 },
        );
      }, 240_000);
    },
  );
}
