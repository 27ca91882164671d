import type { Locator } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { cardNumberFor } from '../../shared/engine/cardNumbers';
import { api } from '../../shared/protocol/api';
import { schemes } from '../../sync-server/src/db/schema';
import { TEST_SCHEME } from '../server/helpers/facts';
import { PINS } from '../server/helpers/fixtures';
import type { RegisterPage } from './helpers/registerPage';
import type { StoreServer } from './helpers/storeServer';
import { expect, test, useOwnServer } from './fixtures';
import { callRoute } from './helpers/routes';

const card = (i: number) => cardNumberFor({ prefix: '6004', sequenceDigits: 9 }, 400 + i);
const SPENDER = card(1); // 500 stars, spends 300 of them online
const KEPT = card(2);
const TARGET = card(3);
const OTHER = card(4);
const LINKED = card(5); // 120 stars, linked to a customer and awarded an activity here

useOwnServer({
  products: [{ id: 'P1', name: 'Shoe', category: 'SHOES', priceMinor: 1299 }],
  cards: [SPENDER, KEPT, TARGET, OTHER, LINKED],
});

/**
 * A manager's card actions at the register ask before they change a card, naming the card, the
 * points and the effect, and empty their form once done; the card panel keeps points spent here
 * apart from points earned here while neither is posted.
 */
test.describe("a manager's card actions at the register", () => {
  let store: StoreServer;
  let at: RegisterPage;

  const cardView = async (number: string) =>
    (await callRoute(store.server, api.cards.get, { params: { number }, token: store.hq })).body;
  const adjustments = async (number: string) => {
    const reply = await callRoute(store.server, api.cards.history, {
      params: { number },
      token: store.hq,
    });
    return reply.body.items.filter((entry) => entry.kind === 'adjust').map((e) => e.points);
  };

  test.beforeAll(async ({ store: started, openRegister }) => {
    store = started;
    // The scheme also rewards a newsletter sign-up: the activity list offers it.
    await store.server.database.db
      .update(schemes)
      .set({
        earning: [
          ...TEST_SCHEME.earning,
          {
            id: 'E3',
            tier: null,
            affiliation: null,
            activity: 'otherActivity:NEWS',
            filter: null,
            per: 1,
            rewardPoint: 'STAR',
            points: 25,
          },
        ],
      })
      .where(eq(schemes.id, 'SCH'));
    const gift = await callRoute(store.server, api.cards.adjust, {
      params: { number: SPENDER },
      token: store.hq,
      body: { id: crypto.randomUUID(), rewardPoint: 'STAR', points: 500, comment: 'welcome' },
    });
    expect(gift.status).toBe(200);
    const held = await callRoute(store.server, api.cards.adjust, {
      params: { number: LINKED },
      token: store.hq,
      body: { id: crypto.randomUUID(), rewardPoint: 'STAR', points: 120, comment: 'welcome' },
    });
    expect(held.status).toBe(200);
    for (const id of ['CU1', 'CU2']) {
      const customer = await callRoute(store.server, api.hq.customers.create, {
        token: store.hq,
        body: { id, name: `Customer ${id}`, email: `${id.toLowerCase()}@example.com` },
      });
      expect(customer.status).toBe(201);
    }
    // The type's own points count only where no scheme line has it: the scheme's 25 are given.
    const news = await callRoute(store.server, api.hq.activityTypes.create, {
      token: store.hq,
      body: {
        id: 'NEWS',
        name: 'Newsletter',
        rewardPoint: 'STAR',
        points: 40,
        perCustomerLimit: null,
        needsReview: false,
      },
    });
    expect(news.status).toBe(201);
    await store.runJob('distribution-1050');
    at = await openRegister('S1-R1');
  });

  test('shows points spent here apart from pending earnings, never a negative pending', async () => {
    await at.signIn('C1', PINS.cashier);
    await at.card(SPENDER);
    await at.scan('P1');
    await expect.poll(() => at.number('can-cover')).toBe(500);
    await at.page.getByRole('textbox', { name: 'Amount', exact: true }).fill('3.00');
    await at.page.getByRole('button', { name: 'Pay with points' }).click();
    await expect(at.page.getByRole('list', { name: 'Paid so far' })).toHaveText(/reserved/);
    await at.payCash();
    await at.complete();
    await at.waitOutboxEmpty();
    await at.nextSale();

    await at.card(SPENDER);
    const panel = at.page.getByRole('region', { name: 'Card' });
    await expect(panel.getByTestId('spent-STAR')).toHaveText('300');
    await expect(panel.getByTestId('available-STAR')).toHaveText('200');
    const pending = await at.number('pending-STAR');
    expect(pending).toBeGreaterThan(0);
    // The spent column's short head carries its whole meaning as its title.
    await expect(panel.getByRole('columnheader', { name: 'Spent', exact: true })).toHaveAttribute(
      'title',
      'Spent, not yet posted',
    );
    await at.page.screenshot({ path: test.info().outputPath('card-panel-spent.png') });
    await at.page.getByRole('button', { name: 'Remove card' }).click();
    await at.signOut();
  });

  test('asks before adjusting, names the card, points and effect, and empties the form after', async () => {
    await at.signIn('M1', PINS.manager);
    await at.screen('Cards');
    const actions = at.page.getByRole('region', { name: 'Card actions' });
    await actions.getByLabel('Card number', { exact: true }).fill(KEPT);
    const adjust = actions.getByRole('form', { name: 'Adjust balance' });
    await adjust.getByLabel('Points').fill('50');
    await adjust.getByLabel('Reason').fill('Goodwill');
    await adjust.getByRole('button', { name: 'Adjust balance' }).click();
    const question = adjust.getByRole('alertdialog', { name: 'Confirm: Adjust balance' });
    await expect(question).toHaveText(
      new RegExp(
        `Add 50 STAR to card ${KEPT} \\(Goodwill\\)\\? Its available balance goes from 0 to 50 STAR\\.`,
      ),
    );
    await question.getByRole('button', { name: 'Cancel' }).click();
    await expect(question).toHaveCount(0);
    expect(await adjustments(KEPT)).toEqual([]);

    await adjust.getByRole('button', { name: 'Adjust balance' }).click();
    await question.getByRole('button', { name: 'Confirm' }).click();
    await expect(adjust.getByRole('status')).toHaveText(`Card ${KEPT}: 50 STAR (Goodwill).`);
    await expect(adjust.getByLabel('Points')).toHaveValue('');
    await expect(adjust.getByLabel('Reason')).toHaveValue('');
    // A second click does not repeat the adjustment: the form has nothing left to send.
    await adjust.getByRole('button', { name: 'Adjust balance' }).click();
    await expect(adjust.getByRole('alert')).toHaveText(/^Points: type a whole number/);
    expect(await adjustments(KEPT)).toEqual([50]);
    await at.page.screenshot({ path: test.info().outputPath('manager-adjusted.png') });
  });

  test("shows the history of the card typed, never the previous card's", async () => {
    const actions = at.page.getByRole('region', { name: 'Card actions' });
    await actions.getByRole('button', { name: 'Card history' }).click();
    const history = actions.getByRole('table', { name: `History of card ${KEPT}` });
    await expect(history.getByRole('row').filter({ hasText: 'adjust' })).toHaveCount(1);
    await actions.getByLabel('Card number', { exact: true }).fill(OTHER);
    await expect(actions.getByRole('table')).toHaveCount(0);
    await actions.getByRole('button', { name: 'Card history' }).click();
    const other = actions.getByRole('table', { name: `History of card ${OTHER}` });
    await expect(other).toBeVisible();
    await expect(other.getByRole('row')).toHaveCount(1); // the header: nothing happened to it
  });

  const confirmIn = async (form: Locator, button: string, text: string | RegExp) => {
    await form.getByRole('button', { name: button }).click();
    const question = form.getByRole('alertdialog', { name: `Confirm: ${button}` });
    await expect(question).toHaveText(text);
    await question.getByRole('button', { name: 'Confirm' }).click();
  };

  test('asks before transferring all, blocking and replacing, naming the points', async () => {
    const actions = at.page.getByRole('region', { name: 'Card actions' });
    await actions.getByLabel('Card number', { exact: true }).fill(KEPT);
    const transfer = actions.getByRole('form', { name: 'Transfer all points' });
    await transfer.getByLabel('To card number').fill(TARGET);
    await confirmIn(
      transfer,
      'Transfer all points',
      new RegExp(`Move all 50 STAR of card ${KEPT} to card ${TARGET}\\?`),
    );
    await expect(transfer.getByRole('status')).toHaveText(
      `50 STAR moved from card ${KEPT} to card ${TARGET}.`,
    );
    await expect(transfer.getByLabel('To card number')).toHaveValue('');
    expect((await cardView(TARGET)).balances.find((b) => b.rewardPoint === 'STAR')?.posted).toBe(
      50,
    );

    await actions.getByLabel('Card number', { exact: true }).fill(OTHER);
    const block = actions.getByRole('form', { name: 'Block card' });
    await confirmIn(block, 'Block card', new RegExp(`Block card ${OTHER}, holding no points\\?`));
    await expect(block.getByRole('status')).toHaveText(`Card ${OTHER} is blocked.`);
    expect((await cardView(OTHER)).status).toBe('blocked');

    await actions.getByLabel('Card number', { exact: true }).fill(TARGET);
    const replace = actions.getByRole('form', { name: 'Replace card' });
    await replace.getByRole('button', { name: 'Replace card' }).click();
    await expect(replace.getByRole('alertdialog')).toContainText(
      `Replace card ${TARGET}, holding 50 STAR, by a new card with the next number?`,
    );
    await at.page.screenshot({ path: test.info().outputPath('manager-replace-question.png') });
    await replace.getByRole('button', { name: 'Confirm' }).click();
    await expect(replace.getByRole('status')).toHaveText(/^Replaced by card \d+\.$/);
    expect((await cardView(TARGET)).status).toBe('replaced');
  });

  test('picks the activity type from the ones the schemes reward', async () => {
    const award = at.page.getByRole('form', { name: 'Award activity' });
    const type = award.getByRole('combobox', { name: 'Activity type' });
    await expect(type.getByRole('option')).toHaveText(['Choose an activity type', 'NEWS']);
  });

  test('asks before linking a card to a customer, naming the card, its points and the customer', async () => {
    const actions = at.page.getByRole('region', { name: 'Card actions' });
    await actions.getByLabel('Card number', { exact: true }).fill(LINKED);
    const link = actions.getByRole('form', { name: 'Link to customer' });
    await link.getByLabel('Customer ID').fill('CU1');
    await link.getByRole('button', { name: 'Link to customer' }).click();
    const question = link.getByRole('alertdialog', { name: 'Confirm: Link to customer' });
    await expect(question).toHaveText(
      new RegExp(
        `^Link card ${LINKED}, holding 120 STAR, to customer CU1\\? The card and its points then belong to that customer\\.`,
      ),
    );
    await question.getByRole('button', { name: 'Cancel' }).click();
    await expect(question).toHaveCount(0);
    expect((await cardView(LINKED)).customer).toBeNull();

    await confirmIn(link, 'Link to customer', new RegExp(`^Link card ${LINKED}, holding 120 STAR`));
    await expect(link.getByRole('status')).toHaveText(`Card ${LINKED} belongs to customer CU1.`);
    await expect(link.getByLabel('Customer ID')).toHaveValue('');
    expect((await cardView(LINKED)).customer?.id).toBe('CU1');

    // Another customer: refused before anything is asked or sent.
    await link.getByLabel('Customer ID').fill('CU2');
    await link.getByRole('button', { name: 'Link to customer' }).click();
    await expect(link.getByRole('alert')).toHaveText(
      `Card ${LINKED} already belongs to customer CU1.`,
    );
    await expect(link.getByRole('alertdialog')).toHaveCount(0);
    expect((await cardView(LINKED)).customer?.id).toBe('CU1');
  });

  test('asks before awarding an activity, naming the card, its points and what it earns', async () => {
    const actions = at.page.getByRole('region', { name: 'Card actions' });
    await actions.getByLabel('Card number', { exact: true }).fill(LINKED);
    const activities = async () =>
      (
        await callRoute(store.server, api.cards.history, {
          params: { number: LINKED },
          token: store.hq,
        })
      ).body.items
        .filter((entry) => entry.kind === 'activity')
        .map((entry) => entry.points);
    const award = actions.getByRole('form', { name: 'Award activity' });
    await award.getByRole('combobox', { name: 'Activity type' }).selectOption('NEWS');
    await award.getByRole('button', { name: 'Award activity' }).click();
    const question = award.getByRole('alertdialog', { name: 'Confirm: Award activity' });
    await expect(question).toHaveText(
      new RegExp(
        `^Award activity NEWS to card ${LINKED}, holding 120 STAR\\? Under the store's schemes it earns 25 STAR\\.`,
      ),
    );
    await question.getByRole('button', { name: 'Cancel' }).click();
    await expect(question).toHaveCount(0);
    expect(await activities()).toEqual([]);

    await confirmIn(award, 'Award activity', /it earns 25 STAR\./);
    await expect(award.getByRole('status')).toHaveText(`Card ${LINKED}: activity NEWS awarded.`);
    await expect(award.getByRole('combobox', { name: 'Activity type' })).toHaveValue('');
    expect(await activities()).toEqual([25]);
    await at.page.screenshot({ path: test.info().outputPath('manager-awarded.png') });
  });
});
