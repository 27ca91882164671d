import { PINS } from '../server/helpers/fixtures';
import { registerPage } from './helpers/registerPage';
import { expect, test, useOwnServer } from './fixtures';
import { api } from '../../shared/protocol/api';
import { callRoute } from './helpers/routes';

useOwnServer(null);

/** Enrolment refusals and the PIN lockout as a person at the register sees them. */
test.describe('enrolling a register and signing in', () => {
  test.beforeAll(async ({ store }) => {
    await store.runJob('distribution-1050');
  });

  test("shows a used or unknown code's reason on the page, and enrols with a typed code", async ({
    store,
    tab: page,
  }) => {
    const codeFor = async (register: string) => {
      const answer = await callRoute(store.server, api.hq.registers.enrolmentCode, {
        params: { store: 'S1', register },
        token: store.hq,
      });
      return answer.body.code;
    };
    const used = await codeFor('S1-R1');
    const first = await callRoute(store.server, api.auth.enrol, { body: { code: used } });
    expect(first.status).toBe(200);

    await page.goto(`${store.server.url}/#enrol=${used}`);
    const reason = page.getByTestId('enrolment-error');
    await expect(reason).toContainText(/already used.*ask head office/i);
    await expect(registerPage(page).status()).toContainText(/^Not enrolled/);

    const form = page.getByRole('form', { name: 'Enrol this register' });
    await form.getByLabel('Enrolment code').fill('WXYZ-WXYZ-WXYZ');
    await form.getByRole('button', { name: 'Enrol' }).click();
    await expect(reason).toContainText(/not known.*typos/);

    await page.getByLabel('Language').selectOption('nl');
    await expect(reason).toContainText(/onbekend/);
    // The status bar's clock speaks the screen's language too (24 hours in Dutch), dated as a
    // receipt is.
    const clock = page.locator('time.clock');
    await expect(clock).toHaveText(/^\d{1,2} [a-z]{3}\.? \d{4},? \d{2}:\d{2}$/);
    await page.getByLabel('Taal').selectOption('en');
    await expect(clock).toHaveText(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s?[AP]M$/);

    await form.getByLabel('Enrolment code').fill(await codeFor('S1-R2'));
    await form.getByRole('button', { name: 'Enrol' }).click();
    await expect(registerPage(page).status()).toContainText(/^Online/, { timeout: 30_000 });
    await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible();
  });

  test('locks only the staff member with too many wrong PINs, with a countdown, across a reload', async ({
    register: at,
  }) => {
    const form = at.page.getByRole('form', { name: 'Sign in' });
    await form.getByLabel('Staff ID').fill('C1');
    for (let tries = 1; tries <= 5; tries++) {
      await form.getByLabel('PIN').fill('0000');
      await form.getByRole('button', { name: 'Sign in' }).click();
      if (tries === 4) await expect(form.getByRole('alert')).toContainText('1 more try before');
    }
    const countdown = at.page.getByTestId('pin-locked');
    await expect(countdown).toContainText(/Try again in (30|29|28) seconds/);
    const seconds = async () =>
      Number(/in (\d+) second/.exec((await countdown.textContent()) ?? '')?.[1]);
    const first = await seconds();
    await expect.poll(seconds, { timeout: 10_000 }).toBeLessThan(first);
    await expect(form.getByLabel('PIN')).toBeDisabled();

    // Another staff member signs in at once.
    await at.signIn('M1', PINS.manager);
    await at.signOut();

    // A reload does not end the lock.
    await at.page.reload();
    await form.getByLabel('Staff ID').fill('C1');
    await expect(countdown).toContainText(/Try again in \d+ seconds?/);
    await expect(form.getByLabel('PIN')).toBeDisabled();
  });
});
