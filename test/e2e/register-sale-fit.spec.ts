import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { cardNumberFor } from '../../shared/engine/cardNumbers';
import { api } from '../../shared/protocol/api';
import { cards, customers, rewardPoints } from '../../sync-server/src/db/schema';
import { postEntries } from '../../sync-server/src/ledger/post';
import { loadRewardPoints } from '../../sync-server/src/ledger/rewardPoints';
import { PINS } from '../server/helpers/fixtures';
import { expect, test } from './fixtures';
import { callRoute } from './helpers/routes';

const CARD = cardNumberFor({ prefix: '6004', sequenceDigits: 9 }, 512);
const LANGUAGES = ['en', 'nl', 'fr', 'sv'] as const;
const VIEWPORT = { width: 1366, height: 768 };
/** The least heights of targets a finger presses: the pad and the ways to pay, a take-back key. */
const TARGET = { pay: 44, takeBack: 32 };
/** The room left under the column's last part, so a longer word or name still fits. */
const SPARE = 12;

test.use({
  shelf: {
    products: [
      { id: 'SHOE', name: 'Running shoe', category: 'SHOES', priceMinor: 7995 },
      { id: 'SOCKS', name: 'Wool socks', category: 'SOCKS', priceMinor: 495 },
      { id: 'CAP', name: 'Cap', category: 'HATS', priceMinor: 1500 },
    ],
    cards: [CARD],
  },
});
test.describe.configure({ mode: 'serial' });

/**
 * Where each part of the right column a cashier must see lies, against the window and the column's
 * own visible box (a part under the status bar is inside the window yet hidden): every part named,
 * its box, whether the page or the column scrolls, and the labels of the card panel that wrap.
 */
function layoutOf(page: Page) {
  return page.evaluate((target) => {
    const side = document.querySelector('.sale-side');
    if (!side) throw new Error('no sale screen');
    const visible = side.getBoundingClientRect();
    const named = (selector: string, name: (element: Element, i: number) => string) =>
      [...side.querySelectorAll(selector)].map((element, i) => ({
        name: name(element, i),
        box: element.getBoundingClientRect(),
      }));
    const parts = [
      ...named('[data-testid="sale-total"]', () => 'Total'),
      ...named('[data-testid="amount-due"], [data-testid="change"]', () => 'Due'),
      ...named('.paid li', (_, i) => `tender line ${i + 1}`),
      ...named('[data-testid="applied-reward"]', () => 'applied reward'),
      ...named('.tenders button', (button, i) => `button ${i + 1} "${button.textContent}"`),
    ];
    const outside = parts
      .filter(
        ({ box }) =>
          box.top < Math.max(0, visible.top) ||
          box.left < Math.max(0, visible.left) ||
          box.bottom > Math.min(window.innerHeight, visible.bottom) ||
          box.right > Math.min(window.innerWidth, visible.right),
      )
      .map(({ name }) => name);
    // The pad and the ways to pay are big targets; a tender's take-back key, in its compact
    // list, a smaller one.
    const small = [
      ...named('.tenders .pay button, .tenders > .complete', (b) => `"${b.textContent}"`)
        .filter(({ box }) => box.height < target.pay)
        .map(({ name, box }) => `${name}: ${Math.round(box.height)} px`),
      ...named('.paid button', (_, i) => `take back ${i + 1}`)
        .filter(({ box }) => box.height < target.takeBack)
        .map(({ name, box }) => `${name}: ${Math.round(box.height)} px`),
    ];
    const root = document.documentElement;
    const scrolls = [root, side, ...side.querySelectorAll('.card-panel, .paid')]
      .filter(
        (box) => box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1,
      )
      .map((box) => box.className || box.tagName);
    // A label on one line is less than one and a half of its line's height.
    const wrapped = [...side.querySelectorAll('.card-panel :is(th, td, .customer, .can-cover)')]
      .filter((label) => {
        const lineHeight = parseFloat(getComputedStyle(label).lineHeight);
        return label.getBoundingClientRect().height > lineHeight * 1.5;
      })
      .map((label) => label.textContent);
    // Room to spare: what is left under the column's last part.
    const last = side.lastElementChild?.getBoundingClientRect().bottom ?? visible.bottom;
    const spare = Math.floor(visible.bottom - last);
    return { parts: parts.length, outside, small, scrolls, wrapped, spare };
  }, TARGET);
}

/**
 * The tallest right column a cashier meets fits the counter's 1366x768 in every language: a card
 * with two reward points, points spent earlier and pending, a reward taken, points reserved (F10)
 * and part of the rest paid in cash (F8). Total, Due, every tender line and every button of the pad
 * and the ways to pay, Complete included, lie wholly in view; nothing scrolls; no label of the card
 * panel wraps; every button is still a big target.
 */
test.describe('the sale screen at its tallest, in every language', () => {
  test.beforeAll(async ({ store }) => {
    const { database } = store.server;
    await database.db.insert(rewardPoints).values({
      id: 'TIER',
      name: 'Tier points',
      type: 'quantity',
      redeemable: false,
      redeemRanking: 9,
      redemptionThreshold: null,
      maxPerCard: null,
      expiry: null,
      expiryCalculation: 'static',
      vesting: null,
    });
    await database.db.insert(customers).values({ id: 'CU-MARG', name: 'Marguerite Vandenberghe' });
    await database.db.update(cards).set({ customerId: 'CU-MARG' }).where(eq(cards.number, CARD));
    const now = new Date(store.server.clock.now());
    const earned = (rewardPointId: string, points: number) => ({
      id: randomUUID(),
      cardNumber: CARD,
      rewardPointId,
      kind: 'adjust' as const,
      points,
      earnedAt: now,
      origin: 'online' as const,
    });
    const known = await loadRewardPoints(database);
    await database.transaction((tx) =>
      postEntries(tx, [earned('STAR', 3_000), earned('TIER', 420)], known, now),
    );
    const reward = await callRoute(store.server, api.hq.rewards.create, {
      token: store.hq,
      body: {
        id: 'SHOES-10',
        name: '10 % off shoes',
        rewardPoint: 'STAR',
        points: 400,
        benefit: { kind: 'percentOff', percent: 10, on: { category: 'SHOES' } },
        maximum: '5.00',
        active: true,
      },
    });
    expect(reward.status).toBe(201);
    await store.runJob('distribution-1050');
  });

  test('a sale before: points spent here and earned here, both waiting to be posted', async ({
    register: at,
  }) => {
    await at.signIn('C1', PINS.cashier);
    await at.card(CARD);
    await at.scan('CAP');
    await at.page.keyboard.type('3.00');
    await at.page.keyboard.press('F10');
    await expect(at.page.getByRole('list', { name: 'Paid so far' })).toContainText('$3.00');
    await at.payCash();
    await at.complete();
  });

  test('fits with a reward, points reserved and a part in cash', async ({ register: at }) => {
    const { page } = at;
    await at.card(CARD);
    await at.scan('SHOE');
    await at.scan('SOCKS');
    await at.scan('CAP');
    const panel = page.getByRole('region', { name: 'Card' });
    await expect(panel.getByTestId('spent-STAR')).toBeVisible();
    await expect(panel.getByTestId('pending-STAR')).not.toHaveText('0');
    await page.getByRole('region', { name: 'Rewards' }).getByRole('button').first().waitFor();
    await page.keyboard.press('Alt+1');
    await expect(page.getByTestId('applied-reward')).toContainText('(reserved)');
    await page.keyboard.type('4.00');
    await page.keyboard.press('F10');
    const paid = page.getByRole('list', { name: 'Paid so far' });
    await expect(paid).toContainText('$4.00');
    await page.keyboard.type('20');
    await page.keyboard.press('F8');
    await expect(paid.getByRole('listitem')).toHaveCount(2);
    await expect(page.getByTestId('amount-due')).toBeVisible();

    const shots = process.env['SHOTS_DIR'] ?? test.info().outputPath();
    mkdirSync(shots, { recursive: true });
    const languages = page.getByRole('banner').getByRole('combobox');
    for (const language of LANGUAGES) {
      await languages.selectOption(language);
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      await page.screenshot({ path: `${shots}/sale-tallest-${language}.png` });
      const layout = await layoutOf(page);
      // Total, Due, two tender lines, the reward, 12 keys, two quick amounts, 3 ways to pay, Complete.
      expect(layout.parts, `parts in ${language}`).toBeGreaterThanOrEqual(23);
      expect(
        { outside: layout.outside, small: layout.small, scrolls: layout.scrolls },
        `the right column in ${language} at ${VIEWPORT.width}x${VIEWPORT.height}`,
      ).toEqual({ outside: [], small: [], scrolls: [] });
      expect(layout.wrapped, `card labels on two lines in ${language}`).toEqual([]);
      expect(layout.spare, `room to spare in ${language}`).toBeGreaterThanOrEqual(SPARE);
    }
    await languages.selectOption('en');
  });
});
