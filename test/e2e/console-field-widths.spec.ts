import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { testCardNumber } from '../server/helpers/facts';
import { PINS } from '../server/helpers/fixtures';
import { expect, test, useOwnServer } from './fixtures';

/** Screenshots go to docs/screens when SCREENS=docs, else to the system's temporary folder. */
const SHOTS = process.env['SCREENS'] === 'docs' ? 'docs/screens' : join('/tmp', 'console-screens');

useOwnServer({
  products: [{ id: 'P1', name: 'Shoe', category: 'SHOES', priceMinor: 1000 }],
  cards: [testCardNumber(1)],
});

/** The pages with fields on them as they open, and how many fields each shows once loaded. */
const PAGES = [
  { section: 'jobs', fields: 6 },
  { section: 'cards', fields: 6 },
  { section: 'voids', fields: 3 },
  { section: 'reports', fields: 2 },
  { section: 'vat-rates', fields: 3 },
  { section: 'simulator', fields: 2 },
  { section: 'registers', fields: 1 },
  { section: 'quick-keys', fields: 1 },
] as const;

/** What a field may take at 1366x768: a date a little more than its digits, any other 24rem. */
const MAX_DATE = 240;
const MAX_FIELD = 384;

const FIELDS = "main :is(input:not([type='checkbox'], [type='radio']), select):visible";

/** Each field on the page: its kind, its name as a person reads it, and its width. */
const measure = (page: Page) =>
  page.locator(FIELDS).evaluateAll((found) =>
    found.map((field) => ({
      type: field.getAttribute('type') ?? field.tagName.toLowerCase(),
      name:
        field.getAttribute('aria-label') ??
        (field.id
          ? document.querySelector(`label[for="${field.id}"]`)?.textContent
          : field.closest('label')?.firstChild?.textContent) ??
        '',
      width: Math.round(field.getBoundingClientRect().width),
    })),
  );

/**
 * The console's fields are as wide as what they hold (a cron expression, a card number, a date),
 * not as wide as the page: measured on every page that opens with fields, in English and Dutch.
 */
test('no field of the console stretches across the page', async ({ store, tab: page }) => {
  mkdirSync(SHOTS, { recursive: true });
  await page.goto(`${store.server.url}/hq`);
  await page.getByLabel('Staff id').fill('HQ1');
  await page.getByLabel('PIN').fill(PINS.hq);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const nav = page.locator('nav.sidebar');
  await nav.waitFor();

  for (const language of ['en', 'nl'] as const) {
    if (language === 'nl') await page.getByLabel('Language').selectOption('nl');
    for (const { section, fields } of PAGES) {
      await nav.locator(`a[href="#${section}"]`).click();
      await nav.locator(`a[href="#${section}"][aria-current="page"]`).waitFor();
      await expect.poll(() => page.locator(FIELDS).count()).toBeGreaterThanOrEqual(fields);
      const measured = await measure(page);
      const tooWide = measured.filter(
        (field) => field.width > (field.type === 'date' ? MAX_DATE : MAX_FIELD),
      );
      expect(tooWide, `${section} (${language})`).toEqual([]);
      // Not squeezed either: a cron expression or a card number fits in what is left.
      for (const field of measured) expect(field.width, field.name).toBeGreaterThanOrEqual(120);
      if (['jobs', 'cards', 'voids', 'reports', 'vat-rates'].includes(section))
        await page.screenshot({
          path: join(SHOTS, `console-fields-${section}-${language}.png`),
        });
    }
  }
  await page.getByLabel('Taal').selectOption('en');
});
