import { randomUUID } from 'node:crypto';
import { cardNumberFor } from '../../shared/engine/cardNumbers';
import { PINS } from '../server/helpers/fixtures';
import { expect, test, useOwnServer } from './fixtures';
import { api } from '../../shared/protocol/api';
import { callRoute } from './helpers/routes';

const CARD = cardNumberFor({ prefix: '6003', sequenceDigits: 9 }, 300);

useOwnServer({
  products: [{ id: 'P1', name: 'Shoe', category: 'SHOES', priceMinor: 1299 }],
  cards: [CARD],
});

/**
 * The sale screen reads its card through a Dexie live query: what a distribution changes about the
 * card in the basket shows on the screen as it arrives, with no reload and no entering it again.
 */
test.describe('the card in the basket follows distributions', () => {
  test.beforeAll(async ({ store }) => {
    await store.runJob('distribution-1050');
  });

  test('shows a balance head office changed, distributed while the card is on screen', async ({
    store,
    register: at,
  }) => {
    await at.signIn('C1', PINS.cashier);
    await at.card(CARD);
    const panel = at.page.getByRole('region', { name: 'Card' });
    const available = panel.getByTestId('available-STAR');
    await expect(panel).toContainText('Anonymous');
    // A new card holds no points: no balance to show yet.
    await expect(available).toHaveCount(0);
    // Set in the page now, gone if the page reloads.
    await at.page.evaluate(() => {
      (window as { stillTheSamePage?: boolean }).stillTheSamePage = true;
    });

    const adjust = async (points: number) => {
      const reply = await callRoute(store.server, api.cards.adjust, {
        params: { number: CARD },
        token: store.hq,
        body: { id: randomUUID(), rewardPoint: 'STAR', points, comment: 'goodwill' },
      });
      expect(reply.status).toBe(200);
      await store.runJob('distribution-1050');
    };

    await adjust(250);
    await expect(available).toHaveText('250', { timeout: 15_000 });
    await adjust(-100);
    await expect(available).toHaveText('150', { timeout: 15_000 });

    expect(
      await at.page.evaluate(() => (window as { stillTheSamePage?: boolean }).stillTheSamePage),
    ).toBe(true);
    await expect(at.page.getByLabel('Card number').first()).toHaveValue('');
  });
});
