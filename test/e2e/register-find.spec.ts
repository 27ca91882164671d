import { eq } from 'drizzle-orm';
import { cardNumberFor } from '../../shared/engine/cardNumbers';
import { cards, customers } from '../../sync-server/src/db/schema';
import { PINS } from '../server/helpers/fixtures';
import { expect, test, useOwnServer } from './fixtures';

const numbering = { prefix: '6001', sequenceDigits: 9 };
const ANNA = cardNumberFor(numbering, 801);
const ANNIKA = cardNumberFor(numbering, 802);
const BOB = cardNumberFor(numbering, 803);

useOwnServer({
  products: [
    {
      id: 'P1',
      name: 'Running Shoe',
      barcode: '4006381333931',
      category: 'SHOES',
      priceMinor: 8999,
    },
    { id: 'P2', name: 'Shoe Polish', category: 'CARE', priceMinor: 499 },
    { id: 'P3', name: 'Wool Socks', category: 'SOCKS', priceMinor: 1299 },
  ],
  cards: [ANNA, ANNIKA, BOB],
});

/** Finding products and customers at the till, by keyboard, online and offline. */
test.describe('finding things at the register', () => {
  test.beforeAll(async ({ store }) => {
    const db = store.server.database.db;
    await db.insert(customers).values([
      { id: 'CU1', name: 'Anna Östlund', phone: '+46701234567', email: 'anna@example.com' },
      { id: 'CU2', name: 'Annika Peters', phone: '+31611111111', email: null },
      { id: 'CU3', name: 'Bob Builder', phone: null, email: 'bob@example.com' },
    ]);
    await db.update(cards).set({ customerId: 'CU1' }).where(eq(cards.number, ANNA));
    await db.update(cards).set({ customerId: 'CU2' }).where(eq(cards.number, ANNIKA));
    await db.update(cards).set({ customerId: 'CU3' }).where(eq(cards.number, BOB));
    await store.runJob('distribution-1050');
  });

  test('finds a product by name or code and adds it with Enter', async ({ register: at }) => {
    await at.signIn('C1', PINS.cashier);
    const page = at.page;
    await page.keyboard.press('Shift+F7');
    await page.keyboard.type('shoe');
    const found = page.getByRole('list', { name: 'Products found' });
    await expect(found.getByRole('button')).toHaveCount(2);
    await expect(found.getByRole('button').first()).toContainText('Running Shoe');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('table')).toContainText('Running Shoe');
    // Focus is back on the scan field.
    await expect(page.getByLabel('Scan or type a code')).toBeFocused();

    await page.keyboard.press('Shift+F7');
    await page.keyboard.type('P3');
    await expect(found.getByRole('button')).toHaveCount(1);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('table')).toContainText('Wool Socks');

    await page.keyboard.press('Shift+F7');
    await page.keyboard.type('umbrella');
    await expect(page.getByRole('search', { name: 'Find a product' }).locator('..')).toContainText(
      'No product matches',
    );
    await page.keyboard.press('Escape');
  });

  test('finds a customer by name offline-capable and takes their card', async ({
    register: at,
  }) => {
    const page = at.page;
    await page.keyboard.press('Shift+F6');
    await page.keyboard.type('ann pet');
    await page.keyboard.press('Enter');
    const found = page.getByRole('list', { name: 'Customers found' });
    await expect(found.getByRole('button')).toHaveCount(1);
    await expect(found).toContainText(`Annika Peters`);
    await expect(found).toContainText(`card …${ANNIKA.slice(-4)}`);
    await found.getByRole('button').click();
    await expect(page.getByRole('region', { name: 'Card' })).toContainText(ANNIKA);
  });

  test('finds a customer by phone or e-mail online, and says so when offline', async ({
    register: at,
  }) => {
    const page = at.page;
    const search = page.getByLabel('Customer name, phone or e-mail');
    await search.fill('anna@EXAMPLE.com');
    await search.press('Enter');
    const found = page.getByRole('list', { name: 'Customers found' });
    await expect(found).toContainText('Anna Östlund');
    await search.fill('+46 70 123 45 67');
    await search.press('Enter');
    await expect(found).toContainText('Anna Östlund');
    await found.getByRole('button').click();
    await expect(page.getByRole('region', { name: 'Card' })).toContainText(ANNA);

    await page.context().setOffline(true);
    await expect(at.status()).toContainText(/^Offline/, { timeout: 30_000 });
    await search.fill('bob@example.com');
    await search.press('Enter');
    await expect(page.getByRole('region', { name: 'Find a customer' })).toContainText(
      'needs the server, and the register is offline',
    );
    // By name still works offline.
    await search.fill('ostlund');
    await search.press('Enter');
    await expect(found).toContainText('Anna Östlund');
    await page.context().setOffline(false);
  });
});
