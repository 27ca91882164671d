import type { Page } from '@playwright/test';
import { cardNumberFor } from '../../shared/engine/cardNumbers';
import { api } from '../../shared/protocol/api';
import { schemes } from '../../sync-server/src/db/schema';
import { TEST_SCHEME } from '../server/helpers/facts';
import { BASICS, PINS } from '../server/helpers/fixtures';
import type { StoreServer } from './helpers/storeServer';
import { expect, test, useOwnServer } from './fixtures';
import { callRoute, routeGlob } from './helpers/routes';

const card = (i: number) => cardNumberFor({ prefix: '6005', sequenceDigits: 9 }, 500 + i);
const GIVER = card(1); // 100 stars
const TAKER = card(2);

useOwnServer({
  products: [{ id: 'P1', name: 'Shoe', category: 'SHOES', priceMinor: 1299 }],
  cards: [GIVER, TAKER],
});

/**
 * Head office's card actions and scheme activation ask before they change anything, naming the
 * card (or scheme), the points and the effect; forms are emptied once done, and a card's page
 * never shows another card's history.
 */
test.describe('head office asks before it changes a card or a scheme', () => {
  let store: StoreServer;
  let page: Page;

  const history = async (number: string) =>
    (await callRoute(store.server, api.cards.history, { params: { number }, token: store.hq })).body
      .items;
  const starsOf = async (number: string) =>
    (
      await callRoute(store.server, api.cards.get, { params: { number }, token: store.hq })
    ).body.balances.find((b) => b.rewardPoint === 'STAR')?.available ?? 0;

  test.beforeAll(async ({ store: started, tab }) => {
    store = started;
    page = tab;
    const gift = await callRoute(store.server, api.cards.adjust, {
      params: { number: GIVER },
      token: store.hq,
      body: { id: crypto.randomUUID(), rewardPoint: 'STAR', points: 100, comment: 'welcome' },
    });
    expect(gift.status).toBe(200);
    // A second version of the scheme, saved as a draft, to activate.
    await store.server.database.db.insert(schemes).values({
      id: TEST_SCHEME.id,
      version: 2,
      programId: BASICS.program,
      status: 'draft',
      stores: [],
      earning: TEST_SCHEME.earning,
      redemption: TEST_SCHEME.redemption,
      excludedAffiliations: [],
    });
    await page.goto(`${store.server.url}/hq`);
    await page.getByLabel('Staff id').fill('HQ1');
    await page.getByLabel('PIN').fill(PINS.hq);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Jobs', level: 2 }).waitFor();
  });

  test('asks before activating a scheme version, naming the version it replaces', async () => {
    await page
      .getByRole('navigation', { name: 'Console sections' })
      .getByRole('link', { name: 'Schemes', exact: true })
      .click();
    await page.getByRole('button', { name: 'Edit SCH' }).click();
    const versions = page.getByRole('table', { name: 'Versions of SCH' });
    const activate = page.getByRole('button', { name: 'Activate version 2' });
    await activate.click();
    const question = page.getByRole('alertdialog', { name: 'Confirm: Activate version 2' });
    await expect(question).toHaveText(
      /^Activate version 2 of scheme SCH\? It takes the place of version 1 for earning and redemption/,
    );
    await question.scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath('scheme-activation-question.png') });
    await question.getByRole('button', { name: 'Cancel' }).click();
    await expect(question).toHaveCount(0);
    await expect(versions.getByRole('row', { name: /^2/ })).toContainText('draft');

    await activate.click();
    await question.getByRole('button', { name: 'Confirm' }).click();
    await expect(versions.getByRole('row', { name: /^2/ })).toContainText('active');
  });

  test('asks before adjusting, names the card, points and effect, and empties the form', async () => {
    await page.goto(`${store.server.url}/hq#cards/${GIVER}`);
    const adjust = page.getByRole('form', { name: 'Adjust the balance' });
    await adjust.getByLabel('Reward point').fill('STAR');
    await adjust.getByLabel('Points', { exact: true }).fill('25');
    await adjust.getByLabel('Reason').fill('Goodwill');
    await adjust.getByRole('button', { name: 'Adjust', exact: true }).click();
    const question = adjust.getByRole('alertdialog', { name: 'Confirm: Adjust the balance' });
    await expect(question).toContainText(
      `Add 25 STAR to card ${GIVER} (Goodwill)? Its available balance goes from 100 to 125 STAR.`,
    );
    await page.screenshot({ path: test.info().outputPath('card-adjust-question.png') });
    await question.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('status').filter({ hasText: 'The balance is adjusted.' }).waitFor();
    await expect(adjust.getByLabel('Points', { exact: true })).toHaveValue('');
    await expect(adjust.getByLabel('Reason')).toHaveValue('');
    // A second click has nothing to send: the server refuses it and nothing is added.
    await adjust.getByRole('button', { name: 'Adjust', exact: true }).click();
    await expect(adjust.getByRole('alert')).toContainText('Points');
    const adjustments = (await history(GIVER)).filter((e) => e.kind === 'adjust');
    expect(adjustments.map((e) => e.points).sort((a, b) => a - b)).toEqual([25, 100]);
  });

  test('asks before a transfer and a block, naming what moves and what is held', async () => {
    const transfer = page.getByRole('form', { name: 'Transfer points' });
    await transfer.getByLabel('To card').fill(TAKER);
    await transfer.getByLabel('Reward point').fill('STAR');
    await transfer.getByLabel('Points', { exact: true }).fill('40');
    await transfer.getByRole('button', { name: 'Transfer', exact: true }).click();
    const question = transfer.getByRole('alertdialog');
    await expect(question).toContainText(
      `Move 40 STAR from card ${GIVER} to card ${TAKER}? Card ${GIVER} keeps 85 STAR.`,
    );
    await question.getByRole('button', { name: 'Confirm' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `moved to card ${TAKER}` })
      .waitFor();
    await expect(transfer.getByLabel('To card')).toHaveValue('');
    expect(await starsOf(TAKER)).toBe(40);

    await page.goto(`${store.server.url}/hq#cards/${TAKER}`);
    await page.getByRole('button', { name: `Block card ${TAKER}`, exact: true }).click();
    await expect(page.getByRole('alertdialog')).toContainText(`Card ${TAKER} holds 40 STAR.`);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('alertdialog')).toHaveCount(0);
    await page.getByRole('button', { name: `Block card ${TAKER}`, exact: true }).click();
    await page.getByRole('button', { name: `Yes, block card ${TAKER}` }).click();
    await page.getByRole('status').filter({ hasText: 'is blocked' }).waitFor();
  });

  test("shows the card's own history after switching cards, never the previous card's", async () => {
    await page.goto(`${store.server.url}/hq#cards/${GIVER}`);
    const giverHistory = page.getByRole('table', { name: `History of card ${GIVER}` });
    await expect(giverHistory.getByRole('row').filter({ hasText: 'adjustment' })).toHaveCount(2);

    // The next card's history is slow to come: until it does, none is shown.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(`${routeGlob(api.cards.history, { number: TAKER })}*`, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${store.server.url}/hq#cards/${TAKER}`);
    await page.getByRole('table', { name: `Balances of card ${TAKER}` }).waitFor();
    const takerHistory = page.getByRole('table', { name: `History of card ${TAKER}` });
    await expect(takerHistory).toBeVisible();
    await expect(takerHistory.getByRole('row')).toHaveCount(1); // the header only
    await expect(page.getByRole('row').filter({ hasText: 'adjustment' })).toHaveCount(0);
    release();
    await expect(takerHistory.getByRole('row').filter({ hasText: 'transfer' })).toHaveCount(1);
    await page.unroute(`${routeGlob(api.cards.history, { number: TAKER })}*`);
  });

  test('asks before replacing a card, naming its points', async () => {
    await page.goto(`${store.server.url}/hq#cards/${GIVER}`);
    const replace = page.getByRole('form', { name: 'Replace the card' });
    await replace.getByRole('button', { name: 'Replace', exact: true }).click();
    await expect(replace.getByRole('alertdialog')).toContainText(
      `Replace card ${GIVER}, holding 85 STAR, by a new card with the next number?`,
    );
    await replace.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('status').filter({ hasText: 'Replaced by card' }).waitFor();
    await expect(page.locator('dl')).toContainText('replaced');
  });
});
