import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { desc, eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { facts, stores } from '../../sync-server/src/db/schema';
import { PINS } from '../server/helpers/fixtures';
import { expect, test, useOwnServer } from './fixtures';
import type { RegisterPage } from './helpers/registerPage';
import type { StoreServer } from './helpers/storeServer';

const SHOE = '4006381333931';
const VIEWPORT = { width: 1366, height: 768 };
/** Far from the machine's UTC: 12 or 13 hours ahead, often on the next day. */
const STORE_ZONE = 'Pacific/Auckland';
const MINUTE = 60_000;
const SHOTS = join('/tmp', 'register-screens');

useOwnServer({
  products: [
    { id: 'P1', name: 'Running shoe', barcode: SHOE, category: 'SHOES', priceMinor: 1299 },
  ],
});

/**
 * A register on a machine that runs UTC, its clock under the test's control, and every receipt it
 * sends to the printer kept in `window.printed` (the print frame is taken away before it prints).
 */
async function openUtcRegister(browser: Browser, store: StoreServer, register: string) {
  const context: BrowserContext = await browser.newContext({
    viewport: VIEWPORT,
    timezoneId: 'UTC',
  });
  await context.clock.install();
  await context.addInitScript(() => {
    const printed: string[] = [];
    (window as unknown as { printed: string[] }).printed = printed;
    new MutationObserver((changes) => {
      for (const change of changes)
        for (const node of change.addedNodes)
          if (node instanceof HTMLIFrameElement && node.srcdoc) {
            printed.push(node.srcdoc);
            node.remove();
          }
    }).observe(document, { childList: true, subtree: true });
  });
  return { context, at: await store.openRegister(context, register) };
}

/** An instant as the register should show it: the receipt's format, in the store's zone. */
const storeTimes = (page: Page, instants: number[]) =>
  page.evaluate(
    ({ zone, instants }) => {
      const format = new Intl.DateTimeFormat(document.documentElement.lang, {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: zone,
      });
      return instants.map((at) => format.format(at));
    },
    { zone: STORE_ZONE, instants },
  );

/**
 * Whether a text shows a time of the few minutes around an instant (by default the page's now) as
 * the store's wall clock read it.
 */
const showsStoreTimeAround = async (page: Page, text: string | null, around?: number) => {
  const base = around ?? (await page.evaluate(() => Date.now()));
  const times = await storeTimes(
    page,
    [-3, -2, -1, 0, 1].map((minutes) => base + minutes * MINUTE),
  );
  return times.some((time) => (text ?? '').includes(time));
};

/**
 * After a sale the receipt's two actions are on keys shown on their buttons (Ctrl+P prints, Enter
 * in the empty scan field or F9 again starts the next sale), and every time the register shows is
 * in its store's zone, whatever zone the machine runs in.
 */
test.describe('the receipt by keys, and times in the store zone', () => {
  let context: BrowserContext;
  let at: RegisterPage;
  let page: Page;

  const scanField = () => page.getByLabel('Scan or type a code');
  const receipt = () => page.getByRole('article', { name: 'Receipt' });
  const focusIsOnScan = () =>
    page.evaluate(
      () => document.activeElement?.getAttribute('aria-describedby') === 'scan-message',
    );
  const printed = () =>
    page.evaluate(() => (window as unknown as { printed: string[] }).printed.length);
  /** A one-line sale paid in cash and completed, by scanner and keys only. */
  const sellByKeys = async () => {
    await page.keyboard.type(SHOE);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('row', { name: /Running shoe/ })).toBeVisible();
    await page.keyboard.press('F8');
    await page.keyboard.press('F9');
    await receipt().waitFor();
  };

  test.beforeAll(async ({ browser, store }) => {
    mkdirSync(SHOTS, { recursive: true });
    await store.server.database.db
      .update(stores)
      .set({ timeZone: STORE_ZONE })
      .where(eq(stores.id, 'S1'));
    await store.runJob('distribution-1050');
    ({ context, at } = await openUtcRegister(browser, store, 'S1-R1'));
    page = at.page;
    await at.signIn('C1', PINS.cashier);
  });
  test.afterAll(async () => {
    await context.close();
  });

  test('prints the receipt with Ctrl+P and starts the next sale with Enter or F9', async () => {
    await expect.poll(focusIsOnScan).toBe(true);
    await sellByKeys();
    const toolbar = page.getByRole('toolbar', { name: 'Sale actions' });
    await expect(toolbar.getByRole('button', { name: /^Next sale/ }).locator('kbd')).toHaveText(
      'Enter',
    );
    await expect(
      receipt()
        .getByRole('button', { name: /^Print receipt/ })
        .locator('kbd'),
    ).toHaveText('Ctrl+P');
    // Nothing scrolls with the keys shown.
    const scrolls = await page.evaluate(
      () =>
        document.documentElement.scrollHeight > window.innerHeight ||
        document.documentElement.scrollWidth > window.innerWidth,
    );
    expect(scrolls).toBe(false);
    await page.screenshot({ path: join(SHOTS, 'receipt-keys.png') });

    await page.keyboard.press('Control+P');
    await expect.poll(printed).toBe(1);
    const number = (await receipt().getByTestId('receipt-number').textContent()) ?? '';
    expect(
      await page.evaluate(() => (window as unknown as { printed: string[] }).printed[0]),
    ).toContain(number);
    await expect.poll(focusIsOnScan).toBe(true);

    // Enter in the empty scan field: the next sale.
    await expect(scanField()).toHaveValue('');
    await page.keyboard.press('Enter');
    await expect(receipt()).toHaveCount(0);
    await expect(page.getByTestId('amount-due')).toHaveText('$0.00');

    // F9 again once the sale is complete: the next sale too.
    await sellByKeys();
    await page.keyboard.press('F9');
    await expect(receipt()).toHaveCount(0);
    await expect.poll(focusIsOnScan).toBe(true);

    // A scan on the receipt still starts the next sale with that product.
    await sellByKeys();
    await page.keyboard.type(SHOE);
    await page.keyboard.press('Enter');
    await expect(receipt()).toHaveCount(0);
    await expect(page.getByTestId('amount-due')).toHaveText('$12.99');
  });

  test("shows the receipt's time in the store's zone on a machine that runs UTC", async ({
    store,
  }) => {
    await sellByKeys();
    await at.waitOutboxEmpty();
    const [sale] = await store.server.database.db
      .select({ deviceTime: facts.deviceTime })
      .from(facts)
      .where(eq(facts.type, 'sale'))
      .orderBy(desc(facts.deviceTime))
      .limit(1);
    const [expected] = await storeTimes(page, [sale?.deviceTime.getTime() ?? NaN]);
    await expect(receipt()).toContainText(`${expected ?? ''} · S1 / S1-R1 · C1`);
    // The status bar's clock reads as the receipt does.
    await expect
      .poll(async () => showsStoreTimeAround(page, await page.locator('time.clock').textContent()))
      .toBe(true);
  });

  test("lists suspended sales and the last contact in the store's zone", async ({ store }) => {
    await page.keyboard.type(SHOE);
    await page.keyboard.press('Enter');
    await page.keyboard.press('F11');
    await expect(page.getByTestId('amount-due')).toHaveText('$0.00');
    await page.keyboard.press('Shift+F11');
    const list = page.getByRole('dialog', { name: /Suspended/ }).getByRole('listitem');
    // A basket put aside is stamped by the server's clock (the test's, which stands still).
    const serverNow = store.server.clock.now();
    await expect
      .poll(async () => showsStoreTimeAround(page, await list.first().textContent(), serverNow))
      .toBe(true);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);

    await page.locator('.status-button').click();
    const details = page.locator('.sync-details dd').first();
    await expect
      .poll(async () => showsStoreTimeAround(page, await details.textContent()))
      .toBe(true);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
  });

  test('turns the clock over on the minute, not up to 15 seconds later', async () => {
    const now = await page.evaluate(() => Date.now());
    // The next minute but one, so that pausing just before it is in the future.
    const turn = Math.ceil(now / MINUTE) * MINUTE + MINUTE;
    await context.clock.pauseAt(turn - 50);
    const [before, after] = await storeTimes(page, [turn - MINUTE, turn]);
    const clock = page.locator('time.clock');
    await expect(clock).toHaveText(before ?? '');
    await context.clock.runFor(50);
    await expect(clock).toHaveText(after ?? '');
    await context.clock.resume();
  });
});
