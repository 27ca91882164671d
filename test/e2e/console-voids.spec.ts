import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PINS } from '../server/helpers/fixtures';
import { expect, test, useOwnServer } from './fixtures';

const CAP = '8710000000002';
/** Screenshots go to docs/screens when SCREENS=docs, else to the system's temporary folder. */
const SHOTS = process.env['SCREENS'] === 'docs' ? 'docs/screens' : join('/tmp', 'console-screens');

useOwnServer({
  products: [{ id: 'P3', name: 'Cap', barcode: CAP, category: 'HATS', priceMinor: 1500 }],
  cards: [],
});

/**
 * A cashier voids a sale at a register; head office finds it in the console's voids report, with
 * what was voided, by whom and why, in the console's language, for its store and period.
 */
test.describe('the voids report in the console', () => {
  test.beforeAll(async ({ store }) => {
    await store.runJob('distribution-1050');
  });

  test('a register voids a whole sale and sends the void to the server', async ({ register }) => {
    const page = register.page;
    await register.signIn('C1', PINS.cashier);
    await register.scan(CAP);
    await register.scan(CAP);
    await expect.poll(() => page.getByRole('row', { name: 'Cap' }).count()).toBe(1);
    await page.keyboard.press('Shift+F4');
    const dialog = page.getByRole('dialog', { name: 'Void the whole sale' });
    await dialog.waitFor();
    await page.keyboard.press('3');
    await expect(dialog.getByRole('radio', { name: /Price query/ })).toHaveAttribute(
      'aria-checked',
      'true',
    );
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('row', { name: 'Cap' }).count()).toBe(0);
    await register.waitOutboxEmpty();
  });

  test('head office sees it in the voids report, by store and in Dutch', async ({
    store,
    tab: page,
  }) => {
    await page.goto(`${store.server.url}/hq`);
    await page.getByLabel('Staff id').fill('HQ1');
    await page.getByLabel('PIN').fill(PINS.hq);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('navigation', { name: 'Console sections' })
      .getByRole('link', { name: 'Voids' })
      .click();
    await page.getByRole('heading', { name: 'Voids at the registers' }).waitFor();
    const table = page.getByRole('table', { name: 'Voided lines and sales' });
    const row = table.getByRole('row').nth(1);
    await expect(row).toContainText('The whole sale');
    await expect(row).toContainText('2 × P3');
    await expect(row).toContainText('$30.00');
    await expect(row).toContainText('C1');
    await expect(row).toContainText('Price query');
    await expect(row).toContainText('S1-R1');
    await expect(page.getByText(/^1 void from /)).toBeVisible();
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'console-voids-en.png') });

    // Another store's voids are not this store's.
    const filter = page.getByRole('form', { name: 'Voids to show' });
    await filter.getByLabel('Store').selectOption('S2');
    await filter.getByRole('button', { name: 'Show voids' }).click();
    await expect(page.getByText(/^0 voids from /)).toBeVisible();
    await expect(table).toHaveCount(0);
    await filter.getByLabel('Store').selectOption('S1');
    await filter.getByRole('button', { name: 'Show voids' }).click();
    await expect(table.getByRole('row')).toHaveCount(2);

    await page.getByLabel('Language').selectOption('nl');
    const dutch = page.getByRole('table', { name: 'Geannuleerde regels en verkopen' });
    await expect(dutch.getByRole('row').nth(1)).toContainText('De hele verkoop');
    await expect(dutch.getByRole('row').nth(1)).toContainText('Vraag over de prijs');

    // A period that ends before it starts is refused in Dutch, at the field at fault.
    const dutchFilter = page.getByRole('form', { name: 'Te tonen annuleringen' });
    await dutchFilter.getByLabel('Van').fill('2026-05-02');
    await dutchFilter.getByLabel('Tot').fill('2026-05-01');
    await dutchFilter.getByRole('button', { name: 'Annuleringen tonen' }).click();
    await expect(page.getByRole('alert')).toContainText('De server weigerde deze invoer.');
    await expect(dutchFilter.getByLabel('Tot')).toHaveAttribute('aria-invalid', 'true');
    await page.getByLabel('Taal').selectOption('en');
  });
});
