import type { Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { cardNumberFor } from '../../shared/engine/cardNumbers';
import { api } from '../../shared/protocol/api';
import { cardTierChanges } from '../../sync-server/src/db/schema';
import { PINS } from '../server/helpers/fixtures';
import type { StoreServer } from './helpers/storeServer';
import { expect, test, useOwnServer } from './fixtures';
import { callRoute } from './helpers/routes';

const CARD = cardNumberFor({ prefix: '6005', sequenceDigits: 9 }, 601);

useOwnServer({
  products: [{ id: 'P1', name: 'Shoe', category: 'SHOES', priceMinor: 1299 }],
  cards: [CARD],
});

/** Head office sets a card's tier by hand: it asks first, and the change keeps its reason. */
test.describe('head office sets a card tier by hand', () => {
  let store: StoreServer;
  let page: Page;

  test.beforeAll(async ({ store: started, tab }) => {
    store = started;
    page = tab;
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`${store.server.url}/hq`);
    await page.getByLabel('Staff id').fill('HQ1');
    await page.getByLabel('PIN').fill(PINS.hq);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Jobs', level: 2 }).waitFor();
  });

  test('asks, naming the card and tier, then sets it with its reason', async () => {
    const until = new Date(store.server.clock.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await page.goto(`${store.server.url}/hq#cards/${CARD}`);
    const form = page.getByRole('form', { name: 'Set the tier' });
    await expect(form.getByLabel('Tier').locator('option', { hasText: 'GOLD' })).toHaveCount(1);
    await form.getByLabel('Tier').selectOption('GOLD');
    await form.getByLabel('Reason').fill('Complaint settled');
    await form.getByLabel('Held until').fill(until);
    await form.getByRole('button', { name: 'Set tier', exact: true }).click();
    const question = form.getByRole('alertdialog', { name: 'Confirm: Set the tier' });
    await expect(question).toContainText(
      `Set card ${CARD} to tier GOLD until ${until} (Complaint settled)?`,
    );
    await question.scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath('card-set-tier-question.png') });
    await question.getByRole('button', { name: 'Confirm' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Card ${CARD} is in tier GOLD until ${until}.` })
      .waitFor();
    await expect(form.getByLabel('Reason')).toHaveValue('');
    // The card's details show the running hold: until when, why and who set it.
    await expect(page.locator('dl.details')).toContainText(
      /Tier hold\s*set by hand, held until .+: Complaint settled \(HQ1\)/,
    );
    const changes = page.getByRole('table', { name: 'Tier changes' });
    await expect(changes.getByRole('row').nth(1)).toContainText('→ GOLD');
    await expect(changes.getByRole('row').nth(1)).toContainText('Complaint settled (HQ1)');
    await changes.scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath('card-tier-changes.png') });

    const card = await callRoute(store.server, api.cards.get, {
      params: { number: CARD },
      token: store.hq,
    });
    expect(card.body.tier).toBe('GOLD');
    expect(card.body.tierHold).toMatchObject({ reason: 'Complaint settled', setBy: 'HQ1' });
    const history = await store.server.database.db
      .select()
      .from(cardTierChanges)
      .where(eq(cardTierChanges.cardNumber, CARD));
    expect(history.map((change) => [change.tierId, change.reason])).toEqual([
      ['GOLD', 'Complaint settled'],
    ]);
  });
});
