import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGLITE_CREATE_TIMEOUT } from '../server/helpers/backends';
import { PINS } from '../server/helpers/fixtures';
import { launchBrowser } from './helpers/browser';
import { registerPage } from './helpers/registerPage';
import { startStoreServer, type StoreServer } from './helpers/storeServer';

/** Enrolment refusals and the PIN lockout as a person at the register sees them. */
describe('enrolling a register and signing in', () => {
  let store: StoreServer;
  let browser: BrowserContext;

  const codeFor = async (register: string) => {
    const answer = await store.server.call<{ code: string }>(
      'POST',
      `/api/hq/stores/S1/registers/${register}/enrolment-code`,
      { token: store.hq },
    );
    return answer.body.code;
  };

  beforeAll(async () => {
    store = await startStoreServer({
      products: [{ id: 'P1', name: 'Shoe', category: 'SHOES', priceMinor: 1299 }],
    });
    await store.runJob('distribution-1050');
    browser = await launchBrowser();
  }, PGLITE_CREATE_TIMEOUT + 60_000);

  afterAll(async () => {
    await browser?.close();
    await store?.close();
  });

  it("shows a used or unknown code's reason on the page, and enrols with a typed code", async () => {
    const used = await codeFor('S1-R1');
    expect(
      (await store.server.call('POST', '/api/registers/enrol', { body: { code: used } })).status,
    ).toBe(200);
    const page = await browser.newPage();
    await page.goto(`${store.server.url}/#enrol=${used}`);
    const reason = page.getByTestId('enrolment-error');
    await expect.poll(() => reason.textContent()).toMatch(/already used.*ask head office/i);
    await expect.poll(() => registerPage(page).status().textContent()).toMatch(/^Not enrolled/);

    const form = page.getByRole('form', { name: 'Enrol this register' });
    await form.getByLabel('Enrolment code').fill('WXYZ-WXYZ-WXYZ');
    await form.getByRole('button', { name: 'Enrol' }).click();
    await expect.poll(() => reason.textContent()).toMatch(/not known.*typos/);

    await page.getByRole('combobox', { name: 'Language' }).selectOption('nl');
    await expect.poll(() => reason.textContent()).toMatch(/onbekend/);
    await page.getByRole('combobox', { name: 'Taal' }).selectOption('en');

    await form.getByLabel('Enrolment code').fill(await codeFor('S1-R2'));
    await form.getByRole('button', { name: 'Enrol' }).click();
    await registerPage(page)
      .status()
      .filter({ hasText: /^Online/ })
      .waitFor({ timeout: 30_000 });
    await page.getByRole('form', { name: 'Sign in' }).waitFor();
    await page.close();
  }, 90_000);

  it('locks only the staff member with too many wrong PINs, with a countdown, across a reload', async () => {
    // A browser of its own: the first test's page enrolled this one's database already.
    const other = await launchBrowser();
    const at = await store.openRegister(other, 'S1-R1');
    const form = at.page.getByRole('form', { name: 'Sign in' });
    const alert = form.getByRole('alert');
    await form.getByLabel('Staff ID').fill('C1');
    for (let tries = 1; tries <= 5; tries++) {
      await form.getByLabel('PIN').fill('0000');
      await form.getByRole('button', { name: 'Sign in' }).click();
      if (tries === 4) await expect.poll(() => alert.textContent()).toMatch(/1 more try before/);
    }
    const countdown = at.page.getByTestId('pin-locked');
    await expect.poll(() => countdown.textContent()).toMatch(/Try again in (30|29|28) seconds/);
    const seconds = async () =>
      Number(/in (\d+) second/.exec((await countdown.textContent()) ?? '')?.[1]);
    const first = await seconds();
    await expect.poll(seconds, { timeout: 10_000 }).toBeLessThan(first);

    // Another staff member signs in at once.
    await at.signIn('M1', PINS.manager);
    await at.signOut();

    // A reload does not end the lock.
    await at.page.reload();
    await form.getByLabel('Staff ID').fill('C1');
    await expect.poll(() => countdown.textContent()).toMatch(/Try again in \d+ seconds?/);
    expect(await form.getByLabel('PIN').isDisabled()).toBe(true);
    await other.close();
  }, 90_000);
});
