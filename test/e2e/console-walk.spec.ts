import type { Locator, Page } from '@playwright/test';
import type { SaleFact } from '../../shared/protocol/sync';
import { receiptNumber } from '../../shared/checkout/receipt';
import { postPendingFacts } from '../../sync-server/src/posting/postPendingFacts';
import {
  createCard,
  DeviceSequence,
  pushBody,
  saleFact,
  testCardNumber,
} from '../server/helpers/facts';
import { enrol, PINS } from '../server/helpers/fixtures';
import type { TestServer } from '../server/helpers/server';
import type { StoreServer } from './helpers/storeServer';
import { expect, test, useOwnServer } from './fixtures';
import { api } from '../../shared/protocol/api';
import { callRoute } from './helpers/routes';

useOwnServer({
  products: [{ id: 'P1', name: 'Shoe', category: 'SHOES', priceMinor: 1000 }],
});

/**
 * Head office's walk through the console in one real Chromium, every control found by its role and
 * name: a new scheme (refused field marked, then saved as a draft), simulated on a past sale,
 * activated and distributed from the Jobs page until an enrolled register page in another tab shows
 * the new version without a reload; that register's sync health; a rejected fact corrected and
 * re-posted.
 */
test.describe('a walk through the head office console', () => {
  let store: StoreServer;
  let server: TestServer;
  let page: Page;
  let register: Page;
  let good: SaleFact;
  let tampered: SaleFact;
  let versionBefore = 0;

  const nav = () => page.getByRole('navigation', { name: 'Console sections' });
  const goTo = async (section: string) => {
    await nav().getByRole('link', { name: section, exact: true }).click();
    await page.getByRole('heading', { name: section, exact: true, level: 2 }).waitFor();
  };
  const text = (locator: Locator) => locator.textContent().then((value) => value ?? '');
  const syncStatus = () => register.getByRole('status', { name: 'Sync status' });
  /** The texts an input is described by (its error, then its hint). */
  const description = (locator: Locator) =>
    locator.evaluate((element) =>
      (element.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    );

  test.beforeAll(async ({ store: started, tab }) => {
    store = started;
    server = store.server;
    const hq = store.hq;
    await store.runJob('distribution-1050');

    // One sale that posts, one whose points were tampered with: the post job keeps the sale and
    // rejects its points.
    const card = await createCard(server.database, testCardNumber(601));
    const seq = new DeviceSequence();
    const lines = [{ net: '10.00', product: 'P1', category: 'SHOES' }];
    good = saleFact({ card, lines, register: 'S1-R2' }, seq);
    tampered = saleFact(
      {
        card,
        lines,
        register: 'S1-R2',
        tamper: (es) => es.map((e) => ({ ...e, points: e.points + 50 })),
      },
      seq,
    );
    const pushed = await callRoute(server, api.sync.push, {
      token: await enrol(server, hq, 'S1', 'S1-R2'),
      body: pushBody([good, tampered]),
    });
    expect(pushed.status).toBe(200);
    expect(await postPendingFacts(server.context)).toMatchObject({
      posted: 1,
      rejected: 0,
      loyaltyRejected: 1,
    });

    page = tab;
  });

  test('signs head office in', async () => {
    await page.goto(`${server.url}/hq`);
    await page.getByLabel('Staff id').fill('HQ1');
    await page.getByLabel('PIN').fill(PINS.hq);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Jobs', level: 2 }).waitFor();
  });

  test('enrols register S1-R1 in another tab through its enrolment link', async () => {
    await goTo('Stores');
    await page.getByRole('link', { name: 'Registers of S1' }).click();
    await page.getByRole('heading', { name: 'Registers of S1' }).waitFor();
    await page.getByRole('button', { name: 'Make enrolment code for S1-R1' }).click();
    const link = page.getByRole('link', {
      name: 'Open the register app as S1-R1 with this code',
    });
    expect(await link.getAttribute('href')).toMatch(/^\/#enrol=\S+$/);
    const [opened] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    register = opened;
    // Version 0 until the store's data is loaded.
    await expect(syncStatus()).toHaveText(/Online · Outbox: 0 · Version [1-9]/, {
      timeout: 30_000,
    });
    versionBefore = Number(/Version (\d+)/.exec(await text(syncStatus()))?.[1]);
  });

  test('marks the refused field of a new scheme, then saves it as a draft', async () => {
    await page.bringToFront();
    await goTo('Schemes');
    await page.getByRole('button', { name: 'New scheme' }).click();
    const form = page.getByRole('form', { name: 'New scheme' });
    await form.getByLabel('Id', { exact: true }).fill('WALK');
    await form.getByLabel('Name', { exact: true }).fill('Walk points');
    await form.getByRole('button', { name: 'Add an earning line' }).click();
    const line = form.getByRole('group', { name: 'Earning line 1' });
    const rewardPoint = line.getByLabel('Reward point');
    await rewardPoint.fill('NOPE');
    await line.getByLabel('Points', { exact: true }).fill('20');
    await form.getByRole('button', { name: 'Save', exact: true }).click();

    await expect(rewardPoint).toHaveAttribute('aria-invalid', 'true');
    expect(await description(rewardPoint)).toContain('“NOPE” does not exist.');
    const points = line.getByLabel('Points', { exact: true });
    expect(await points.getAttribute('aria-invalid')).toBeNull();

    await rewardPoint.fill('STAR');
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'WALK is saved.' }).waitFor();
    const saved = page.getByRole('form', { name: 'Edit WALK' });
    const savedLine = saved.getByRole('group', { name: 'Earning line 1' });
    expect(await savedLine.getByLabel('Reward point').getAttribute('aria-invalid')).toBeNull();
    const versions = page.getByRole('table', { name: 'Versions of WALK' });
    await expect(versions.getByRole('row').nth(1)).toContainText('draft');
  });

  test('simulates the draft on a past sale: each line, what it earns and why', async () => {
    await page.getByRole('link', { name: 'Simulate WALK' }).click();
    await page.getByRole('heading', { name: 'Scheme simulator' }).waitFor();
    await expect(page.getByLabel('Version to try')).toHaveValue('1');

    const search = page.getByRole('form', { name: 'Find past sales' });
    await search.getByLabel('Receipt or card number').fill(good.id.slice(0, 8));
    await search.getByRole('button', { name: 'Find', exact: true }).click();
    const sales = page.getByRole('table', { name: 'Stored sales' });
    await expect(sales.getByRole('row')).toHaveCount(2);
    await sales
      .getByRole('button', { name: `Use sale ${receiptNumber(good)} as the basket` })
      .click();
    await page
      .getByRole('status')
      .filter({ hasText: `The basket holds sale ${receiptNumber(good)}` })
      .waitFor();
    const basket = page.getByRole('group', { name: 'Basket line 1' });
    expect(await basket.getByLabel('Product', { exact: true }).inputValue()).toBe('P1');
    expect(await basket.getByLabel('Net amount').inputValue()).toBe('10.00');
    await expect(page.getByLabel('Tier', { exact: true })).toHaveValue('BASE');

    await page.getByRole('button', { name: 'Simulate', exact: true }).click();
    const results = page.getByRole('table', { name: 'Simulation results' });
    const row = results.getByRole('row', { name: /^1 P1/ });
    await expect(row).toContainText('STAR 200');
    await expect(row).toContainText('E1: 200');
    // What the register recorded under the scheme active then (10 per 1.00) stands beside.
    await expect(row).toContainText('STAR 100');
    const headers = await results.getByRole('columnheader').allTextContents();
    expect(headers).toContain('Recorded at the till');
    expect(headers).toContain('Earned, version 1');
  });

  test('activates it and distributes it from the Jobs page: the register shows the new version', async () => {
    await goTo('Schemes');
    await page.getByRole('button', { name: 'Edit WALK' }).click();
    const versions = page.getByRole('table', { name: 'Versions of WALK' });
    await page.getByRole('button', { name: 'Activate version 1' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Confirm' }).click();
    await expect(versions.getByRole('row').nth(1)).toContainText('active');

    await goTo('Jobs');
    for (const name of ['process-loyalty-schemes', 'distribution-1050']) {
      await page.getByRole('button', { name: `Run now: ${name}` }).click();
      const history = page.getByRole('table', { name: `Run history: ${name}` });
      await expect(history.getByRole('row').nth(1)).toContainText('succeeded', { timeout: 15_000 });
    }
    // The register page was not reloaded: the server's event brought the new version.
    await expect(syncStatus()).toContainText(`Version ${versionBefore + 1}`, { timeout: 20_000 });
  });

  test("reads the register's health: it holds the store's latest version", async () => {
    // The register reports its health with a push: a customer signs up at it.
    await register.evaluate(async () => {
      const data = window.registerData as NonNullable<Window['registerData']>;
      await data.recordFact({
        type: 'customer',
        id: crypto.randomUUID(),
        customer: {
          id: 'CU-WALK',
          name: 'Walk-in Wendy',
          email: null,
          phone: null,
          affiliations: [],
          blockedForEnrolment: false,
          subscriptions: { balanceUpdates: false, expiryWarnings: false, newsletter: false },
        },
      });
    });
    await expect(syncStatus()).toContainText('Outbox: 0', { timeout: 20_000 });
    await goTo('Sync health');
    const table = page.getByRole('table', { name: 'Sync health of every register' });
    const row = table
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: /S1-R1/ }) });
    const latest = `${versionBefore + 1} of ${versionBefore + 1} (up to date)`;
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Refresh sync health' }).click();
          return text(row);
        },
        { timeout: 20_000 },
      )
      .toContain(latest);
    expect(await text(row)).not.toContain('never');
  });

  test("corrects the kept sale's points (a change of register is refused) and re-posts them", async () => {
    await goTo('Review');
    const item = page.getByRole('article', { name: `Fact ${tampered.id}` });
    await item.waitFor();
    await item.getByRole('button', { name: `Correct fact ${tampered.id}` }).click();
    const body = item.getByLabel(`Corrected fact ${tampered.id}`);
    const stored = JSON.parse(await body.inputValue()) as SaleFact;
    expect(stored.id).toBe(tampered.id);

    await body.fill(JSON.stringify({ ...stored, register: 'S1-R1' }, null, 2));
    await item.getByRole('button', { name: `Re-post ${tampered.id} corrected` }).click();
    await expect(body).toHaveAttribute('aria-invalid', 'true');
    expect(await description(body)).toContain('register');
    await expect(page.getByRole('alert')).toContainText(
      'keeps the ID, store, register and type of the original; change only the rest. Register: must stay as in the original (“S1-R2”).',
    );

    const entries = stored.receipt.entries.map((e) => ({ ...e, points: e.points - 50 }));
    const fixed = { ...stored, receipt: { ...stored.receipt, entries } };
    await body.fill(JSON.stringify(fixed, null, 2));
    await item.getByLabel(`Comment on ${tampered.id}`).fill('Points typed in by hand');
    await item.getByRole('button', { name: `Re-post ${tampered.id} corrected` }).click();
    await expect(page.getByRole('status').first()).toContainText(`Fact ${tampered.id} is posted.`);
    await expect(item).toHaveCount(0);
  });
});
