import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { cardNumberFor } from '../../shared/engine/cardNumbers';
import {
  cardBalances,
  factReviews,
  facts,
  ledgerEntries,
  sales,
  stores,
} from '../../sync-server/src/db/schema';
import { earnOnline, PINS } from '../server/helpers/fixtures';
import { TEST_START } from '../server/helpers/server';
import { expect, test } from './fixtures';
import type { RegisterPage } from './helpers/registerPage';

/** Screenshots go to docs/screens when SCREENS=docs, else to the system's temporary folder. */
const SHOTS = process.env['SCREENS'] === 'docs' ? 'docs/screens' : join('/tmp', 'register-screens');

const CARD = cardNumberFor({ prefix: '6004', sequenceDigits: 9 }, 417);

test.use({
  shelf: {
    products: [
      { id: 'SHOE', name: 'Running shoe', category: 'SHOES', priceMinor: 7995 },
      { id: 'SOCKS', name: 'Socks', category: 'SHOES', priceMinor: 495 },
      { id: 'COFFEE', name: 'Coffee', category: 'DRINKS', priceMinor: 250 },
    ],
    cards: [CARD],
  },
});
test.describe.configure({ mode: 'serial' });

const posted = async (db: Parameters<typeof earnOnline>[0], card: string) =>
  (await db.db.select().from(cardBalances).where(eq(cardBalances.cardNumber, card)))[0]?.posted;

/**
 * A reward from head office's catalogue to the till and back: head office defines it in the
 * console, 1050 sends it to the store, the cashier applies it with a key (its points reserved on
 * the server), the post job posts the sale with it, and a return gives its share back.
 */
test.describe('a reward of the catalogue', () => {
  let at: RegisterPage;
  let saleId = '';

  test.beforeAll(async ({ store }) => {
    await earnOnline(store.server.database, CARD, 1_000, TEST_START - 86_400_000);
    // Store S1 lets a card spend up to 500 points a day offline.
    await store.server.database.db
      .update(stores)
      .set({
        profile: {
          generateCardNumbers: true,
          offlineEarning: true,
          offlineRedemption: { allowancePerCardPerDay: 500 },
        },
      })
      .where(eq(stores.id, 'S1'));
  });

  test('head office defines the reward in the console', async ({ store, tab: page }) => {
    await page.goto(`${store.server.url}/hq#rewards`);
    await page.getByLabel('Staff id').fill('HQ1');
    await page.getByLabel('PIN').fill(PINS.hq);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Rewards', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'New reward' }).click();
    const form = page.getByRole('form', { name: 'New reward' });
    await form.getByLabel('Id', { exact: true }).fill('SHOES-10');
    await form.getByLabel('Name', { exact: true }).fill('10 % off shoes');
    await form.getByLabel('Priced in reward point', { exact: true }).fill('STAR');
    await form.getByLabel('Price in points', { exact: true }).fill('400');
    await form.getByLabel('Reward', { exact: true }).selectOption('percentOff');
    await form.getByLabel('Percent off', { exact: true }).fill('10');
    await form.getByLabel('Off', { exact: true }).selectOption('category');
    await form.getByLabel('Category or product id', { exact: true }).fill('SHOES');
    await form.getByLabel('Maximum discount', { exact: true }).fill('5.00');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status')).toHaveText('Saved SHOES-10 as version 1.');
    await store.runJob('distribution-1050');
  });

  test('the register lists it for the card and applies it with a key', async ({ openRegister }) => {
    at = await openRegister('S1-R1');
    await at.signIn('C1', PINS.cashier);
    await at.card(CARD);
    await at.scan('SHOE');
    await at.scan('SOCKS');
    await at.scan('SOCKS');
    await at.scan('COFFEE');
    const rewards = at.page.getByRole('region', { name: 'Rewards' });
    // 10 % of the shoes' 89.85 is 8.98, at most 5.00.
    const offer = rewards.getByRole('button', { name: /10 % off shoes/ });
    await expect(offer).toContainText('Alt+1');
    await expect(offer).toContainText('$5.00 off · 400 STAR');
    await at.page.screenshot({ path: join(SHOTS, 'register-rewards-en.png') });
    // The whole sale screen fits the counter's screen: nothing to scroll to reach a key.
    const overflow = await at.page.evaluate(() =>
      [document.documentElement, document.querySelector('.sale-side')].map((box) =>
        box ? box.scrollHeight - box.clientHeight : -1,
      ),
    );
    expect(overflow).toEqual([0, 0]);

    await at.page.keyboard.press('Alt+1');
    await expect(at.page.getByTestId('applied-reward')).toHaveText(
      'Reward 10 % off shoes (reserved): $5.00 off for 400 STAR',
    );
    await expect(at.page.getByLabel('Scan or type a code')).toBeFocused();
    // 4.45 off the shoe and 0.55 off the socks, in proportion; the price split the same way.
    await expect(at.page.getByTestId('line-reward-1')).toHaveText(
      '10 % off shoes -$4.45 (356 STAR)',
    );
    await expect(at.page.getByTestId('line-reward-2')).toHaveText(
      '10 % off shoes -$0.55 (44 STAR)',
    );
    await expect(at.page.getByTestId('sale-total')).toContainText('$87.35');
    await at.page.screenshot({ path: join(SHOTS, 'register-reward-applied-en.png') });
    await at.payCash();
    await at.complete();
    const receipt = at.page.getByRole('article', { name: 'Receipt' });
    await expect(receipt.getByTestId('receipt-reward-1')).toContainText('Reward: 10 % off shoes');
    await expect(receipt.getByTestId('receipt-reward-1')).toContainText('-$4.45');
    await expect(receipt).toContainText('Total $87.35');
    await at.waitOutboxEmpty();
  });

  test('the post job posts the sale with the reward reserved once', async ({ store }) => {
    const db = store.server.database;
    await expect
      .poll(
        async () => (await db.db.select().from(facts).where(eq(facts.registerId, 'S1-R1'))).length,
      )
      .toBe(1);
    await store.runJob('post-offline-earnings');
    const [sale] = await db.db.select().from(sales).where(eq(sales.cardNumber, CARD));
    saleId = sale?.id ?? '';
    const [fact] = await db.db.select().from(facts).where(eq(facts.id, saleId));
    expect(fact).toMatchObject({ status: 'posted', reason: null });
    const spends = await db.db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.cardNumber, CARD), eq(ledgerEntries.kind, 'redeem')));
    expect(spends.map((e) => [e.points, e.status])).toEqual([[-400, 'posted']]);
    const earned = await db.db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.cardNumber, CARD), eq(ledgerEntries.factId, saleId)));
    const earnedPoints = earned.filter((e) => e.kind === 'earn').reduce((a, e) => a + e.points, 0);
    expect(earnedPoints).toBeGreaterThan(0);
    expect(await posted(db, CARD)).toBe(1_000 - 400 + earnedPoints);
  });

  test('a return of the shoe gives back its share of the reward exactly', async ({ store }) => {
    const before = (await posted(store.server.database, CARD)) ?? 0;
    await at.nextSale();
    await at.screen('Returns');
    await at.page.getByRole('button', { name: /\$87\.35/ }).click();
    await at.page.getByRole('spinbutton').first().fill('1');
    await at.page.getByRole('button', { name: 'Return selected items' }).click();
    const back = at.page.getByRole('article', { name: 'Receipt' });
    await expect(back.getByRole('heading', { name: 'Return receipt' })).toBeVisible();
    await expect(back).toContainText('Total $75.50');
    await expect(back.getByTestId('receipt-reward-1')).toContainText('356 STAR');
    await at.waitOutboxEmpty();
    const db = store.server.database;
    await expect
      .poll(
        async () => (await db.db.select().from(facts).where(eq(facts.registerId, 'S1-R1'))).length,
      )
      .toBe(2);
    await store.runJob('post-offline-earnings');
    const refunds = await db.db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.cardNumber, CARD), eq(ledgerEntries.kind, 'refundRedeem')));
    expect(refunds.map((e) => [e.points, e.status])).toEqual([[356, 'posted']]);
    const [sale] = await db.db.select().from(sales).where(eq(sales.returnOf, saleId));
    const [fact] = await db.db
      .select()
      .from(facts)
      .where(eq(facts.id, sale?.id ?? ''));
    expect(fact).toMatchObject({ status: 'posted', reason: null });
    const takenBack = await db.db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.cardNumber, CARD), eq(ledgerEntries.kind, 'returnEarn')));
    expect(await posted(db, CARD)).toBe(before + 356 + takenBack.reduce((a, e) => a + e.points, 0));
  });

  test('offline, a reward is taken within the store’s allowance and not beyond it', async ({
    store,
  }) => {
    await at.screen('Sale');
    await at.page.context().setOffline(true);
    await expect.poll(() => at.status().textContent()).toMatch(/Offline/);
    await at.card(CARD);
    await at.scan('SHOE');
    const rewards = at.page.getByRole('region', { name: 'Rewards' });
    await rewards.getByRole('button', { name: /10 % off shoes/ }).click();
    await expect(at.page.getByTestId('applied-reward')).toHaveText(
      'Reward 10 % off shoes (offline): $5.00 off for 400 STAR',
    );
    await expect(at.page.getByLabel('Scan or type a code')).toBeFocused();
    await at.payCash();
    await at.complete();
    await at.nextSale();

    // 400 of the day's 500 are spent offline: the reward is no longer offered, nor taken by key.
    await at.card(CARD);
    await at.scan('SHOE');
    await expect(at.page.getByTestId('sale-total')).toContainText('$79.95');
    await expect(rewards).toHaveCount(0);
    await at.page.keyboard.press('Alt+1');
    await expect(at.page.getByText('No reward has that number.')).toBeVisible();
    await at.payCash();
    await at.complete();

    await at.page.context().setOffline(false);
    await at.waitOutboxEmpty();
    const db = store.server.database.db;
    await expect
      .poll(async () => (await db.select().from(facts).where(eq(facts.registerId, 'S1-R1'))).length)
      .toBe(4);
    await store.runJob('post-offline-earnings');
    const offline = await db
      .select()
      .from(ledgerEntries)
      .where(
        and(
          eq(ledgerEntries.cardNumber, CARD),
          eq(ledgerEntries.kind, 'redeem'),
          eq(ledgerEntries.origin, 'offline'),
        ),
      );
    expect(offline.map((e) => [e.points, e.status])).toEqual([[-400, 'posted']]);
    // Within the allowance: nothing for head office to review.
    expect(await db.select().from(factReviews)).toEqual([]);
  });
});
