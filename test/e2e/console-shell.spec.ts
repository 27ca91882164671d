import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { testCardNumber } from '../server/helpers/facts';
import { PINS } from '../server/helpers/fixtures';
import { expect, test, useOwnServer } from './fixtures';

/** Screenshots go to docs/screens when SCREENS=docs, else to the system's temporary folder. */
const SHOTS = process.env['SCREENS'] === 'docs' ? 'docs/screens' : join('/tmp', 'console-screens');

// The test scheme and a product, so the schemes page has a row to show.
useOwnServer({
  products: [{ id: 'P1', name: 'Shoe', category: 'SHOES', priceMinor: 1000 }],
  cards: [testCardNumber(1)],
});

type Language = 'en' | 'nl' | 'fr' | 'sv';
const LANGUAGES: readonly Language[] = ['en', 'nl', 'fr', 'sv'];

/** The navigation's name in each language. */
const NAV_NAME: Record<Language, string> = {
  en: 'Console sections',
  nl: 'Onderdelen van de console',
  fr: 'Sections de la console',
  sv: 'Konsolens delar',
};

/** What head office does, each with its heading in every language and its sections, in order. */
const GROUPS: readonly { names: Record<Language, string>; sections: readonly string[] }[] = [
  {
    names: { en: 'Loyalty', nl: 'Loyaliteit', fr: 'Fidélité', sv: 'Lojalitet' },
    sections: [
      'reward-points',
      'rewards',
      'programs',
      'schemes',
      'simulator',
      'affiliations',
      'activity-types',
      'activity-awards',
    ],
  },
  {
    names: {
      en: 'Customers and cards',
      nl: 'Klanten en kaarten',
      fr: 'Clients et cartes',
      sv: 'Kunder och kort',
    },
    sections: ['customers', 'cards'],
  },
  {
    names: {
      en: 'Stores and products',
      nl: 'Winkels en producten',
      fr: 'Magasins et produits',
      sv: 'Butiker och produkter',
    },
    sections: ['stores', 'registers', 'quick-keys', 'staff', 'products', 'vat-rates'],
  },
  {
    names: { en: 'Operations', nl: 'Bedrijfsvoering', fr: 'Exploitation', sv: 'Drift' },
    sections: ['jobs', 'sync-health', 'review', 'reports', 'voids'],
  },
];
const EVERY_SECTION = GROUPS.flatMap((group) => group.sections);

const hrefsOf = (links: Locator) =>
  links.evaluateAll((found) => found.map((link) => link.getAttribute('href')));

/** Whether the page is wider than the window (a horizontal scroll bar). */
const scrollsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

/** The rows two boxes share, in pixels: above zero when they sit on one line. */
async function verticalOverlap(a: Locator, b: Locator): Promise<number> {
  const [first, second] = [await a.boundingBox(), await b.boundingBox()];
  if (!first || !second) throw new Error('a header part is not on the screen');
  const top = Math.max(first.y, second.y);
  const bottom = Math.min(first.y + first.height, second.y + second.height);
  return bottom - top;
}

/**
 * The console's shell at the counter's screen size (1366x768) in every language: the sections in
 * a sidebar grouped by what head office does, each once; a header on one line; no page wider than
 * the window. Screenshots of three sections in each language for a person to look at.
 */
test.describe("the head office console's shell", () => {
  let page: Page;

  test.beforeAll(async ({ store, tab }) => {
    page = tab;
    mkdirSync(SHOTS, { recursive: true });
    await page.goto(`${store.server.url}/hq`);
    await page.getByLabel('Staff id').fill('HQ1');
    await page.getByLabel('PIN').fill(PINS.hq);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Jobs', level: 2 }).waitFor();
  });

  test('reaches the sections by Tab in the order of the groups', async () => {
    const nav = page.getByRole('navigation', { name: NAV_NAME.en });
    await nav.getByRole('link').first().focus();
    for (const section of EVERY_SECTION) {
      await expect(page.locator(':focus')).toHaveAttribute('href', `#${section}`);
      await page.keyboard.press('Tab');
    }
  });

  for (const language of LANGUAGES) {
    test(`groups every section once, on one header line, in ${language}`, async () => {
      await page.getByLabel(/^(Language|Taal|Språk|Langue)/).selectOption(language);
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      const nav = page.getByRole('navigation', { name: NAV_NAME[language] });
      await page.evaluate(() => window.scrollTo(0, 0));

      expect((await hrefsOf(nav.getByRole('link'))).sort()).toEqual(
        EVERY_SECTION.map((section) => `#${section}`).sort(),
      );
      for (const group of GROUPS) {
        const name = group.names[language];
        await expect(nav.getByRole('heading', { name, exact: true, level: 2 })).toBeVisible();
        const links = nav.getByRole('list', { name, exact: true }).getByRole('link');
        expect(await hrefsOf(links)).toEqual(group.sections.map((section) => `#${section}`));
        // The whole sidebar fits in the window: no section hides below the fold.
        for (const link of await links.all()) await expect(link).toBeInViewport({ ratio: 1 });
      }

      const header = page.getByRole('banner');
      const title = header.getByRole('heading', { level: 1 });
      const signOut = header.getByRole('button');
      for (const part of [signOut, header.getByRole('combobox'), header.getByRole('paragraph')])
        expect(await verticalOverlap(title, part)).toBeGreaterThan(0);
      expect(await scrollsSideways(page)).toBe(false);
    });
  }

  for (const language of LANGUAGES) {
    test(`shows jobs, schemes and cards without a sideways scroll in ${language}`, async () => {
      await page.getByLabel(/^(Language|Taal|Språk|Langue)/).selectOption(language);
      const nav = page.getByRole('navigation', { name: NAV_NAME[language] });
      for (const section of ['jobs', 'schemes', 'cards']) {
        const link = nav.locator(`a[href="#${section}"]`);
        await link.click();
        await expect(link).toHaveAttribute('aria-current', 'page');
        const main = page.getByRole('main');
        await main.getByRole('heading', { level: 2 }).first().waitFor();
        // The page's own content, not only its title, before the picture is taken.
        await (
          section === 'schemes' ? main.getByRole('row').nth(1) : main.getByRole('button').first()
        ).waitFor();
        expect(await scrollsSideways(page)).toBe(false);
        await page.mouse.move(0, 0); // no hover look on the link just clicked
        await page.screenshot({ path: join(SHOTS, `console-${section}-${language}.png`) });
      }
    });
  }
});
