import type { Page } from 'playwright-core';
import { productPrices, products } from '../../sync-server/src/db/schema';
import { PINS } from '../server/helpers/fixtures';
import { expect, test, useOwnServer } from './fixtures';
import type { RegisterPage } from './helpers/registerPage';

useOwnServer({
  products: [
    {
      id: 'P1',
      name: 'Running shoe',
      barcode: '4006381333931',
      category: 'SHOES',
      priceMinor: 1299,
    },
    { id: 'P2', name: 'Wool socks', barcode: '5901234123457', category: 'SOCKS', priceMinor: 350 },
    { id: 'P3', name: 'Cap', barcode: '8710000000002', category: 'HATS', priceMinor: 1500 },
  ],
});

/**
 * Quick keys from head office to the till: head office puts favourite products on store S1's sale
 * screen in the console, the 1050 distribution takes them to the register, and the cashier sells
 * through them by touch and by keyboard.
 */
test.describe('quick keys, from the console to a sale', () => {
  let console_: Page;
  let at: RegisterPage;
  let page: Page;

  const keyList = () => console_.getByRole('list', { name: 'Quick keys of S1' });
  const quickKeys = () => page.getByRole('region', { name: 'Quick keys' }).getByRole('button');
  const lineQuantity = (name: string) =>
    page.getByRole('row', { name }).locator('td').first().textContent();

  test.beforeAll(async ({ store, tab }) => {
    // A product the US store cannot sell: it has a price in euros only.
    await store.server.database.db
      .insert(products)
      .values({ id: 'EURO', name: 'Euro scarf', barcode: null, category: 'HATS' });
    await store.server.database.db
      .insert(productPrices)
      .values({ productId: 'EURO', currency: 'EUR', priceMinor: 900 });
    console_ = tab;
    await console_.goto(`${store.server.url}/hq`);
    await console_.getByLabel('Staff id').fill('HQ1');
    await console_.getByLabel('PIN').fill(PINS.hq);
    await console_.getByRole('button', { name: 'Sign in' }).click();
    await console_.getByRole('heading', { name: 'Jobs', level: 2 }).waitFor();
  });

  test('head office sets the keys of store S1 in the console', async () => {
    await console_
      .getByRole('navigation', { name: 'Console sections' })
      .getByRole('link', { name: 'Stores', exact: true })
      .click();
    await console_.getByRole('link', { name: 'Quick keys of S1' }).click();
    await console_.getByText('No quick keys yet.').waitFor();
    const product = console_.getByLabel('Product ID');
    for (const id of ['P3', 'P1', 'P2', 'EURO']) {
      await product.fill(id);
      await product.press('Enter');
    }
    await expect(keyList().getByRole('listitem')).toHaveCount(4);
    await console_.getByRole('button', { name: 'Save the quick keys' }).click();
    // The server's refusal in plain words, naming the product.
    await expect(console_.getByRole('alert')).toHaveText(
      'These products have no price in the store’s currency (USD): EURO. Give them a price first.',
    );
    await console_.getByRole('button', { name: 'Remove Euro scarf' }).click();
    await console_.getByRole('button', { name: 'Move Wool socks up' }).click();
    await console_.getByRole('button', { name: 'Save the quick keys' }).click();
    await console_
      .getByRole('status')
      .filter({ hasText: 'The quick keys of S1 are saved.' })
      .waitFor();
    await expect(keyList().getByRole('listitem')).toHaveText([/Cap/, /Wool socks/, /Running shoe/]);
  });

  test('the 1050 distribution takes them to the register, as big buttons on the sale screen', async ({
    store,
    register,
  }) => {
    at = register;
    page = register.page;
    await store.runJob('distribution-1050');
    await at.signIn('C1', PINS.cashier);
    await expect(quickKeys()).toHaveText([/^Cap\$15\.00$/, /^Wool socks/, /^Running shoe/]);
    for (const button of await quickKeys().all()) {
      const box = await button.boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
      expect(box?.width ?? 0).toBeGreaterThanOrEqual(44);
    }
    const scrolls = await page.evaluate(
      () => document.documentElement.scrollHeight > window.innerHeight,
    );
    expect(scrolls).toBe(false);
  });

  test('sells through a quick key by keyboard: Shift+F1, the arrows and Enter', async () => {
    await page.keyboard.press('Shift+F1');
    await expect(quickKeys().first()).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect(quickKeys().nth(1)).toBeFocused();
    await page.keyboard.press('Enter');
    await expect.poll(() => lineQuantity('Wool socks')).toBe('1');
    // Focus is back on the scan field for the next scan.
    await expect(page.getByLabel('Scan or type a code')).toBeFocused();
  });

  test('sells through a quick key by touch, with a quantity typed first', async () => {
    await page.keyboard.type('2*');
    await page.keyboard.press('Enter');
    await quickKeys().filter({ hasText: 'Cap' }).click();
    await expect.poll(() => lineQuantity('Cap')).toBe('2');
    await expect(page.getByTestId('sale-total')).toContainText('$33.50');
    await page.keyboard.press('F8');
    await page.keyboard.press('F9');
    await page.getByRole('article', { name: 'Receipt' }).waitFor();
    await at.waitOutboxEmpty();
  });
});
