import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { cardNumberFor } from '../../shared/engine/cardNumbers';
import { api } from '../../shared/protocol/api';
import { PINS } from '../server/helpers/fixtures';
import { expect, test, useOwnServer } from './fixtures';
import { callRoute } from './helpers/routes';

const BUSY = cardNumberFor({ prefix: '6004', sequenceDigits: 9 }, 91);

useOwnServer({ products: [], cards: [BUSY] });

const LANGUAGES = ['en', 'nl', 'fr', 'sv'] as const;

/**
 * How the Cards screen sits in the window: every box that scrolls (the page, the screen, each
 * panel), every field that runs out of its form, every target under 44 px, and every action box
 * with an empty row above its fields or button.
 */
async function fitOf(page: Page) {
  return page.evaluate(() => {
    const scrolls = (element: Element) => element.scrollHeight > element.clientHeight;
    const screen = document.querySelector('.manager');
    const boxes = [
      document.documentElement,
      screen,
      ...document.querySelectorAll('.manager .panel'),
    ];
    const scrolling = boxes
      .filter((box): box is Element => box !== null && scrolls(box))
      .map((box) => (box.getAttribute('aria-label') ?? box.className) || box.tagName);
    const overflowing = [...document.querySelectorAll('.manager form.action')].flatMap((form) => {
      const box = form.getBoundingClientRect();
      return [...form.querySelectorAll('input, select, button')]
        .filter((field) => {
          const own = field.getBoundingClientRect();
          return own.left < box.left || own.right > box.right;
        })
        .map(() => form.getAttribute('aria-label'));
    });
    const small = [
      ...document.querySelectorAll(
        '.manager button, .manager input:not([type=radio]):not([type=checkbox]), .manager select',
      ),
    ]
      .filter((target) => target.getBoundingClientRect().height < 44)
      .map((target) => target.textContent || target.outerHTML.slice(0, 60));
    // An empty row above an action's fields or button: its box stretched to a taller neighbour's.
    const gapped = [...document.querySelectorAll('.manager form.action')]
      .filter((form) => {
        const shown = [...form.children].find((child) => !child.matches('.visually-hidden'));
        const style = getComputedStyle(form);
        const inside = parseFloat(style.paddingTop) + parseFloat(style.borderTopWidth);
        const top = shown?.getBoundingClientRect().top ?? 0;
        return top - form.getBoundingClientRect().top > inside + 1;
      })
      .map((form) => form.getAttribute('aria-label'));
    return { screen: screen !== null, scrolling, overflowing, small, gapped };
  });
}

/** What an action says once pressed: its answer, its refusal or its question. */
const OUTCOME = '[role=alert], [role=status], [role=alertdialog]';

/** The one button of the Cards screen that shows Alt and this digit, and the form it submits. */
function keyedAction(page: Page, digit: number) {
  const key = page.locator('kbd').filter({ hasText: new RegExp(`^Alt\\+${digit}$`) });
  const keyed = page.locator('button').filter({ has: key });
  return {
    button: page.locator('.manager').locator(keyed),
    form: page.locator('.manager form').filter({ has: keyed }),
  };
}

/**
 * The manager's Cards screen at the counter's 1366x768 is one screen in every language: no page,
 * screen or panel scrolls (with the longest form of issuing a card, a new customer, open), no
 * field runs out of its box, and every target is 44 px high.
 */
test.describe('the Cards screen at the register', () => {
  test.beforeAll(async ({ store }) => {
    // A card with a long history: more lines than the screen has room for.
    for (let i = 1; i <= 30; i++) {
      const adjusted = await callRoute(store.server, api.cards.adjust, {
        params: { number: BUSY },
        token: store.hq,
        body: { id: crypto.randomUUID(), rewardPoint: 'STAR', points: i, comment: 'goodwill' },
      });
      expect(adjusted.status).toBe(200);
    }
    await store.runJob('distribution-1050');
  });

  test('fits 1366x768 without scrolling in every language', async ({ register: at }) => {
    await at.signIn('M1', PINS.manager);
    await at.screen('Cards');
    const issue = at.page.getByRole('form', { name: 'Issue a card' });
    await issue.getByRole('radio').nth(1).check();
    const languages = at.page.getByRole('banner').getByRole('combobox');
    // The screenshots are for a person to look at: SHOTS_DIR keeps them apart from the report.
    const shots = process.env['SHOTS_DIR'] ?? test.info().outputPath();
    mkdirSync(shots, { recursive: true });
    for (const language of LANGUAGES) {
      await languages.selectOption(language);
      await expect(at.page.locator('html')).toHaveAttribute('lang', language);
      await expect
        .poll(() => fitOf(at.page))
        .toEqual({
          screen: true,
          scrolling: [],
          overflowing: [],
          small: [],
          gapped: [],
        });
      await at.page.screenshot({ path: `${shots}/cards-${language}.png` });
    }
    await languages.selectOption('en');
  });

  test('scrolls a long history inside its own box, never the screen', async ({ register: at }) => {
    const actions = at.page.getByRole('region', { name: 'Card actions' });
    await actions.getByLabel('Card number', { exact: true }).fill(BUSY);
    await actions.getByRole('button', { name: 'Card history' }).click();
    const history = actions.getByRole('table', { name: `History of card ${BUSY}` });
    await expect(history.getByRole('row')).toHaveCount(31);
    expect((await fitOf(at.page)).scrolling).toEqual([]);
    await history.getByRole('row').last().scrollIntoViewIfNeeded();
    await expect(history.getByRole('row').last()).toBeInViewport();
    expect((await fitOf(at.page)).scrolling).toEqual([]);
    await at.page.screenshot({ path: test.info().outputPath('cards-history.png') });
  });

  test('works from the keyboard: each action on Alt and a digit, focus back on the card number', async ({
    register: at,
  }) => {
    await at.screen('Sale');
    await at.screen('Cards');
    const actions = at.page.getByRole('region', { name: 'Card actions' });
    const number = actions.getByLabel('Card number', { exact: true });
    // The screen opens on the card number, as the sale screen opens on the scan field.
    await expect(number).toBeFocused();
    await number.fill(BUSY);
    await at.page.keyboard.press('Alt+1');
    await expect(actions.getByRole('table', { name: `History of card ${BUSY}` })).toBeVisible();
    await expect(number).toBeFocused();

    // A question takes Enter on its Confirm and Escape as Cancel, then focus goes back.
    await expect(actions.getByRole('button', { name: /^Block card/ })).toContainText('Alt+2');
    await at.page.keyboard.press('Alt+2');
    const question = actions.getByRole('alertdialog', { name: 'Confirm: Block card' });
    await expect(question.getByRole('button', { name: 'Confirm' })).toBeFocused();
    await at.page.keyboard.press('Escape');
    await expect(question).toHaveCount(0);
    await expect(number).toBeFocused();
    expect((await fitOf(at.page)).scrolling).toEqual([]);
  });

  test('presses each action by the key its button shows, wherever the button stands', async ({
    register: at,
  }) => {
    const actions = at.page.getByRole('region', { name: 'Card actions' });
    const number = actions.getByLabel('Card number', { exact: true });
    // A new card number starts every action afresh; none has anything to say yet.
    await number.fill('1');
    await expect(at.page.locator('.manager').locator(OUTCOME)).toHaveCount(0);
    // A new customer without a name: issuing is refused, so pressing it takes no card number.
    await at.page
      .getByRole('form', { name: 'Issue a card' })
      .getByRole('radio', { name: 'New customer' })
      .check();
    // The first two actions swap places on the screen: each keeps its key, which must follow it.
    await at.page.evaluate(() => {
      const grid = document.querySelector('.actions-grid');
      const [first, second] = grid?.children ?? [];
      if (!grid || !first || !second) throw new Error('no actions to swap');
      grid.insertBefore(second, first);
    });
    let answered = 0;
    for (let digit = 1; digit <= 8; digit++) {
      const { button, form } = keyedAction(at.page, digit);
      await expect(button).toHaveCount(1);
      await at.page.keyboard.press(`Alt+${digit}`);
      // A disabled action (no activity to award here) answers nothing, as a click would not.
      if (await button.isEnabled()) {
        answered += 1;
        await expect(form.locator(OUTCOME)).toHaveCount(1);
      }
      // Only the action that shows the key answered: no other one.
      await expect(at.page.locator('.manager').locator(OUTCOME)).toHaveCount(answered);
      await expect(number).toBeFocused();
    }
    expect(answered).toBe(7);
    await number.fill('');
  });

  test('issues a card on its own key, once however long the key is held', async ({
    register: at,
  }) => {
    const issue = at.page.getByRole('form', { name: 'Issue a card' });
    const number = at.page
      .getByRole('region', { name: 'Card actions' })
      .getByLabel('Card number', { exact: true });
    await expect(issue.getByRole('button', { name: /^Issue card/ })).toContainText('Alt+8');
    await issue.getByRole('radio', { name: 'Anonymous' }).check();
    await expect(issue).toContainText('100 card numbers left');
    // Held down: the key repeats, and the repeats issue nothing more.
    await at.page.keyboard.down('Alt');
    await at.page.keyboard.down('8');
    await at.page.keyboard.down('8');
    await at.page.keyboard.up('8');
    await at.page.keyboard.up('Alt');
    await expect(issue.getByRole('status', { name: 'Card issued' })).toHaveText(
      /^Card \d+ issued\.$/,
    );
    await expect(number).toBeFocused();
    await at.waitOutboxEmpty();
    await expect(issue).toContainText('99 card numbers left');
  });
});
