import type { Locator, Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { rewardPoints } from '../../sync-server/src/db/schema';
import { PINS } from '../server/helpers/fixtures';
import type { TestServer } from '../server/helpers/server';
import { expect, test, useOwnServer } from './fixtures';
import { api } from '../../shared/protocol/api';
import { callRoute } from './helpers/routes';

useOwnServer(null);

/** The master data editors and the card actions beyond adjusting, in a real Chromium. */
test.describe('the head office console editors', () => {
  let server: TestServer;
  let page: Page;

  const text = (locator: Locator) => locator.textContent().then((value) => value ?? '');
  const goTo = async (section: string) => {
    await page
      .getByRole('navigation', { name: 'Console sections' })
      .getByRole('link', { name: section, exact: true })
      .click();
    await page.getByRole('heading', { name: section, exact: true, level: 2 }).waitFor();
  };
  const save = (form: Locator) => form.getByRole('button', { name: 'Save', exact: true }).click();
  const saved = (id: string) =>
    page
      .getByRole('status')
      .filter({ hasText: `${id} is saved.` })
      .waitFor();
  const field = (scope: Locator, label: string) => scope.getByLabel(label, { exact: true });

  test.beforeAll(async ({ store: started, tab }) => {
    server = started.server;
    page = tab;
    page.setDefaultTimeout(4_000);
    await page.goto(`${server.url}/hq`);
    await page.getByLabel('Staff id').fill('HQ1');
    await page.getByLabel('PIN').fill(PINS.hq);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Jobs', level: 2 }).waitFor();
  });

  test('edits reward points, refusing an amount type without a currency', async () => {
    await goTo('Reward points');
    await page.getByRole('button', { name: 'New reward point' }).click();
    const form = page.getByRole('form', { name: 'New reward point' });
    await field(form, 'Id').fill('CASH');
    await field(form, 'Type').selectOption('amount');
    await field(form, 'Expires after').fill('6');
    await field(form, 'Unit of Expires after').selectOption('month');
    // Head office's own warning period for this reward point (the expiry warning job reads it).
    await field(form, 'Expiry warning (days before)').fill('30');
    await save(form);
    await expect(form.getByRole('alert')).toHaveText(
      'The reward point is not valid. Check its expiry and limits. Currency: is required.',
    );
    await field(form, 'Currency').fill('USD');
    await save(form);
    await saved('CASH');
    const table = page.getByRole('table', { name: 'Reward points' });
    await expect(table.getByRole('row', { name: /CASH/ })).toContainText('6 months');
    const [stored] = await server.database.db
      .select()
      .from(rewardPoints)
      .where(eq(rewardPoints.id, 'CASH'));
    expect(stored?.expiryWarningDays).toBe(30);
  });

  test('edits affiliations, programs with tiers and rules, staff, products and customers', async () => {
    await goTo('Affiliations');
    await page.getByRole('button', { name: 'New affiliation' }).click();
    let form = page.getByRole('form', { name: 'New affiliation' });
    await field(form, 'Id').fill('VET');
    await field(form, 'Name').fill('Veteran');
    await field(form, 'Hidden in stores').check();
    await save(form);
    await saved('VET');

    await goTo('Programs and tiers');
    await page.getByRole('button', { name: 'New program' }).click();
    form = page.getByRole('form', { name: 'New program' });
    // The program's own id comes first; each tier (a group) has its own.
    await field(form, 'Id').first().fill('PLUS');
    await field(form, 'Name').first().fill('Plus');
    const base = form.getByRole('group', { name: 'Tier 1' });
    await field(base, 'Id').fill('P-BASE');
    await field(base, 'Name').fill('Base');
    await form.getByRole('button', { name: 'Add a tier' }).click();
    const gold = form.getByRole('group', { name: 'Tier 2' });
    await field(gold, 'Id').fill('P-GOLD');
    await field(gold, 'Name').fill('Gold');
    await field(gold, 'Level').fill('1');
    await gold.getByRole('button', { name: 'Add a rule' }).click();
    const rule = gold.getByRole('group', { name: 'Rule 1' });
    await field(rule, 'Id').fill('PG1');
    await field(rule, 'Reward point').fill('STAR');
    await field(rule, 'Minimum points').fill('500');
    await save(form);
    await saved('PLUS');
    const programs = await callRoute(server, api.hq.programs.get, {
      params: { id: 'PLUS' },
      token: await hqToken(),
    });
    expect(programs.body.tiers.map((tier) => tier.id)).toEqual(['P-BASE', 'P-GOLD']);
    expect(programs.body.tiers[1]?.rules[0]?.minimum).toBe(500);

    await goTo('Staff');
    await page.getByRole('button', { name: 'New staff member' }).click();
    form = page.getByRole('form', { name: 'New staff member' });
    await field(form, 'Id').fill('M9');
    await field(form, 'Name').fill('Nina Nine');
    await field(form, 'Role').selectOption('manager');
    await field(form, 'Stores').fill('S1');
    await field(form, 'PIN').fill('4321');
    await save(form);
    await saved('M9');
    const signIn = await callRoute(server, api.auth.signIn, {
      body: { staff: 'M9', pin: '4321' },
    });
    expect(signIn.status).toBe(200);

    await goTo('Products');
    await page.getByRole('button', { name: 'New product' }).click();
    form = page.getByRole('form', { name: 'New product' });
    await field(form, 'Id').fill('P9');
    await field(form, 'Name').fill('Boots');
    await field(form, 'Category').fill('SHOES');
    await field(form, 'Currency').fill('USD');
    await field(form, 'Net price').fill('49.95');
    await save(form);
    await saved('P9');
    const products = page.getByRole('table', { name: 'Products' });
    await expect(products.getByRole('row', { name: /P9/ })).toContainText('49.95 USD');

    await goTo('Customers');
    await page.getByRole('button', { name: 'New customer' }).click();
    form = page.getByRole('form', { name: 'New customer' });
    await field(form, 'Id').fill('CU1');
    await field(form, 'Name').fill('Ada Lovelace');
    await field(form, 'E-mail').fill('ada@example.com');
    await field(form, 'Affiliations').fill('VET, NOSUCH');
    await save(form);
    await expect(form.getByRole('alert')).toContainText('Affiliations: “NOSUCH” does not exist.');
    await expect(form.getByRole('alert')).not.toContainText('unknown');
    await field(form, 'Affiliations').fill('VET');
    await save(form);
    await saved('CU1');
  });

  test('issues cards, transfers points, replaces one and blocks another', async () => {
    await goTo('Cards');
    const issue = page.getByRole('form', { name: 'Issue a card' });
    await field(issue, 'Customer id').fill('CU1');
    await issue.getByRole('button', { name: 'Issue the card' }).click();
    // There are two programs now: the server asks which one, and the form says so.
    await expect(issue.getByRole('alert')).toContainText('program');
    await field(issue, 'Program').fill('MAIN');
    await issue.getByRole('button', { name: 'Issue the card' }).click();
    const heading = page.getByRole('heading', { name: /^Card \d+$/ });
    await heading.waitFor();
    const first = (await text(heading)).replace('Card ', '');
    await expect(page.locator('dl')).toContainText('Ada Lovelace');
    const adjust = page.getByRole('form', { name: 'Adjust the balance' });
    await field(adjust, 'Reward point').fill('STAR');
    await field(adjust, 'Points').fill('100');
    await field(adjust, 'Reason').fill('Goodwill');
    await adjust.getByRole('button', { name: 'Adjust', exact: true }).click();
    await adjust.getByRole('alertdialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('status').filter({ hasText: 'adjusted' }).waitFor();

    await page.getByRole('link', { name: 'Back to the card search' }).click();
    await field(issue, 'Program').fill('MAIN');
    await page.getByRole('button', { name: 'Issue the card' }).click();
    await page
      .getByRole('heading', { name: /^Card \d+$/ })
      .filter({ hasNotText: first })
      .waitFor();
    const second = (await text(page.getByRole('heading', { name: /^Card \d+$/ }))).replace(
      'Card ',
      '',
    );

    await page.goto(`${server.url}/hq#cards/${first}`);
    const transfer = page.getByRole('form', { name: 'Transfer points' });
    await field(transfer, 'To card').fill(second);
    await field(transfer, 'Reward point').fill('STAR');
    await field(transfer, 'Points').fill('40');
    await transfer.getByRole('button', { name: 'Transfer', exact: true }).click();
    await transfer.getByRole('alertdialog').getByRole('button', { name: 'Confirm' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `moved to card ${second}` })
      .waitFor();
    const balances = page.getByRole('table', { name: `Balances of card ${first}` });
    await expect(balances.getByRole('row', { name: /STAR/ })).toHaveText(/^STAR60/);

    const replace = page.getByRole('form', { name: 'Replace the card' });
    await replace.getByRole('button', { name: 'Replace', exact: true }).click();
    await replace.getByRole('alertdialog').getByRole('button', { name: 'Confirm' }).click();
    const notice = page.getByRole('status').filter({ hasText: 'Replaced by card' });
    const third = /card (\d+)/.exec(await text(notice))?.[1];
    expect(third).toMatch(/^\d+$/);
    await expect(page.locator('dl')).toContainText('replaced');

    await page.getByRole('link', { name: 'Back to the card search' }).click();
    await page.getByLabel('Customer name').fill('Ada');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('link', { name: `Open card ${third}` }).waitFor();
    await page.getByRole('link', { name: `Open card ${first}` }).waitFor();

    await page.goto(`${server.url}/hq#cards/${second}`);
    await page.getByRole('button', { name: `Block card ${second}`, exact: true }).click();
    await page.getByRole('button', { name: `Yes, block card ${second}` }).click();
    await page.getByRole('status').filter({ hasText: 'is blocked' }).waitFor();
    await expect(page.locator('dl')).toContainText('blocked');
  });

  test('edits other activities, marking the field the server refuses', async () => {
    await goTo('Other activities');
    await page.getByRole('button', { name: 'New other activity' }).click();
    const form = page.getByRole('form', { name: 'New other activity' });
    await field(form, 'Id').fill('NEWS');
    await field(form, 'Name').fill('Newsletter sign-up');
    await field(form, 'Reward point').fill('STAR');
    await field(form, 'Points').fill('ten');
    await field(form, 'Limit per customer').fill('1');
    await save(form);
    const points = field(form, 'Points');
    await expect(points).toHaveAttribute('aria-invalid', 'true');
    const describedBy = (await points.getAttribute('aria-describedby')) ?? '';
    const error = page.locator(`[id="${describedBy.split(' ')[0] ?? ''}"]`);
    expect(await text(error)).not.toBe('');
    await expect(form.getByRole('alert')).toHaveText(
      'The server refused this input. Points: is missing or of the wrong kind.',
    );
    expect(await field(form, 'Name').getAttribute('aria-invalid')).toBeNull();

    await points.fill('25');
    await field(form, 'Awards wait for review').check();
    await save(form);
    await saved('NEWS');
    expect(
      await field(page.getByRole('form', { name: 'Edit NEWS' }), 'Points').getAttribute(
        'aria-invalid',
      ),
    ).toBeNull();
    const table = page.getByRole('table', { name: 'Other activities' });
    await expect(table.getByRole('row', { name: /NEWS/ })).toHaveText(
      'NEWSNewsletter sign-upSTAR251yesEdit NEWS',
    );
  });

  test('links an anonymous card to a customer, marking an unknown customer at its field', async () => {
    await goTo('Cards');
    const issue = page.getByRole('form', { name: 'Issue a card' });
    await field(issue, 'Program').fill('MAIN');
    await issue.getByRole('button', { name: 'Issue the card' }).click();
    const heading = page.getByRole('heading', { name: /^Card \d+$/ });
    await heading.waitFor();
    const number = (await text(heading)).replace('Card ', '');
    await expect(page.locator('dl')).toContainText('anonymous');

    const link = page.getByRole('form', { name: 'Link to a customer' });
    const customer = field(link, 'Customer id');
    await customer.fill('NOSUCH');
    await link.getByRole('button', { name: 'Link', exact: true }).click();
    await expect(customer).toHaveAttribute('aria-invalid', 'true');
    await expect(link.getByRole('alert')).toContainText('Customer: “NOSUCH” does not exist.');

    await customer.fill('CU1');
    await link.getByRole('button', { name: 'Link', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'belongs to customer CU1' }).waitFor();
    await expect(page.locator('dl')).toContainText('Ada Lovelace');
    await expect(link).toHaveCount(0);
    const view = await callRoute(server, api.cards.get, {
      params: { number },
      token: await hqToken(),
    });
    expect(view.body.customer?.id).toBe('CU1');
  });

  async function hqToken(): Promise<string> {
    const session = await callRoute(server, api.auth.signIn, {
      body: { staff: 'HQ1', pin: PINS.hq },
    });
    return session.body.token;
  }
});
