import { PINS } from '../server/helpers/fixtures';
import { expect, test, useOwnServer } from './fixtures';

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
  await expect(page.getByRole('row', { name: /NL/ })).toContainText('SHOES 5.5 %');
  const listed = await store.server.call('GET', '/api/hq/vat-rates', { token: store.hq });
  expect(listed.body).toEqual({
    countries: [{ country: 'NL', rates: [{ category: 'SHOES', rate: 550 }] }],
  });
  await page.screenshot({ path: test.info().outputPath('vat-rates.png') });
});
