import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { cardNumberFor } from '../../shared/engine/cardNumbers';
import { facts, sales } from '../../sync-server/src/db/schema';
import { PINS } from '../server/helpers/fixtures';
import { readCode128 } from '../support/code128';
import { expect, test } from './fixtures';
import type { RegisterPage } from './helpers/registerPage';

/** Screenshots go to docs/screens when SCREENS=docs, else to the system's temporary folder. */
const SHOTS = process.env['SCREENS'] === 'docs' ? 'docs/screens' : join('/tmp', 'register-screens');

const CARD = cardNumberFor({ prefix: '6003', sequenceDigits: 9 }, 310);

test.use({
  shelf: {
    products: [{ id: 'P1', name: 'Shoe', category: 'SHOES', priceMinor: 1299 }],
    cards: [CARD],
  },
});
test.describe.configure({ mode: 'serial' });

/** What a scanner reads from the receipt's barcode: its black bars as a row of modules. */
async function scanBarcode(page: Page): Promise<string> {
  const bars = await page
    .getByTestId('receipt-barcode')
    .locator('rect[fill="#000"]')
    .evaluateAll((rects) =>
      rects.map((rect) => [Number(rect.getAttribute('x')), Number(rect.getAttribute('width'))]),
    );
  const end = Math.max(...bars.map(([x = 0, width = 0]) => x + width));
  const row = Array.from({ length: end }, () => '0');
  for (const [x = 0, width = 0] of bars) row.fill('1', x, x + width);
  return readCode128(row.join(''));
}

/** Returns `count` items of the first line of the receipt the Returns screen shows. */
async function returnItems(at: RegisterPage, count: number) {
  await at.page.getByRole('spinbutton').first().fill(String(count));
  await at.page.getByRole('button', { name: 'Return selected items' }).click();
  await expect(at.page.getByRole('heading', { name: 'Return receipt' })).toBeVisible();
}

/**
 * A receipt's barcode starts its return: scanned at the register that sold it (also offline), or
 * its number typed at another register of the store, found through the server.
 */
test.describe('a return started from the receipt', () => {
  let number = '';

  test.beforeAll(async ({ store }) => {
    await store.runJob('distribution-1050');
  });

  test('prints the receipt number as a Code 128 barcode that reads back as that number', async ({
    register: at,
  }) => {
    await at.signIn('C1', PINS.cashier);
    await at.card(CARD);
    await at.scan('P1');
    await at.scan('P1');
    await expect.poll(() => at.salePoints()).toBeGreaterThan(0);
    await at.payCash();
    await at.complete();
    // What the scanner reads is the number printed above the bars.
    number = await scanBarcode(at.page);
    expect(number).toMatch(/^S1-R1-\d{6}$/);
    await expect(at.page.getByTestId('receipt-number')).toHaveText(`Receipt ${number}`);
    await expect(at.page.getByRole('img', { name: `Barcode of receipt ${number}` })).toBeVisible();
    await at.page.getByRole('button', { name: 'Print' }).click();
    await at.page.screenshot({ path: test.info().outputPath('receipt-barcode.png') });
    await at.nextSale();
  });

  test('scanning the barcode at the sale screen starts the return of that sale', async ({
    store,
    register: at,
  }) => {
    await at.scan(number);
    await expect(at.page.getByTestId('return-of')).toHaveText(`Return of receipt ${number}`);
    await expect(at.page.getByText('Shoe (up to 2)')).toBeVisible();
    await returnItems(at, 1);
    const back = at.page.getByRole('article', { name: 'Receipt' });
    await expect(back).toContainText('1 × Shoe');
    await expect(back.getByTestId('receipt-return-of')).toHaveText(`Return of receipt ${number}`);
    await expect(back).toContainText('Total $12.99');
    await expect(at.page.getByTestId('receipt-points')).toContainText('-');
    await at.page.getByRole('button', { name: 'Another return' }).click();

    // Offline, the register still finds its own receipt, with what was returned already.
    await at.page.context().setOffline(true);
    await expect.poll(() => at.status().textContent()).toMatch(/Offline/);
    await at.screen('Sale');
    await at.scan(number);
    await expect(at.page.getByTestId('return-of')).toHaveText(`Return of receipt ${number}`);
    await expect(at.page.getByText('Shoe (up to 1)')).toBeVisible();
    await at.page.context().setOffline(false);
    // The sale and its return reach the server and are posted.
    const db = store.server.database.db;
    await expect
      .poll(async () => (await db.select().from(facts).where(eq(facts.registerId, 'S1-R1'))).length)
      .toBe(2);
    await store.runJob('post-offline-earnings');
  });

  test('another register of the store finds the receipt through the server; offline it cannot', async ({
    store,
    openRegister,
  }) => {
    const other = await openRegister('S1-R2');
    await other.signIn('C1', PINS.cashier);
    await other.screen('Returns');
    const find = other.page.getByRole('form', { name: 'Find receipt' });
    await find.getByLabel('Receipt number (scan or type)').fill(number);
    await find.getByRole('button', { name: 'Find receipt' }).click();
    await expect(other.page.getByTestId('return-of')).toHaveText(`Return of receipt ${number}`);
    // The first register's return of one shoe is known to the server.
    await expect(other.page.getByText('Shoe (up to 1)')).toBeVisible();
    await returnItems(other, 1);
    await expect(other.page.getByRole('article', { name: 'Receipt' })).toContainText('1 × Shoe');
    const db = store.server.database.db;
    // The status line can read "Outbox: 0" a moment before the return is queued: wait for the server.
    await expect
      .poll(async () => (await db.select().from(facts).where(eq(facts.registerId, 'S1-R2'))).length)
      .toBe(1);
    await store.runJob('post-offline-earnings');
    const [sale] = await db.select().from(sales).where(eq(sales.cardNumber, CARD));
    const returns = await db
      .select({ id: sales.id, register: sales.registerId })
      .from(sales)
      .where(eq(sales.returnOf, sale?.id ?? ''));
    expect(returns.map((r) => r.register).sort()).toEqual(['S1-R1', 'S1-R2']);
    for (const { id } of returns) {
      const [fact] = await db.select().from(facts).where(eq(facts.id, id));
      expect(fact).toMatchObject({ status: 'posted', reason: null });
    }

    await other.page.getByRole('button', { name: 'Another return' }).click();
    await other.page.context().setOffline(true);
    await expect.poll(() => other.status().textContent()).toMatch(/Offline/);
    await find.getByLabel('Receipt number (scan or type)').fill(number);
    await find.getByRole('button', { name: 'Find receipt' }).click();
    await expect(other.page.getByRole('alert')).toHaveText(
      `Receipt ${number} is not on this register; receipts of other registers need the server, which cannot be reached.`,
    );
    await other.page.context().setOffline(false);
  });

  test('a whole return by keyboard: each action has its key on its button, focus goes back to the receipt field', async ({
    store,
    register: at,
  }) => {
    const { page } = at;
    const db = store.server.database.db;
    const facts0 = (await db.select().from(facts).where(eq(facts.registerId, 'S1-R1'))).length;
    await at.screen('Sale');
    await at.card(CARD);
    await at.scan('P1');
    await at.scan('P1');
    await expect.poll(() => at.salePoints()).toBeGreaterThan(0);
    await at.payCash();
    await at.complete();
    const sold = ((await page.getByTestId('receipt-number').textContent()) ?? '').replace(
      'Receipt ',
      '',
    );
    expect(sold).toMatch(/^S1-R1-\d{6}$/);
    await at.nextSale();

    // From here on the keyboard alone: F2, the receipt's number, Enter, a quantity, Alt+1.
    await page.keyboard.press('F2');
    const field = page
      .getByRole('form', { name: 'Find receipt' })
      .getByLabel('Receipt number (scan or type)');
    await expect(field).toBeFocused();
    await page.keyboard.type(sold);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('return-of')).toHaveText(`Return of receipt ${sold}`);
    const quantity = page.getByRole('spinbutton', { name: 'Shoe (up to 2)' });
    await expect(quantity).toBeFocused();
    await page.keyboard.type('1');
    await expect(quantity).toHaveValue('1');
    const submit = page.getByRole('button', { name: 'Return selected items' });
    await expect(submit.locator('kbd')).toHaveText('Alt+1');
    await expect(page.getByRole('button', { name: 'Find receipt' }).locator('kbd')).toHaveText(
      'Enter',
    );
    await page.screenshot({ path: join(SHOTS, 'register-returns-en.png') });

    // Held down, Alt+1 records one return, not one for each repeat.
    await page.keyboard.down('Alt');
    await page.keyboard.down('1');
    await page.keyboard.down('1');
    await page.keyboard.down('1');
    await page.keyboard.up('1');
    await page.keyboard.up('Alt');
    const back = page.getByRole('article', { name: 'Receipt' });
    await expect(back.getByTestId('receipt-return-of')).toHaveText(`Return of receipt ${sold}`);
    await expect(back).toContainText('1 × Shoe');
    await expect(field).toBeFocused();
    const another = page.getByRole('button', { name: 'Another return' });
    await expect(another.locator('kbd')).toHaveText('Alt+2');
    await page.screenshot({ path: join(SHOTS, 'register-returns-done-en.png') });
    await expect
      .poll(async () => (await db.select().from(facts).where(eq(facts.registerId, 'S1-R1'))).length)
      .toBe(facts0 + 2);

    await page.keyboard.press('Alt+2');
    await expect(back).toBeHidden();
    await expect(field).toBeFocused();
    // The number in the field is selected: the next scan or typing replaces it.
    await page.keyboard.type(sold);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('spinbutton', { name: 'Shoe (up to 1)' })).toBeFocused();

    // The same keys in Dutch, shown on the buttons; the receipt field is never left behind.
    await page.getByLabel('Language').selectOption('nl');
    const veld = page
      .getByRole('form', { name: 'Bon zoeken' })
      .getByLabel('Bonnummer (scannen of typen)');
    await veld.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('spinbutton', { name: /Shoe/ })).toBeFocused();
    await page.keyboard.type('1');
    await expect(
      page.getByRole('button', { name: 'Geselecteerde artikelen retourneren' }).locator('kbd'),
    ).toHaveText('Alt+1');
    await page.screenshot({ path: join(SHOTS, 'register-returns-nl.png') });
    await page.keyboard.press('Alt+1');
    await expect(page.getByRole('button', { name: 'Nog een retour' }).locator('kbd')).toHaveText(
      'Alt+2',
    );
    await expect(veld).toBeFocused();
    await page.screenshot({ path: join(SHOTS, 'register-returns-done-nl.png') });
    await page.keyboard.press('Alt+2');
    await expect(page.getByRole('button', { name: 'Nog een retour' })).toBeHidden();
    await expect(veld).toBeFocused();
    await expect
      .poll(async () => (await db.select().from(facts).where(eq(facts.registerId, 'S1-R1'))).length)
      .toBe(facts0 + 3);
    await page.getByLabel('Taal').selectOption('en');
  });
});
