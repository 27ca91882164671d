import { randomUUID } from 'node:crypto';
import type { BrowserContext } from '@playwright/test';
import { cardNumberFor } from '../../shared/engine/cardNumbers';
import { api } from '../../shared/protocol/api';
import { customers, ledgerEntries } from '../../sync-server/src/db/schema';
import { postEntries } from '../../sync-server/src/ledger/post';
import { loadRewardPoints } from '../../sync-server/src/ledger/rewardPoints';
import { eq } from 'drizzle-orm';
import { engineEarning } from '../server/helpers/facts';
import { PINS } from '../server/helpers/fixtures';
import type { TestServer } from '../server/helpers/server';
import type { RegisterPage } from './helpers/registerPage';
import type { StoreServer } from './helpers/storeServer';
import { expect, test, useOwnServer } from './fixtures';
import { callRoute, routeGlob, EVERY_API_CALL } from './helpers/routes';

const card = (i: number) => cardNumberFor({ prefix: '6002', sequenceDigits: 9 }, 100 + i);
const RICH = card(1); // 500 stars posted
const PLAIN = card(2);
const SHARED = card(3);
const DUO = card(4); // 400 stars posted, redeemed at two registers at once
const starsOf = (earned: Record<string, number>) => earned['STAR'] ?? 0;
/** What the engine alone says a basket of P1 shoes (12.99 each) earns on a BASE card. */
const earnedFor = (quantity: number, paid?: string) =>
  starsOf(
    engineEarning({
      card: PLAIN,
      lines: [
        {
          id: '1',
          product: 'P1',
          category: 'SHOES',
          quantity,
          net: ((1299 * quantity) / 100).toFixed(2),
          ...(paid ? { paid } : {}),
        },
      ],
    }).earning.earned,
  );

useOwnServer({
  products: [
    { id: 'P1', name: 'Shoe', barcode: '4006381333931', category: 'SHOES', priceMinor: 1299 },
    { id: 'P2', name: 'Sock', category: 'SOCKS', priceMinor: 350 },
  ],
  cards: [RICH, PLAIN, SHARED, DUO],
});

/**
 * Cashiers and managers at two registers of one store, in real Chromium against the real server:
 * sales earn the scheme's points, offline sales and card issues sync later, online redemption is
 * reserved once, returns reverse stored points, and a reload loses no completed sale.
 */
test.describe('selling at the register', () => {
  let store: StoreServer;
  let server: TestServer;
  let first: BrowserContext;
  let one: RegisterPage;
  let two: RegisterPage;
  let hq: string;

  const runJob = (name: string) => store.runJob(name);
  const posted = async (number: string) => {
    const view = await callRoute(server, api.cards.get, { params: { number }, token: hq });
    return view.body.balances.find((b) => b.rewardPoint === 'STAR')?.posted ?? 0;
  };

  test.beforeAll(async ({ store: started, openRegister }) => {
    store = started;
    ({ server, hq } = store);
    const at = new Date(server.clock.now());
    const rewardPoints = await loadRewardPoints(server.database);
    const adjust = (cardNumber: string, points: number) => ({
      id: randomUUID(),
      cardNumber,
      rewardPointId: 'STAR',
      kind: 'adjust' as const,
      points,
      earnedAt: at,
      origin: 'online' as const,
    });
    await server.database.transaction(async (tx) =>
      postEntries(tx, [adjust(RICH, 500), adjust(DUO, 400)], rewardPoints, at),
    );
    await runJob('distribution-1050');
    one = await openRegister('S1-R1');
    two = await openRegister('S1-R2');
    first = one.page.context();
  });

  test("refuses a wrong PIN, signs a cashier in offline-capable, and a typo'd card at once", async () => {
    const form = one.page.getByRole('form', { name: 'Sign in' });
    await form.getByLabel('Staff ID').fill('C1');
    await form.getByLabel('PIN').fill('0000');
    await form.getByRole('button', { name: 'Sign in' }).click();
    await expect(one.page.getByRole('alert')).toHaveText(/do not match/);
    await one.signIn('C1', PINS.cashier);
    const typo = PLAIN.slice(0, -1) + String((Number(PLAIN.at(-1)) + 1) % 10);
    await one.card(typo);
    await expect(one.page.getByRole('alert')).toHaveText(/check digit/);
  });

  test("earns the scheme's points on a sale with a card", async () => {
    await one.card(PLAIN);
    await one.page.getByRole('region', { name: 'Card' }).waitFor();
    await one.scan('4006381333931');
    await one.scan('P1');
    const expected = earnedFor(2);
    expect(expected).toBeGreaterThan(0);
    await expect.poll(() => one.salePoints()).toBe(expected);
    await one.page.getByRole('button', { name: 'Line actions: Shoe' }).click();
    await one.page.getByRole('menuitem', { name: 'Why? (Shoe)' }).click();
    await expect(
      one.page.getByRole('list', { name: 'Rules that earned points for Shoe' }),
    ).toContainText(`SCH, earning line E1: ${expected} points`);
    await one.payCash();
    await one.complete();
    await expect(one.page.getByTestId('receipt-points')).toContainText(
      `Points earned: ${expected} STAR (pending)`,
    );
    await one.waitOutboxEmpty();
    await runJob('post-offline-earnings');
    expect(await posted(PLAIN)).toBe(expected);
    await one.nextSale();
  });

  test('reserves points online once, even when the tender is retried', async () => {
    let dropped = 0;
    await one.page.route(routeGlob(api.sync.reserve), async (route) => {
      if (dropped > 0) return route.continue();
      dropped++;
      await route.fetch(); // the server reserves...
      await route.abort('connectionreset'); // ...but its answer never arrives
    });
    await one.card(RICH);
    await one.scan('P1');
    await expect.poll(() => one.number('can-cover')).toBe(500);
    await one.page.getByRole('textbox', { name: 'Amount', exact: true }).fill('3.00');
    await one.page.getByRole('button', { name: 'Pay with points' }).click();
    await expect(one.page.getByRole('list', { name: 'Paid so far' })).toHaveText(/reserved/);
    await one.payCash();
    await one.complete();
    await one.page.unroute(routeGlob(api.sync.reserve));
    const spends = await server.database.db
      .select()
      .from(ledgerEntries)
      .where(eq(ledgerEntries.cardNumber, RICH));
    expect(spends.filter((e) => e.kind === 'redeem').map((e) => e.points)).toEqual([-300]);
    await one.waitOutboxEmpty();
    await runJob('post-offline-earnings');
    expect(await posted(RICH)).toBe(500 - 300 + earnedFor(1, '3.00'));
    await one.nextSale();
  });

  test('goes on selling offline with pending points; a manager issues a card offline', async () => {
    await one.signOut();
    await one.signIn('M1', PINS.manager);
    await one.screen('Cards');
    await expect(one.page.getByRole('form', { name: 'Issue a card' })).toHaveText(
      /[1-9]\d* card numbers left/,
    );
    await first.setOffline(true);
    await expect(one.status()).toHaveText(/Offline/);
    await one.page.getByRole('button', { name: 'Issue card' }).click();
    const issued = one.page.getByRole('status', { name: 'Card issued' });
    await expect(issued).toHaveText(/Card \d+ issued/);
    const newCard = /Card (\d+) issued/.exec((await issued.textContent()) ?? '')?.[1] ?? '';
    await expect(one.page.getByRole('button', { name: 'Adjust balance' })).toBeDisabled();
    // A card for a new customer who takes the newsletter, also offline.
    const issueForm = one.page.getByRole('form', { name: 'Issue a card' });
    await issueForm.getByLabel('New customer').check();
    await issueForm.getByLabel('Name').fill('Nora Newsletter');
    await issueForm.getByLabel('Takes the newsletter').check();
    await one.page.getByRole('button', { name: 'Issue card' }).click();
    await expect(issued).not.toHaveText(`Card ${newCard} issued`);
    await expect(issueForm.getByLabel('Takes the newsletter')).not.toBeChecked();

    await one.screen('Sale');
    await one.card(SHARED);
    await one.scan('P1');
    await one.payCash();
    await one.complete();
    await expect(one.page.getByTestId('receipt-points')).toContainText(
      `Points earned: ${earnedFor(1)} STAR (pending)`,
    );
    await expect.poll(() => one.number('pending-STAR')).toBe(earnedFor(1));
    await one.nextSale();
    await one.card(newCard);
    await one.scan('P1');
    await one.payCash();
    await one.complete();
    await one.nextSale();

    await first.setOffline(false);
    await one.waitOutboxEmpty();
    await runJob('post-offline-earnings');
    await runJob('distribution-1050');
    expect(await posted(SHARED)).toBe(earnedFor(1));
    expect(await posted(newCard)).toBe(earnedFor(1));
    const [subscriber] = await server.database.db
      .select()
      .from(customers)
      .where(eq(customers.name, 'Nora Newsletter'));
    expect(subscriber).toMatchObject({ newsletter: true });
    await one.card(SHARED);
    await expect.poll(() => one.number('available-STAR'), { timeout: 20_000 }).toBe(earnedFor(1));
    await expect.poll(() => one.number('pending-STAR')).toBe(0);
  });

  test('converges two registers of one store on the same balances', async () => {
    await two.signIn('C1', PINS.cashier);
    await two.card(SHARED);
    await two.scan('P1');
    await two.scan('P1');
    await two.payCash();
    await two.complete();
    await two.waitOutboxEmpty();
    await runJob('post-offline-earnings');
    await runJob('distribution-1050');
    const expected = earnedFor(1) + earnedFor(2);
    expect(await posted(SHARED)).toBe(expected);
    await two.nextSale();
    await two.card(SHARED);
    await one.screen('Sale');
    await one.card(SHARED);
    for (const at of [one, two])
      await expect.poll(() => at.number('available-STAR'), { timeout: 20_000 }).toBe(expected);
  });

  test('reverses exactly the stored points of returned items', async () => {
    await one.screen('Returns');
    const receipts = one.page.getByRole('list', { name: 'Receipts at this register' });
    await receipts.getByRole('button', { name: new RegExp(`card ${PLAIN}`) }).click();
    await one.page.getByLabel(/Shoe \(up to 2\)/).fill('1');
    await one.page.getByRole('button', { name: 'Return selected items' }).click();
    const stored = earnedFor(2);
    const back = stored - Math.floor(stored / 2) === 0 ? 0 : Math.floor(stored / 2);
    await expect(one.page.getByRole('article', { name: 'Receipt' })).toContainText(
      `Points reversed: -${back} STAR`,
    );
    await one.waitOutboxEmpty();
    await runJob('post-offline-earnings');
    expect(await posted(PLAIN)).toBe(stored - back);
  });

  test('loses no completed sale when the page reloads in the middle of the next one', async () => {
    await one.screen('Sale');
    // The server out of reach, though the page itself still loads.
    await one.page.route(EVERY_API_CALL, (route) => route.abort('internetdisconnected'));
    await one.card(PLAIN);
    await one.scan('P2');
    await one.payCash();
    await one.complete();
    await one.nextSale();
    await one.scan('P1');
    await one.page.reload();
    await one.page.getByRole('table', { name: 'Basket' }).waitFor();
    await expect(one.page.getByRole('row', { name: 'Shoe' })).toHaveCount(1);
    await expect(one.status()).toHaveText(/Outbox: 1/);
    await one.page.unroute(EVERY_API_CALL);
    await first.setOffline(true);
    await first.setOffline(false);
    await one.waitOutboxEmpty();
    await runJob('post-offline-earnings');
    const sock = starsOf(
      engineEarning({
        card: PLAIN,
        lines: [{ id: '1', product: 'P2', category: 'SOCKS', net: '3.50' }],
      }).earning.earned,
    );
    expect(await posted(PLAIN)).toBe(earnedFor(2) - Math.floor(earnedFor(2) / 2) + sock);
  });

  test('refuses the second of two registers paying with the same points online', async () => {
    await one.card(DUO);
    await two.card(DUO);
    await two.scan('P1');
    for (const at of [one, two]) await expect.poll(() => at.number('can-cover')).toBe(400);
    await one.page.getByRole('textbox', { name: 'Amount', exact: true }).fill('3.00');
    await one.page.getByRole('button', { name: 'Pay with points' }).click();
    await expect(one.page.getByRole('list', { name: 'Paid so far' })).toHaveText(/reserved/);
    await two.page.getByRole('textbox', { name: 'Amount', exact: true }).fill('3.00');
    await two.page.getByRole('button', { name: 'Pay with points' }).click();
    await expect(two.page.getByRole('alert')).toHaveText(/Not enough points: they can pay \$1\.00/);
    await two.page.getByRole('textbox', { name: 'Amount', exact: true }).fill('');
    for (const at of [one, two]) {
      await at.payCash();
      await at.complete();
    }
    const entries = await server.database.db
      .select()
      .from(ledgerEntries)
      .where(eq(ledgerEntries.cardNumber, DUO));
    expect(entries.filter((e) => e.kind === 'redeem').map((e) => e.points)).toEqual([-300]);
  });
});
