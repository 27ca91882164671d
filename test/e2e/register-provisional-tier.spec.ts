import { cardNumberFor } from '../../shared/engine/cardNumbers';
import { PINS } from '../server/helpers/fixtures';
import { expect, test, useOwnServer } from './fixtures';

const CARD = cardNumberFor({ prefix: '6003', sequenceDigits: 9 }, 410);

// One coat earns 1,200 STAR under the test scheme: past GOLD's 1,000 in a year.
useOwnServer({
  products: [{ id: 'COAT', name: 'Coat', category: 'SHOES', priceMinor: 12000 }],
  cards: [CARD],
});

/**
 * PRODUCT 4.5: the register shows the tier a card would reach after its own earnings, marked
 * provisional, until the server posts them and a distribution carries the tier.
 */
test.describe('a provisional tier upgrade at the register', () => {
  test.beforeAll(async ({ store }) => {
    await store.runJob('distribution-1050');
  });

  test('shows the upgrade as provisional after the sale, then the tier the server confirms', async ({
    store,
    register: at,
  }) => {
    await at.signIn('C1', PINS.cashier);
    await at.card(CARD);
    const panel = at.page.getByRole('region', { name: 'Card' });
    const provisional = panel.getByTestId('provisional-tier');
    await expect(panel.locator('.tier')).toHaveText('Base');
    await expect(provisional).toHaveCount(0);

    await at.scan('COAT');
    await at.payCash();
    await at.complete();
    await at.nextSale();
    await at.card(CARD);
    await expect(provisional).toHaveText('→ Gold (provisional)');
    await expect(panel.locator('.tier')).toHaveText('Base');
    await panel.screenshot({ path: test.info().outputPath('provisional-tier.png') });

    await at.waitOutboxEmpty();
    await store.runJob('post-offline-earnings');
    await store.runJob('distribution-1050');
    await expect(panel.locator('.tier')).toHaveText('Gold', { timeout: 15_000 });
    await expect(provisional).toHaveCount(0);
    await panel.screenshot({ path: test.info().outputPath('confirmed-tier.png') });
  });
});
