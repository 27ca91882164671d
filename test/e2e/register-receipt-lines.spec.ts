import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { cardNumberFor } from '../../shared/engine/cardNumbers';
import { api } from '../../shared/protocol/api';
import { PINS } from '../server/helpers/fixtures';
import { expect, test, useOwnServer } from './fixtures';
import { callRoute } from './helpers/routes';

const CARD = cardNumberFor({ prefix: '6004', sequenceDigits: 9 }, 515);
const MASKED = `Card ${'•'.repeat(CARD.length - 4)}${CARD.slice(-4)}`;

useOwnServer({
  products: [
    { id: 'P1', name: 'Shoe', category: 'SHOES', priceMinor: 1299 },
    { id: 'P2', name: 'Guide book', category: 'BOOKS', priceMinor: 750 },
  ],
  cards: [CARD],
});

/** A picture for a person to look at: kept with the test, and in SHOTS_DIR when it is set. */
async function shot(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(name) });
  const dir = process.env['SHOTS_DIR'];
  if (dir) {
    await mkdir(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, name) });
  }
}

/** A whole number of STAR in a receipt cell ("140 STAR", "-140 STAR"). */
const starsIn = (text: string) => Number(/(-?[\d,]+) STAR/.exec(text)?.[1]?.replace(/,/g, ''));

/**
 * A sale receipt and its return receipt read line by line, as a customer checks them: the store,
 * the receipt number, the masked card, each line's quantity, amount and points, VAT per rate (two
 * rates, one with a decimal), the total, the tenders and the change; points earned on the amount
 * before tax.
 */
test.describe('the receipts, line by line', () => {
  let number = '';

  test.beforeAll(async ({ store }) => {
    // S1 sells in France: shoes at 20 %, books at 5.5 %.
    const token = store.hq;
    const s1 = await callRoute(store.server, api.hq.stores.get, { params: { id: 'S1' }, token });
    const body = { ...s1.body, country: 'FR', address: '12 rue de Rivoli, 75001 Paris' };
    expect(
      (await callRoute(store.server, api.hq.stores.update, { params: { id: 'S1' }, token, body }))
        .status,
    ).toBe(200);
    const rates = {
      country: 'FR',
      rates: [
        { category: 'SHOES', rate: 2000 },
        { category: 'BOOKS', rate: 550 },
      ],
    };
    expect(
      (
        await callRoute(store.server, api.hq.vatRates.update, {
          params: { country: 'FR' },
          token,
          body: rates,
        })
      ).status,
    ).toBe(200);
    await store.runJob('distribution-1050');
  });

  test('the sale receipt: lines, VAT per rate, total, cash, change, masked card, points on net', async ({
    register: at,
  }) => {
    await at.signIn('C1', PINS.cashier);
    await at.card(CARD);
    await at.scan('P1');
    await at.scan('P1');
    await at.scan('P2');
    await expect.poll(() => at.salePoints()).toBeGreaterThan(0);
    await at.page
      .getByLabel(/^Amount/)
      .first()
      .fill('40.00');
    await at.payCash();
    await at.complete();

    const receipt = at.page.getByRole('article', { name: 'Receipt' });
    await expect(receipt.getByTestId('receipt-store')).toContainText(
      '12 rue de Rivoli, 75001 Paris',
    );
    await expect(receipt.getByTestId('receipt-number')).toHaveText(/^Receipt S1-R1-\d{6}$/);
    number = ((await receipt.getByTestId('receipt-number').textContent()) ?? '').replace(
      /^Receipt /,
      '',
    );
    await expect(receipt.getByTestId('receipt-card')).toHaveText(MASKED);
    await expect(receipt).not.toContainText(CARD);

    const lines = receipt.locator('table:not(.receipt-vat) tbody tr');
    await expect(lines).toHaveText([
      /^2 × Shoe\s*\$25\.98\s*\d+ STAR$/,
      /^1 × Guide book\s*\$7\.50\s*\d+ STAR$/,
    ]);
    // 25.98 at 20 % holds 4.33 (25.98 x 20/120), 21.65 net; 7.50 at 5.5 % holds 0.39
    // (7.50 x 5.5/105.5 = 0.3910), 7.11 net. Rates in ascending order.
    const vat = receipt.getByTestId('receipt-vat');
    await expect(vat.locator('thead th')).toHaveText(['VAT rate', 'Net', 'VAT', 'Incl. VAT']);
    await expect(vat.locator('tbody tr')).toHaveText([
      /^5\.5%\s*\$7\.11\s*\$0\.39\s*\$7\.50$/,
      /^20%\s*\$21\.65\s*\$4\.33\s*\$25\.98$/,
    ]);
    await expect(receipt).toContainText('Total $33.48');
    await expect(receipt.locator('ul li')).toHaveText(['Cash: $40.00', 'Change: $6.52']);

    // Earning counts the amount before tax: 10 STAR per whole 1.00 of 28.76 net is 280 (the
    // 33.48 paid would give 330), split over the lines.
    const linePoints = (await lines.locator('td:last-child').allTextContents()).map(starsIn);
    expect(linePoints.reduce((sum, points) => sum + points, 0)).toBe(280);
    await expect(receipt.getByTestId('receipt-points')).toContainText('280 STAR');
    await shot(at.page, 'sale-receipt.png');

    // The VAT rates in the reader's language, written by the shared percent format.
    const rates = at.page.getByTestId('receipt-vat').locator('tbody th');
    await at.page.getByLabel('Language').selectOption('fr');
    await expect(rates).toHaveText([/^5,5\s%$/, /^20\s%$/]);
    await at.page.getByLabel('Langue').selectOption('nl');
    await expect(rates).toHaveText(['5,5%', '20%']);
    await at.page.getByLabel('Taal').selectOption('en');
    await expect(rates).toHaveText(['5.5%', '20%']);
    await at.nextSale();
  });

  test('the return receipt: the returned quantity and amount, the VAT refunded, masked card', async ({
    register: at,
  }) => {
    await at.scan(number);
    await expect(at.page.getByTestId('return-of')).toHaveText(`Return of receipt ${number}`);
    await at.page.getByRole('spinbutton').first().fill('1');
    await at.page.getByRole('button', { name: 'Return selected items' }).click();
    await expect(at.page.getByRole('heading', { name: 'Return receipt' })).toBeVisible();

    const back = at.page.getByRole('article', { name: 'Receipt' });
    await expect(back.getByTestId('receipt-card')).toHaveText(MASKED);
    await expect(back.getByTestId('receipt-number')).toHaveText(/^Receipt S1-R1-\d{6}$/);
    await expect(back.getByTestId('receipt-number')).not.toHaveText(`Receipt ${number}`);
    const lines = back.locator('table:not(.receipt-vat) tbody tr');
    // The line's points are those it takes back, negative as the total reversed below.
    await expect(lines).toHaveText([/^1 × Shoe\s*\$12\.99\s*-\d+ STAR$/]);
    const taken = starsIn((await lines.locator('td:last-child').textContent()) ?? '');
    await expect(back.getByTestId('receipt-points')).toContainText(
      `Points reversed: ${taken} STAR`,
    );
    // 12.99 at 20 % holds 2.17 (12.99 x 20/120 = 2.165, half up), 10.82 net: refunded, positive as the total and the cash are.
    await expect(back.getByTestId('receipt-vat').locator('tbody tr')).toHaveText([
      /^20%\s*\$10\.82\s*\$2\.17\s*\$12\.99$/,
    ]);
    await expect(back).toContainText('Total $12.99');
    await expect(back.locator('ul li')).toHaveText(['Cash: $12.99']);
    await shot(at.page, 'return-receipt.png');
  });

  test('a sale without a card: no points on its lines or below them', async ({ register: at }) => {
    await at.screen('Sale');
    const next = at.page.getByRole('button', { name: /^Next sale/ });
    if (await next.isVisible()) await next.click();
    await at.scan('P2');
    await at.payCash();
    await at.complete();

    const receipt = at.page.getByRole('article', { name: 'Receipt' });
    await expect(receipt.getByTestId('receipt-card')).toHaveCount(0);
    await expect(receipt.locator('table:not(.receipt-vat) tbody tr')).toHaveText([
      /^1 × Guide book\s*\$7\.50$/,
    ]);
    await expect(receipt.getByTestId('receipt-points')).toHaveCount(0);
  });
});
