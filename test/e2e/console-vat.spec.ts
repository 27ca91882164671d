import { receiptNumber } from '../../shared/checkout/receipt';
import type { SaleFact } from '../../shared/protocol/sync';
import { facts, products } from '../../sync-server/src/db/schema';
import { DeviceSequence, pushBody, saleFact, seedScheme } from '../server/helpers/facts';
import { enrol, PINS } from '../server/helpers/fixtures';
import { expect, test, useOwnServer } from './fixtures';
import { api } from '../../shared/protocol/api';
import { callRoute } from './helpers/routes';

useOwnServer(null);

/** Head office edits a country's VAT rates per product category, in a real Chromium. */
test('head office sets a country’s VAT rates, refusing a rate above 100 %', async ({
  store,
  tab: page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`${store.server.url}/hq`);
  await page.getByLabel('Staff id').fill('HQ1');
  await page.getByLabel('PIN').fill(PINS.hq);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Jobs', level: 2 }).waitFor();
  await page
    .getByRole('navigation', { name: 'Console sections' })
    .getByRole('link', { name: 'VAT rates', exact: true })
    .click();
  await page.getByRole('heading', { name: 'VAT rates', level: 2 }).waitFor();

  const form = page.getByRole('form', { name: 'Rates of a country' });
  await form.getByLabel('Country', { exact: true }).fill('nl');
  await form.getByLabel('Product category').fill('SHOES');
  await form.getByLabel('Rate (%)').fill('121');
  await form.getByRole('button', { name: 'Save rates' }).click();
  await expect(form.getByRole('alert')).toContainText('“121” is not a rate between 0 and 100 %');

  await form.getByLabel('Rate (%)').fill('5,5');
  await form.getByRole('button', { name: 'Save rates' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved the VAT rates of NL.');
  await expect(page.getByRole('row', { name: /NL/ })).toContainText('SHOES 5.5%');
  const listed = await callRoute(store.server, api.hq.vatRates.list, { token: store.hq });
  expect(listed.body).toEqual({
    countries: [{ country: 'NL', rates: [{ category: 'SHOES', rate: 550 }] }],
  });
  await page.screenshot({ path: test.info().outputPath('vat-rates.png') });
});

/** A sale without a card earns nothing on any line. */
const anonymous = (fact: SaleFact): SaleFact => ({
  ...fact,
  receipt: { ...fact.receipt, lines: fact.receipt.lines.map((line) => ({ ...line, earned: {} })) },
});

/**
 * Head office's stored sales show each receipt's number and its VAT per rate, are found by the
 * number printed on the receipt, and read in each of the console's languages.
 */
test('the stored sales show receipt numbers and VAT per rate, in each language', async ({
  store,
  tab: page,
}) => {
  await seedScheme(store.server.database);
  const register = await enrol(store.server, store.hq, 'S1', 'S1-R1');
  const seq = new DeviceSequence();
  await store.server.database.db.insert(products).values([
    { id: 'SHOE', name: 'Shoe', barcode: null, category: 'SHOES' },
    { id: 'BREAD', name: 'Bread', barcode: null, category: 'FOOD' },
  ]);
  const bread = { product: 'BREAD', category: 'FOOD' };
  const shoes = { product: 'SHOE', category: 'SHOES', quantity: 2, net: '25.98', vatRate: 2100 };
  const sold = anonymous(saleFact({ card: null, lines: [shoes] }, seq));
  const other = anonymous(
    saleFact({ card: null, lines: [{ ...bread, net: '5.45', vatRate: 900 }] }, seq),
  );
  const pushed = await callRoute(store.server, api.sync.push, {
    token: register,
    body: pushBody([sold, other]),
  });
  expect(pushed.status).toBe(200);
  await store.runJob('post-offline-earnings');
  const posted = await store.server.database.db
    .select({ status: facts.status, reason: facts.reason })
    .from(facts);
  expect(posted).toEqual([
    { status: 'posted', reason: null },
    { status: 'posted', reason: null },
  ]);
  const number = receiptNumber(sold);

  await page
    .getByRole('navigation', { name: 'Console sections' })
    .getByRole('link', { name: 'Simulator', exact: true })
    .click();
  const sales = page.getByRole('table', { name: 'Stored sales' });
  await expect(sales.getByRole('row')).toHaveCount(3);
  const form = page.getByRole('form', { name: 'Find past sales' });
  await form.getByLabel('Receipt or card number').fill(number);
  await form.getByRole('button', { name: 'Find' }).click();
  await expect(sales.getByRole('row')).toHaveCount(2);
  const row = sales.getByRole('row', { name: new RegExp(number) });
  await expect(row.getByRole('rowheader')).toHaveText(number);
  // 25.98 at 21 %: 4.51 VAT (half up), 21.47 net.
  // After the search a single sale is listed: its VAT cell, whatever the table is called.
  const vat = page.getByTestId('sale-vat');
  await expect(vat).toHaveCount(1);
  await expect(vat).toHaveText('21%: $4.51 VAT on $21.47 net');
  await page.screenshot({ path: test.info().outputPath('sales-en.png') });

  const texts = {
    nl: ['Btw per tarief', /^21%: US\$\s4,51 btw op US\$\s21,47 netto$/],
    sv: ['Moms per sats', /^21\s%: 4,51\sUS\$ moms på 21,47\sUS\$ netto$/],
    fr: ['TVA par taux', /^21\s%\s: 4,51\s\$US de TVA sur 21,47\s\$US HT$/],
  } as const;
  for (const [language, [header, parts]] of Object.entries(texts)) {
    await page.getByLabel(/^(Language|Taal|Språk|Langue)/).selectOption(language);
    await expect(page.getByRole('columnheader', { name: header })).toBeVisible();
    await expect(vat).toHaveText(parts);
  }
  await page.screenshot({ path: test.info().outputPath('sales-fr.png') });
  // The VAT rate list formats its percentages in the reader's language too: 5,5 % in French.
  await page
    .getByRole('navigation')
    .getByRole('link', { name: 'Taux de TVA', exact: true })
    .click();
  await expect(page.getByRole('row', { name: /NL/ })).toContainText(/SHOES 5,5\s%/);
  await page.getByLabel('Langue').selectOption('en');
});
