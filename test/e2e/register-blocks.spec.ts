import { eq } from 'drizzle-orm';
import { cardNumberFor } from '../../shared/engine/cardNumbers';
import { facts, ledgerEntries, sales } from '../../sync-server/src/db/schema';
import { PINS } from '../server/helpers/fixtures';
import { expect, test } from './fixtures';
import { api } from '../../shared/protocol/api';
import { callRoute } from './helpers/routes';

const card = (i: number) => cardNumberFor({ prefix: '6003', sequenceDigits: 9 }, 200 + i);
const ONLINE = card(1);
const OFFLINE = card(2);

test.use({
  shelf: {
    products: [{ id: 'P1', name: 'Shoe', category: 'SHOES', priceMinor: 1299 }],
    cards: [ONLINE, OFFLINE],
  },
});
test.describe.configure({ mode: 'serial' });

/**
 * A card blocked at head office: a register online hears of it within seconds and earns nothing
 * on it; a sale made offline before it heard is kept, only its points are refused.
 */
test.describe('a blocked card at the register', () => {
  test.beforeAll(async ({ store }) => {
    // S1 sells in the Netherlands, shoes at 21 % VAT: the receipt shows it and earning counts net.
    const token = store.hq;
    const s1 = await callRoute(store.server, api.hq.stores.get, { params: { id: 'S1' }, token });
    const address = 'Kalverstraat 1, 1012 NX Amsterdam';
    const body = { ...s1.body, country: 'NL', address };
    const stored = await callRoute(store.server, api.hq.stores.update, {
      params: { id: 'S1' },
      token,
      body,
    });
    expect(stored.status).toBe(200);
    const rates = { country: 'NL', rates: [{ category: 'SHOES', rate: 2100 }] };
    const put = await callRoute(store.server, api.hq.vatRates.update, {
      params: { country: 'NL' },
      token,
      body: rates,
    });
    expect(put.status).toBe(200);
    await store.runJob('distribution-1050');
  });

  test('refuses to earn on a card blocked at head office while the register is online', async ({
    store,
    register: at,
  }) => {
    await at.signIn('C1', PINS.cashier);
    await at.card(ONLINE);
    await at.scan('P1');
    await expect.poll(() => at.salePoints()).toBeGreaterThan(0);

    const blocked = await callRoute(store.server, api.cards.block, {
      params: { number: ONLINE },
      token: store.hq,
    });
    expect(blocked.status).toBe(200);
    // No job runs: the block reaches the register's feed and event stream at once.
    const panel = at.page.getByRole('region', { name: 'Card' });
    await expect(panel).toContainText('blocked', { timeout: 10_000 });
    await expect(at.page.getByTestId('sale-points')).not.toContainText(/[1-9]\d* STAR/);

    await at.payCash();
    await at.complete();
    // The sale is made without the card: no points on the receipt.
    await expect(at.page.getByRole('article', { name: 'Receipt' })).not.toContainText('STAR');
    await at.nextSale();
  });

  test('keeps a sale to a card blocked while the register was offline, its points refused, returnable', async ({
    store,
    register: at,
  }) => {
    const context = at.page.context();
    await context.setOffline(true);
    await expect.poll(() => at.status().textContent()).toMatch(/Offline/);
    const blocked = await callRoute(store.server, api.cards.block, {
      params: { number: OFFLINE },
      token: store.hq,
    });
    expect(blocked.status).toBe(200);

    await at.card(OFFLINE);
    await at.scan('P1');
    await at.scan('P1');
    await expect.poll(() => at.salePoints()).toBeGreaterThan(0);
    await at.page
      .getByLabel(/^Amount/)
      .first()
      .fill('30.00');
    await at.payCash();
    await at.complete();
    const receipt = at.page.getByRole('article', { name: 'Receipt' });
    await expect(receipt).toContainText('2 × Shoe');
    await expect(receipt).toContainText('$25.98');
    await expect(at.page.getByTestId('receipt-change')).toHaveText('Change: $4.02');
    await expect(at.page.getByTestId('receipt-card')).toHaveText(
      `Card ${'•'.repeat(OFFLINE.length - 4)}${OFFLINE.slice(-4)}`,
    );
    await expect(at.page.getByTestId('receipt-number')).toHaveText(/^Receipt S1-R1-\d{6}$/);
    await expect(at.page.getByTestId('receipt-store')).toContainText(
      'Kalverstraat 1, 1012 NX Amsterdam',
    );
    // 25.98 at 21 %: 4.51 VAT (25.98 x 21/121 = 4.5089, half up), 21.47 net.
    await expect(at.page.getByTestId('receipt-vat').locator('tbody tr')).toHaveText([
      /^21%\s*\$21\.47\s*\$4\.51\s*\$25\.98/,
    ]);
    await at.page.screenshot({ path: test.info().outputPath('receipt.png') });
    await at.nextSale();

    await context.setOffline(false);
    await at.waitOutboxEmpty();
    await store.runJob('post-offline-earnings');

    const db = store.server.database.db;
    const [kept] = await db.select().from(sales).where(eq(sales.cardNumber, OFFLINE));
    expect(kept).toMatchObject({ totalMinor: 2 * 1299, returnOf: null });
    const saleId = kept?.id ?? '';
    const [fact] = await db.select().from(facts).where(eq(facts.id, saleId));
    expect(fact).toMatchObject({ status: 'posted', reason: expect.stringMatching(/is blocked/) });
    const entries = await db.select().from(ledgerEntries).where(eq(ledgerEntries.factId, saleId));
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(entry.status).toBe('rejected');
    const listed = await callRoute(store.server, api.hq.sales, {
      query: { search: OFFLINE },
      token: store.hq,
    });
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).toContain(saleId);

    // The register hears the outcome and lists it; the sale stays returnable, for no points.
    await expect(at.status()).toContainText('Rejected: 1', { timeout: 20_000 });
    await at.page.locator('button.status-button').click();
    await expect(at.page.getByRole('list', { name: 'Refused facts' })).toContainText(
      /Sale kept, points refused · card \d+ is blocked/,
    );
    await at.page.getByRole('button', { name: /^Close/ }).click();
    await at.screen('Returns');
    await at.page.getByRole('button', { name: new RegExp(OFFLINE) }).click();
    const quantity = at.page.getByRole('spinbutton').first();
    await quantity.fill('3');
    await expect(at.page.getByRole('alert')).toHaveText('Shoe: only 2 items left to return');
    await expect(at.page.getByRole('button', { name: 'Return selected items' })).toBeDisabled();
    await quantity.fill('1');
    await at.page.getByRole('button', { name: 'Return selected items' }).click();
    await expect(at.page.getByRole('heading', { name: 'Return receipt' })).toBeVisible();
    const back = at.page.getByRole('article', { name: 'Receipt' });
    await expect(back).toContainText('1 × Shoe');
    await expect(back).toContainText('Total $12.99');
    await expect(back).not.toContainText('2 × Shoe');
    // The VAT refunded, stated as the total and the tender are: 12.99 at 21 % holds 2.25 (12.99 x 21/121 = 2.2545), 10.74 net.
    await expect(back.getByTestId('receipt-vat').locator('tbody tr')).toHaveText([
      /^21%\s*\$10\.74\s*\$2\.25\s*\$12\.99/,
    ]);
    await at.page.screenshot({ path: test.info().outputPath('return-receipt.png') });
    await at.waitOutboxEmpty();
    await store.runJob('post-offline-earnings');
    const returned = await db.select().from(sales).where(eq(sales.returnOf, saleId));
    expect(returned).toHaveLength(1);
    const [returnFact] = await db
      .select()
      .from(facts)
      .where(eq(facts.id, returned[0]?.id ?? ''));
    expect(returnFact).toMatchObject({ status: 'posted', reason: null });
  });
});
