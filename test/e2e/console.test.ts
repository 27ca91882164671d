import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteBackend, PGLITE_CREATE_TIMEOUT, type TestBackend } from '../server/helpers/backends';
import { PINS, seedBasics } from '../server/helpers/fixtures';
import { startTestServer, type TestServer } from '../server/helpers/server';
import { launchBrowser } from './helpers/browser';

/** Head office in a real Chromium: sign in, run a job, follow it in the run history. */
describe('the head office console', () => {
  let backend: TestBackend;
  let server: TestServer;
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    backend = await pgliteBackend();
    server = await startTestServer(backend);
    await seedBasics(server.database);
    browser = await launchBrowser();
    page = await browser.newPage();
  }, PGLITE_CREATE_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await backend?.remove();
  });

  it('refuses a wrong PIN and a cashier, in words a person understands', async () => {
    await page.goto(`${server.url}/hq`);
    await page.getByLabel('Staff id').fill('HQ1');
    await page.getByLabel('PIN').fill('0000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('do not match');

    await page.getByLabel('Staff id').fill('C1');
    await page.getByLabel('PIN').fill(PINS.cashier);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('head office');
  });

  it('signs head office in, runs a job now and shows the run in its history', async () => {
    await page.getByLabel('Staff id').fill('HQ1');
    await page.getByLabel('PIN').fill(PINS.hq);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Jobs' }).waitFor();

    const job = 'process-loyalty-schemes';
    await page.getByRole('button', { name: `Run now: ${job}` }).click();
    const history = page.getByRole('table', { name: `Run history: ${job}` });
    await expect
      .poll(() => history.getByRole('row').count(), { timeout: 10_000 })
      .toBeGreaterThan(1);
    await expect.poll(() => history.getByRole('row').nth(1).textContent()).toContain('succeeded');
  });

  it('speaks Dutch, Swedish and French', async () => {
    const picker = page.getByLabel('Language');
    await picker.selectOption('nl');
    await page.getByRole('heading', { name: 'Taken' }).waitFor();
    await page.getByLabel('Taal').selectOption('sv');
    await page.getByRole('heading', { name: 'Jobb' }).first().waitFor();
    await page.getByLabel('Språk').selectOption('fr');
    await page.getByRole('heading', { name: 'Tâches' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await page.getByLabel('Langue').selectOption('en');
  });
});
