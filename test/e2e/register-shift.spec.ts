import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { cardNumberFor } from '../../shared/engine/cardNumbers';
import { cards, customers, facts, stores } from '../../sync-server/src/db/schema';
import { postEntries } from '../../sync-server/src/ledger/post';
import { loadRewardPoints } from '../../sync-server/src/ledger/rewardPoints';
import { PINS } from '../server/helpers/fixtures';
import type { RegisterPage } from './helpers/registerPage';
import { expect, test } from './fixtures';
import { api } from '../../shared/protocol/api';
import { callRoute } from './helpers/routes';

const card = (i: number) => cardNumberFor({ prefix: '6002', sequenceDigits: 9 }, 300 + i);
const RICH = card(1); // Rita Rich's card, 500 stars posted: points pay $5.00
const PLAIN = card(2); // no points
const SHOE = '4006381333931';
const SOCK = '5901234123457';
const CAP = '8710000000002';
const VIEWPORT = { width: 1366, height: 768 };
/** Screenshots go to docs/screens when SCREENS=docs, else to the system's temporary folder. */
const SHOTS = process.env['SCREENS'] === 'docs' ? 'docs/screens' : join('/tmp', 'register-screens');

/**
 * A cashier's shift at 1366x768 by keyboard and scanner only (a scan is fast typing ending in
 * Enter, wherever focus is): scans, a quantity, a refused scan, a voided line, suspend and recall,
 * a customer found by name while offline, points then cash with change, a voided sale needing a manager's PIN, sign-out mid-sale. Total
 * and Due stay inside the viewport at every step, and the page never scrolls.
 */
test.describe.configure({ mode: 'serial' });
test.use({
  shelf: {
    products: [
      { id: 'P1', name: 'Running shoe', barcode: SHOE, category: 'SHOES', priceMinor: 1299 },
      { id: 'P2', name: 'Wool socks', barcode: SOCK, category: 'SOCKS', priceMinor: 350 },
      { id: 'P3', name: 'Cap', barcode: CAP, category: 'HATS', priceMinor: 1500 },
    ],
    cards: [RICH, PLAIN],
  },
});

test.describe('a whole shift at the register, keyboard and scanner only', () => {
  let at: RegisterPage;
  let page: Page;

  /** A keyboard-wedge scanner: the code typed fast, then Enter, into whatever has focus. */
  const scan = async (code: string) => {
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
  };
  /**
   * A scanner's burst into whatever field has focus, at a scanner's speed: key events sent from
   * inside the page (Playwright's own keys can be slowed by a busy machine past any scanner).
   */
  const scanBurst = (code: string) =>
    page.evaluate((text) => {
      const target = document.activeElement ?? document.body;
      for (const key of [...text, 'Enter'])
        target.dispatchEvent(
          new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }),
        );
    }, code);
  const message = () => page.getByLabel('Last scan');
  const scanField = () => page.getByLabel('Scan or type a code');
  const focusIsOnScan = () =>
    page.evaluate(
      () => document.activeElement?.getAttribute('aria-describedby') === 'scan-message',
    );
  const lineQuantity = (name: string) =>
    page.getByRole('row', { name }).locator('td').first().textContent();

  /**
   * Total and Due (or Change), and while a sale is open the tenders and Complete, are wholly on
   * screen, and the page itself does not scroll.
   */
  const assertFits = async (step: string, viewport = VIEWPORT) => {
    const due = page.locator('[data-testid="amount-due"], [data-testid="change"]');
    const payButtons = await page.locator('.tenders button.tender, .tenders button.complete').all();
    const parts = [
      ['Total', page.getByTestId('sale-total')],
      ['Due', due],
      ...payButtons.map((button, i) => [`pay button ${i + 1}`, button] as const),
    ] as const;
    for (const [name, locator] of parts) {
      const box = await locator.boundingBox();
      expect(box, `${name} at ${step}`).not.toBeNull();
      if (!box) return;
      expect(box.y, `${name} top at ${step}`).toBeGreaterThanOrEqual(0);
      expect(box.x, `${name} left at ${step}`).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height, `${name} bottom at ${step}`).toBeLessThanOrEqual(viewport.height);
      expect(box.x + box.width, `${name} right at ${step}`).toBeLessThanOrEqual(viewport.width);
    }
    const scrolls = await page.evaluate(
      () =>
        document.documentElement.scrollHeight > window.innerHeight ||
        document.documentElement.scrollWidth > window.innerWidth,
    );
    expect(scrolls, `page scroll at ${step}`).toBe(false);
  };
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

  const signInByKeys = async (staff: string, pin: string) => {
    await page.getByLabel('Staff ID').waitFor();
    // The form takes Enter once the store's staff list has loaded.
    await expect.poll(() => page.getByText('The store data is still loading').count()).toBe(0);
    await page.keyboard.type(staff);
    await page.keyboard.press('Tab');
    await page.keyboard.type(pin);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  };

  test.beforeAll(async ({ store }) => {
    mkdirSync(SHOTS, { recursive: true });
    const { server } = store;
    // Voids above $20.00 need a manager's PIN at S1.
    await server.database.db
      .update(stores)
      .set({
        profile: {
          generateCardNumbers: true,
          offlineEarning: true,
          offlineRedemption: null,
          voidApprovalAbove: '20.00',
        },
      })
      .where(eq(stores.id, 'S1'));
    await server.database.db.insert(customers).values({ id: 'CU-RITA', name: 'Rita Rich' });
    await server.database.db
      .update(cards)
      .set({ customerId: 'CU-RITA' })
      .where(eq(cards.number, RICH));
    const rewardPoints = await loadRewardPoints(server.database);
    const now = new Date(server.clock.now());
    await server.database.transaction(async (tx) =>
      postEntries(
        tx,
        [
          {
            id: randomUUID(),
            cardNumber: RICH,
            rewardPointId: 'STAR',
            kind: 'adjust' as const,
            points: 500,
            earnedAt: now,
            origin: 'online' as const,
          },
        ],
        rewardPoints,
        now,
      ),
    );
    await store.runJob('distribution-1050');
  });

  test.beforeEach(({ register }) => {
    at = register;
    page = register.page;
  });

  test('signs in and scans straight away: focus is on the scan field', async () => {
    await signInByKeys('C1', PINS.cashier);
    await expect.poll(focusIsOnScan).toBe(true);
    await scan(SHOE);
    await expect.poll(() => lineQuantity('Running shoe')).toBe('1');
    await assertFits('first scan');
  });

  test('takes a quantity typed before a scan, and a scan while focus is elsewhere', async () => {
    await page.keyboard.type('3*');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('pending-quantity').textContent()).toBe('3 ×');
    await scan(SOCK);
    await expect.poll(() => lineQuantity('Wool socks')).toBe('3');
    // Focus in the amount field: a scan still goes to the basket, the amount stays empty.
    const amount = page.getByRole('textbox', { name: 'Amount', exact: true });
    await amount.focus();
    await scanBurst(CAP);
    await expect.poll(() => lineQuantity('Cap')).toBe('1');
    expect(await amount.inputValue()).toBe('');
    await expect.poll(focusIsOnScan).toBe(true);
    await assertFits('three lines');
  });

  test('clears a refused scan so the next one is not glued to it; its message stays', async () => {
    await scan('9999999999990');
    await expect
      .poll(() => message().textContent())
      .toContain('No product with code or barcode 9999999999990');
    expect(await scanField().inputValue()).toBe('');
    await scan(SHOE);
    await expect.poll(() => lineQuantity('Running shoe')).toBe('2');
    await assertFits('refused scan');
  });

  test('voids the selected line with a reason', async () => {
    // The shoe, scanned again last, is selected; the socks are the next line down.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('F4');
    const dialog = page.getByRole('dialog', { name: 'Void the line Wool socks' });
    await dialog.waitFor();
    await page.keyboard.press('2');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('row', { name: 'Wool socks' }).count()).toBe(0);
    await expect.poll(focusIsOnScan).toBe(true);
    await assertFits('line voided');
  });

  test('suspends the basket and recalls it', async () => {
    await page.keyboard.press('F11');
    await expect.poll(() => page.getByRole('row', { name: 'Cap' }).count()).toBe(0);
    await shot('suspended');
    await page.keyboard.press('Shift+F11');
    const list = page.getByRole('list', { name: 'Suspended sales' });
    await expect.poll(() => list.textContent()).toMatch(/\$40\.98 · 2 lines · C1/);
    await page.keyboard.press('1');
    await expect.poll(() => lineQuantity('Cap')).toBe('1');
    await expect.poll(() => lineQuantity('Running shoe')).toBe('2');
    await expect.poll(focusIsOnScan).toBe(true);
    await assertFits('recalled');
  });

  test('finds the customer by name while offline and takes her card, by keyboard', async () => {
    await page.context().setOffline(true);
    await expect(at.status()).toContainText(/^Offline/, { timeout: 30_000 });
    await page.keyboard.press('Shift+F6');
    await page.keyboard.type('rita');
    await page.keyboard.press('Enter');
    const found = page.getByRole('list', { name: 'Customers found' });
    await expect(found.getByRole('button')).toHaveCount(1);
    await expect(found).toContainText('Rita Rich');
    await assertFits('customer found');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('region', { name: 'Card' })).toContainText(RICH);
    await expect(page.getByRole('region', { name: 'Card' })).toContainText('Rita Rich');
    await expect.poll(focusIsOnScan).toBe(true);
    await assertFits('customer card taken');
    // Paying with points needs the server at this store.
    await page.context().setOffline(false);
    await at.status().filter({ hasText: 'Online' }).waitFor({ timeout: 30_000 });
  });

  test('says what is missing when F9 is pressed with money due', async () => {
    await page.keyboard.press('F9');
    await expect.poll(() => message().textContent()).toContain('$40.98 is still due');
    await assertFits('complete refused');
  });

  test('pays with as many points as can pay, then cash with change, and completes', async () => {
    await expect.poll(() => at.number('can-cover')).toBe(500);
    await page.keyboard.press('F10');
    await expect
      .poll(() => page.getByRole('list', { name: 'Paid so far' }).textContent())
      .toMatch(/\$5\.00/);
    await expect.poll(() => page.getByTestId('amount-due').textContent()).toBe('$35.98');
    await shot('points-paid');
    await page.keyboard.type('50');
    await page.keyboard.press('F8');
    await expect.poll(() => page.getByTestId('change').textContent()).toBe('$14.02');
    await assertFits('change');
    await page.keyboard.press('F9');
    await page.getByRole('article', { name: 'Receipt' }).waitFor();
    await assertFits('receipt');
    await shot('receipt');
  });

  test('clears an amount typed for a refused points tender: F8 then takes what is due', async () => {
    await scan(PLAIN);
    await scan(SHOE);
    await page.keyboard.type('3.00');
    await page.keyboard.press('F10');
    await expect.poll(() => message().textContent()).toMatch(/points/i);
    await page.keyboard.press('F8');
    await expect
      .poll(() => page.getByRole('list', { name: 'Paid so far' }).textContent())
      .toContain('Cash: $12.99');
    await page.keyboard.press('F9');
    await page.getByRole('article', { name: 'Receipt' }).waitFor();
  });

  test("voids a whole sale above the store's limit with a manager's PIN", async () => {
    await scan(CAP);
    await scan(CAP);
    await page.keyboard.press('Shift+F4');
    await page.getByRole('dialog', { name: 'Void the whole sale' }).waitFor();
    await page.keyboard.type(PINS.cashier);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByRole('dialog').getByRole('alert').textContent())
      .toContain('not a manager PIN');
    await page.keyboard.type(PINS.manager);
    await page.keyboard.press('Enter');
    await expect.poll(() => message().textContent()).toContain('Sale voided');
    await expect.poll(() => page.getByRole('row', { name: 'Cap' }).count()).toBe(0);
    await assertFits('sale voided');
  });

  test('puts the basket aside at sign-out: the next cashier starts empty', async () => {
    await scan(SOCK);
    await page.getByRole('button', { name: 'Sign out' }).press('Enter');
    await signInByKeys('M1', PINS.manager);
    await expect.poll(focusIsOnScan).toBe(true);
    expect(await page.getByRole('row', { name: 'Wool socks' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Sign out' }).press('Enter');
    await signInByKeys('C1', PINS.cashier);
    await page.keyboard.press('Shift+F11');
    await page.getByRole('list', { name: 'Suspended sales' }).waitFor();
    await page.keyboard.press('1');
    await expect.poll(() => lineQuantity('Wool socks')).toBe('1');
    await assertFits('back after sign-out');
  });

  test('sends the voids to the server, which lists them for head office', async ({ store }) => {
    await at.waitOutboxEmpty();
    const voids = await store.server.database.db
      .select({ body: facts.body, deviceTime: facts.deviceTime })
      .from(facts)
      .where(eq(facts.type, 'void'));
    const bodies = voids.map((row) => (row.body as { void: Record<string, unknown> }).void);
    expect(bodies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          scope: 'line',
          staff: 'C1',
          reason: 'customerChangedMind',
          total: '10.50',
          approvedBy: null,
        }),
        expect.objectContaining({
          scope: 'sale',
          staff: 'C1',
          reason: 'mistake',
          total: '30.00',
          approvedBy: 'M1',
        }),
      ]),
    );
    // The register's own clock dates its facts.
    const today = voids[0]?.deviceTime.toISOString().slice(0, 10) ?? '';
    const report = await callRoute(store.server, api.hq.reports.voids, {
      query: { from: today, to: today },
      token: store.hq,
    });
    expect(report.body.rows.map((row) => row.scope).sort()).toEqual(['line', 'sale']);
  });

  test('shows the sale screen in each language (screenshots at 1366x768)', async () => {
    await page.keyboard.press('Shift+F4');
    await page.getByRole('dialog', { name: 'Void the whole sale' }).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('row', { name: 'Wool socks' }).count()).toBe(0);
    await scan(PLAIN);
    await scan(SHOE);
    await scan('3*' + SOCK);
    await scan(CAP);
    // The last scan's message follows the language: said again in each, naming the product.
    const said = new Set<string>();
    for (const language of ['en', 'nl', 'sv', 'fr']) {
      await page.getByRole('combobox').selectOption(language);
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language);
      const message = () => page.locator('#scan-message').textContent();
      if (said.size > 0) await expect.poll(message).not.toBe([...said].at(-1));
      const text = (await message()) ?? '';
      expect(text, `the scan message in ${language}`).toContain('Cap');
      said.add(text);
      await assertFits(`language ${language}`);
      await shot(`sale-${language}`);
    }
    expect(said.size).toBe(4);
    await page.getByRole('combobox').selectOption('en');
  });

  test('fits at 1024x768 and on a 1920x1080 screen in every language, with the pending hint', async () => {
    // The card of the sale before has points pending: the card panel says so under its numbers.
    await expect(page.getByRole('region', { name: 'Card' }).locator('.hint')).toBeVisible();
    for (const viewport of [
      { width: 1024, height: 768 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(viewport);
      for (const language of ['en', 'nl', 'sv', 'fr']) {
        await page.getByRole('combobox').selectOption(language);
        await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language);
        const size = `${viewport.width}x${viewport.height}`;
        await assertFits(`language ${language} at ${size}`, viewport);
        if (language === 'nl') await shot(`sale-nl-${size}`);
      }
    }
    await page.setViewportSize(VIEWPORT);
    await page.getByRole('combobox').selectOption('en');
  });
});
