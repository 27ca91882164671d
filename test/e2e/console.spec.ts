import { PINS } from '../server/helpers/fixtures';
import { expect, test, useOwnServer } from './fixtures';

useOwnServer(null);

/** Head office in a real Chromium: sign in, run a job, follow it in the run history. */
test.describe('the head office console', () => {
  test('refuses a wrong PIN and a cashier, in words a person understands', async ({
    store,
    tab: page,
  }) => {
    await page.goto(`${store.server.url}/hq`);
    await page.getByLabel('Staff id').fill('HQ1');
    await page.getByLabel('PIN').fill('0000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText('do not match');

    await page.getByLabel('Staff id').fill('C1');
    await page.getByLabel('PIN').fill(PINS.cashier);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText('head office');
  });

  test('signs head office in, runs a job now and shows the run in its history', async ({
    tab: page,
  }) => {
    await page.getByLabel('Staff id').fill('HQ1');
    await page.getByLabel('PIN').fill(PINS.hq);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Jobs' })).toBeVisible();

    const job = 'process-loyalty-schemes';
    await page.getByRole('button', { name: `Run now: ${job}` }).click();
    const history = page.getByRole('table', { name: `Run history: ${job}` });
    await expect(history.getByRole('row').nth(1)).toContainText('succeeded');
  });

  test('speaks Dutch, Swedish and French', async ({ tab: page }) => {
    await page.getByLabel('Language').selectOption('nl');
    await expect(page.getByRole('heading', { name: 'Taken' })).toBeVisible();
    // The server's refusal reads in the console's language, its field by its Dutch name.
    const job = 'process-loyalty-schemes';
    const schedule = page.getByRole('form', { name: `Planning van ${job}` });
    await schedule.getByLabel(`Cron-planning van ${job}`).fill('af en toe');
    await schedule.getByRole('button', { name: `Planning van ${job} opslaan` }).click();
    await expect(schedule.getByRole('alert')).toHaveText(
      'Dat schema is geen geldige cron-expressie. Cron-planning: is ongeldig.',
    );
    await page.getByLabel('Taal').selectOption('sv');
    await expect(page.getByRole('heading', { name: 'Jobb' }).first()).toBeVisible();
    await page.getByLabel('Språk').selectOption('fr');
    await expect(page.getByRole('heading', { name: 'Tâches' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await page.getByLabel('Langue').selectOption('en');
  });
});
