import type { Locator, Page } from '@playwright/test';
import { PINS } from '../server/helpers/fixtures';
import type { TestServer } from '../server/helpers/server';
import { expect, test, useOwnServer } from './fixtures';
import { api } from '../../shared/protocol/api';
import { callRoute } from './helpers/routes';

useOwnServer(null);

/**
 * Head office's day in a real Chromium, every control found by its role and name: a scheme from
 * a refused draft to an active version, simulated against the active one, distributed by the jobs;
 * a store with a register and its enrolment code; a card issued, adjusted and read back.
 */
test.describe('the head office console at work', () => {
  let server: TestServer;
  let page: Page;

  const nav = () => page.getByRole('navigation', { name: 'Console sections' });
  const goTo = async (section: string) => {
    await nav().getByRole('link', { name: section, exact: true }).click();
    await page.getByRole('heading', { name: section, exact: true, level: 2 }).waitFor();
  };
  const text = (locator: Locator) => locator.textContent().then((value) => value ?? '');

  test.beforeAll(async ({ store: started, tab }) => {
    server = started.server;
    page = tab;
    await page.goto(`${server.url}/hq`);
    await page.getByLabel('Staff id').fill('HQ1');
    await page.getByLabel('PIN').fill(PINS.hq);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Jobs', level: 2 }).waitFor();
  });

  test('marks the current section in the navigation', async () => {
    const jobs = nav().getByRole('link', { name: 'Jobs', exact: true });
    await expect(jobs).toHaveAttribute('aria-current', 'page');
    await goTo('Schemes');
    expect(await nav().getByRole('link', { name: 'Schemes' }).getAttribute('aria-current')).toBe(
      'page',
    );
    expect(await jobs.getAttribute('aria-current')).toBeNull();
    expect(page.url()).toContain('#schemes');
  });

  test('refuses a scheme line naming an unknown reward point, in words, and saves it fixed', async () => {
    await page.getByRole('button', { name: 'New scheme' }).click();
    const form = page.getByRole('form', { name: 'New scheme' });
    await form.getByLabel('Id', { exact: true }).fill('WINTER');
    await form.getByLabel('Name', { exact: true }).fill('Winter points');
    await form.getByRole('button', { name: 'Add an earning line' }).click();
    const line = form.getByRole('group', { name: 'Earning line 1' });
    await line.getByLabel('Reward point').fill('NOPE');
    await line.getByLabel('Points', { exact: true }).fill('10');
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(form.getByRole('alert')).toHaveText(
      'This refers to something the server does not know. Check the IDs you chose. Reward point: “NOPE” does not exist.',
    );

    await line.getByLabel('Reward point').fill('STAR');
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'WINTER is saved.' }).waitFor();
    const versions = page.getByRole('table', { name: 'Versions of WINTER' });
    await expect(versions).toContainText('draft');
  });

  test('activates a version, saves the next as a draft and simulates it beside the active one', async () => {
    const versions = page.getByRole('table', { name: 'Versions of WINTER' });
    await page.getByRole('button', { name: 'Activate version 1' }).click();
    const question = page.getByRole('alertdialog', { name: 'Confirm: Activate version 1' });
    await expect(question).toContainText('Activate version 1 of scheme WINTER?');
    await question.getByRole('button', { name: 'Confirm' }).click();
    await expect(versions.getByRole('row').nth(1)).toContainText('active');

    const form = page.getByRole('form', { name: 'Edit WINTER' });
    await form
      .getByRole('group', { name: 'Earning line 1' })
      .getByLabel('Points', { exact: true })
      .fill('20');
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(versions.getByRole('row')).toHaveCount(3);
    await expect(versions.getByRole('row').nth(1)).toContainText('draft');

    await page.getByRole('link', { name: 'Simulate WINTER' }).click();
    await page.getByRole('heading', { name: 'Scheme simulator' }).waitFor();
    await expect(page.getByLabel('Version to try')).toHaveValue('2');
    const basket = page.getByRole('group', { name: 'Basket line 1' });
    await basket.getByLabel('Product', { exact: true }).fill('P1');
    await basket.getByLabel('Category').fill('SHOES');
    await basket.getByLabel('Net amount').fill('20.00');
    await page.getByRole('button', { name: 'Simulate', exact: true }).click();
    const results = page.getByRole('table', { name: 'Simulation results' });
    const row = results.getByRole('row', { name: /^1 P1/ });
    await expect(row).toContainText('STAR 400');
    await expect(row).toContainText('E1: 400');
    await expect(row).toContainText('STAR 200');
    await expect(results).toContainText('Earned, active version 1');
  });

  test('edits a schedule (showing a bad cron in words) and runs the scheme and 1050 jobs', async () => {
    await goTo('Jobs');
    const job = 'process-loyalty-schemes';
    const schedule = page.getByRole('form', { name: `Schedule of ${job}` });
    await schedule.getByLabel(`Cron schedule of ${job}`).fill('every now and then');
    await schedule.getByRole('button', { name: `Save schedule of ${job}` }).click();
    await expect(schedule.getByRole('alert')).toHaveText(
      'That schedule is not a valid cron expression. Cron schedule: is not valid.',
    );
    await schedule.getByLabel(`Cron schedule of ${job}`).fill('*/10 * * * *');
    await schedule.getByRole('button', { name: `Save schedule of ${job}` }).click();
    await schedule.getByRole('status').waitFor();
    await expect(schedule.getByRole('alert')).toHaveCount(0);

    for (const name of [job, 'distribution-1050']) {
      await page.getByRole('button', { name: `Run now: ${name}` }).click();
      const history = page.getByRole('table', { name: `Run history: ${name}` });
      await expect(history.getByRole('row').nth(1)).toContainText('succeeded', { timeout: 15_000 });
    }
    const schedules = await callRoute(server, api.jobs.list, { token: await hqToken() });
    expect(schedules.body.find((j) => j.name === job)?.schedule.cron).toBe('*/10 * * * *');
  });

  test('creates a store and a register and makes a one-time enrolment code that enrols it', async () => {
    await goTo('Stores');
    await page.getByRole('button', { name: 'New store' }).click();
    const form = page.getByRole('form', { name: 'New store' });
    await form.getByLabel('Id', { exact: true }).fill('S3');
    await form.getByLabel('Name', { exact: true }).fill('Store three');
    await form.getByLabel('Currency').fill('EUR');
    await form.getByLabel('Program').fill('MAIN');
    await form.getByLabel('Offline redemption allowance per card per day').fill('300');
    await form.getByLabel('Manager PIN for voids above').fill('20.00');
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'S3 is saved.' }).waitFor();
    const stores = page.getByRole('table', { name: 'Stores' });
    await expect(stores.getByRole('row', { name: /S3/ })).toContainText('20.00');
    await expect(stores.getByRole('row', { name: /S1/ })).toContainText('never');
    const saved = await callRoute(server, api.hq.stores.get, {
      params: { id: 'S3' },
      token: await hqToken(),
    });
    expect(saved.body.profile.voidApprovalAbove).toBe('20.00');

    await page.getByRole('link', { name: 'Registers of S3' }).click();
    await page.getByRole('heading', { name: 'Registers of S3' }).waitFor();
    await page.getByRole('button', { name: 'New register' }).click();
    const register = page.getByRole('form', { name: 'New register' });
    await register.getByLabel('Id', { exact: true }).fill('S3-R1');
    await register.getByLabel('Name', { exact: true }).fill('Front desk');
    await register.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('button', { name: 'Make enrolment code for S3-R1' }).click();
    const notice = page.getByRole('status').filter({ hasText: 'Enrolment code for S3-R1' });
    const code = /: (\S+) \(/.exec(await text(notice))?.[1];
    expect(code).toBeTruthy();

    const enrolled = await callRoute(server, api.auth.enrol, { body: { code } });
    expect(enrolled.status).toBe(200);
    expect(enrolled.body).toMatchObject({ store: 'S3', register: 'S3-R1' });
  });

  test('issues a card, adjusts it with a reason and shows the entry in its history', async () => {
    await goTo('Cards');
    await page.getByRole('button', { name: 'Issue the card' }).click();
    const heading = page.getByRole('heading', { name: /^Card \d+$/ });
    await heading.waitFor();
    const number = (await text(heading)).replace('Card ', '');

    const adjust = page.getByRole('form', { name: 'Adjust the balance' });
    await adjust.getByLabel('Reward point').fill('STAR');
    await adjust.getByLabel('Points', { exact: true }).fill('abc');
    await adjust.getByLabel('Reason').fill('Welcome gift');
    await adjust.getByRole('button', { name: 'Adjust', exact: true }).click();
    await expect(adjust.getByRole('alert')).toContainText('Points: ');

    await adjust.getByLabel('Points', { exact: true }).fill('250');
    await adjust.getByRole('button', { name: 'Adjust', exact: true }).click();
    await adjust.getByRole('alertdialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('status').filter({ hasText: 'The balance is adjusted.' }).waitFor();

    const balances = page.getByRole('table', { name: `Balances of card ${number}` });
    await expect(balances.getByRole('row', { name: /STAR/ })).toHaveText(/^STAR250/);
    const history = page.getByRole('table', { name: `History of card ${number}` });
    const entry = history.getByRole('row').nth(1);
    await expect(entry).toContainText('adjustment');
    for (const field of ['250', 'Welcome gift', 'HQ1', 'posted', 'online'])
      await expect(entry).toContainText(field);

    await page.getByRole('link', { name: 'Back to the card search' }).click();
    await page.getByLabel('Card number', { exact: true }).fill(number.slice(0, 6));
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('link', { name: `Open card ${number}` }).waitFor();
  });

  async function hqToken(): Promise<string> {
    const session = await callRoute(server, api.auth.signIn, {
      body: { staff: 'HQ1', pin: PINS.hq },
    });
    return session.body.token;
  }
});
