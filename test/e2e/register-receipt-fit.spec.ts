import { cardNumberFor } from '../../shared/engine/cardNumbers';
import { PINS } from '../server/helpers/fixtures';
import { expect, test, useOwnServer } from './fixtures';

const CARD = cardNumberFor({ prefix: '6004', sequenceDigits: 9 }, 77);
const PRODUCTS = [
  { id: 'P1', name: 'Running shoe', category: 'SHOES', priceMinor: 8999 },
  { id: 'P2', name: 'Walking shoe', category: 'SHOES', priceMinor: 7499 },
  { id: 'P3', name: 'Sandal', category: 'SHOES', priceMinor: 2999 },
  { id: 'P4', name: 'Boot', category: 'SHOES', priceMinor: 12999 },
  { id: 'P5', name: 'Slipper', category: 'SHOES', priceMinor: 1999 },
  { id: 'P6', name: 'Trail shoe', category: 'SHOES', priceMinor: 10999 },
];

useOwnServer({ products: PRODUCTS, cards: [CARD] });

/**
 * The receipt on the sale screen is the whole ticket at once, at the counter's 1366x768: every
 * line, the VAT, the tenders and the points in view, nothing cut off below the panel's edge.
 */
test.describe('the receipt on screen', () => {
  test.beforeAll(async ({ store }) => {
    await store.runJob('distribution-1050');
  });

  test('shows a six-line ticket whole, without scrolling', async ({ register: at }) => {
    await at.signIn('C1', PINS.cashier);
    await at.card(CARD);
    for (const product of PRODUCTS) await at.scan(product.id);
    await expect.poll(() => at.salePoints()).toBeGreaterThan(0);
    await at.payCash();
    await at.complete();
    const receipt = at.page.getByRole('article', { name: 'Receipt' });
    for (const product of PRODUCTS)
      await expect(receipt.getByRole('rowheader', { name: `1 × ${product.name}` })).toBeInViewport({
        ratio: 1,
      });
    await expect(receipt.getByTestId('receipt-points')).toBeInViewport({ ratio: 1 });
    await expect(receipt.getByRole('button', { name: 'Print receipt' })).toBeInViewport({
      ratio: 1,
    });
    // Nothing of the ticket lies beyond its panel (cut off, or behind a scroll bar).
    const overflow = await receipt.evaluate((article) => {
      const panel = article.closest('.lines') ?? article;
      const view = article.parentElement ?? article;
      return [panel.scrollHeight - panel.clientHeight, view.scrollHeight - view.clientHeight];
    });
    expect(overflow).toEqual([0, 0]);
    await at.page.screenshot({ path: test.info().outputPath('receipt-six-lines.png') });
  });
});
