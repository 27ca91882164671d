import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import type { CardSummary } from '../../shared/protocol/sync';
import { cardNumberFor } from '../../shared/engine/cardNumbers';
import { cards, productPrices, products, schemes } from '../../sync-server/src/db/schema';
import { postEntries } from '../../sync-server/src/ledger/post';
import { loadRewardPoints } from '../../sync-server/src/ledger/rewardPoints';
import { api } from '../../shared/protocol/api';
import { enrol } from '../server/helpers/fixtures';
import type { TestServer } from '../server/helpers/server';
import { expect, test, useOwnServer } from './fixtures';
import { callRoute, EVERY_API_CALL } from './helpers/routes';

type RegisterData = NonNullable<Window['registerData']>;

const CARD_COUNT = 40;
const cardNumber = (i: number) => cardNumberFor({ prefix: '6001', sequenceDigits: 9 }, 500 + i);

const status = (page: Page) => page.getByRole('status', { name: 'Sync status' });
const syncState = (page: Page) =>
  page.evaluate(async () => (window.registerData as RegisterData).engine.getState());
const productName = (page: Page, id: string) =>
  page.evaluate(
    async (product) =>
      (await (window.registerData as RegisterData).getItem('product', product))?.name,
    id,
  );

/** A scheme earning nothing, one product and CARD_COUNT cards with 100 + i points posted each. */
async function seed(server: TestServer): Promise<void> {
  const db = server.database.db;
  await db.insert(schemes).values({
    id: 'ALL',
    version: 1,
    programId: 'MAIN',
    status: 'active',
    earning: [],
    redemption: [],
  });
  await db.insert(products).values({ id: 'P1', name: 'Shoe', barcode: null, category: 'SHOES' });
  await db.insert(productPrices).values({ productId: 'P1', currency: 'USD', priceMinor: 1299 });
  await db.insert(cards).values(
    Array.from({ length: CARD_COUNT }, (_, i) => ({
      number: cardNumber(i),
      programId: 'MAIN',
      enrolmentSource: 'headOffice' as const,
    })),
  );
  const rewardPoints = await loadRewardPoints(server.database);
  const at = new Date(server.clock.now());
  await server.database.transaction((tx) =>
    postEntries(
      tx,
      Array.from({ length: CARD_COUNT }, (_, i) => ({
        id: randomUUID(),
        cardNumber: cardNumber(i),
        rewardPointId: 'STAR',
        kind: 'earn' as const,
        points: 100 + i,
        earnedAt: at,
        origin: 'online' as const,
      })),
      rewardPoints,
      at,
    ),
  );
}

useOwnServer(null);

/** The register in a real Chromium against the real server: first load, lookup, outbox, SSE. */
test.describe('the register syncing with its server', () => {
  test.beforeAll(async ({ store, tab: page }) => {
    await seed(store.server);
    await store.runJob('distribution-1050');
    const token = await enrol(store.server, store.hq, 'S1', 'S1-R1');
    await page.goto(`${store.server.url}/#token=${token}&store=S1&register=S1-R1`);
  });

  test('loads the snapshot with a progress bar that reaches the end', async ({ tab: page }) => {
    const bar = page.getByRole('progressbar', { name: 'Loading store data' });
    await bar.waitFor();
    const filled = async () => {
      const [value, max] = await Promise.all([bar.getAttribute('value'), bar.getAttribute('max')]);
      return Number(max) > 1 && value === max;
    };
    await expect.poll(filled, { timeout: 20_000 }).toBe(true);
    await expect.poll(async () => (await syncState(page)).phase).toBe('ready');
    expect(Number(await bar.getAttribute('max'))).toBeGreaterThanOrEqual(CARD_COUNT);
    await expect(status(page)).toHaveText(/Online · Outbox: 0 · Version 1/);
    // The address no longer carries the token.
    expect(page.url()).not.toContain('token=');
  });

  test("finds a card by number with the server's balance", async ({ store, tab: page }) => {
    const number = cardNumber(7);
    const card = await page.evaluate(
      (n) => (window.registerData as RegisterData).lookupCard(n),
      number,
    );
    const view = await callRoute(store.server, api.cards.get, {
      params: { number },
      token: store.hq,
    });
    const posted = view.body.balances.find((b) => b.rewardPoint === 'STAR')?.posted;
    const local = (card as CardSummary).lots.reduce((sum, lot) => sum + lot.remaining, 0);
    expect(posted).toBe(107);
    expect(local).toBe(posted);
    const missing = await page.evaluate(
      (n) => (window.registerData as RegisterData).lookupCard(n),
      cardNumber(CARD_COUNT + 1),
    );
    expect(missing).toBeNull();
    expect(
      await page.evaluate(
        async () => (await (window.registerData as RegisterData).getItem('product', 'P1'))?.price,
      ),
    ).toBe('12.99');
  });

  test('keeps facts written offline across a reload and pushes them when back online', async ({
    store,
    tab: page,
  }) => {
    const browser = page.context();
    await browser.setOffline(true);
    await expect(status(page)).toHaveText(/^Offline/);
    const [good, bad] = [randomUUID(), randomUUID()];
    await page.evaluate(
      async ([goodId, badId]) => {
        const data = window.registerData as RegisterData;
        const customer = (id: string, name: string, affiliations: string[]) =>
          data.recordFact({
            type: 'customer',
            id,
            customer: {
              id: `CU-${id.slice(0, 8)}`,
              name,
              email: null,
              phone: null,
              affiliations,
              blockedForEnrolment: false,
              subscriptions: { balanceUpdates: false, expiryWarnings: false, newsletter: false },
            },
          });
        await customer(badId as string, 'Unknown Affiliation', ['NOPE']);
        await customer(goodId as string, 'Offline Olivia', []);
      },
      [good, bad],
    );
    await expect(status(page)).toContainText('Outbox: 2');

    // Reload with the server out of reach (the page itself still loads).
    await page.route(EVERY_API_CALL, (route) => route.abort('internetdisconnected'));
    await browser.setOffline(false);
    await page.reload();
    await expect(status(page)).toHaveText(/Offline · Outbox: 2/);

    await page.unroute(EVERY_API_CALL);
    // The browser tells the page the network is back, as it does when a cable is plugged in.
    await browser.setOffline(true);
    await browser.setOffline(false);
    await expect(status(page)).toHaveText(/Online · Outbox: 0/, { timeout: 20_000 });

    await store.runJob('post-offline-earnings');
    const statuses = () =>
      page.evaluate(
        async (ids) => {
          const rows = await (window.registerData as RegisterData).db.facts.bulkGet(ids);
          return rows.map((row) => [row?.status, row?.reason]);
        },
        [good, bad],
      );
    await expect.poll(statuses).toEqual([
      ['posted', null],
      ['rejected', expect.stringContaining('NOPE')],
    ]);
    await expect(status(page)).toContainText('Rejected: 1');
  });

  test('hears of a new distribution version over SSE and pulls it without a reload', async ({
    store,
    tab: page,
  }) => {
    const before = (await syncState(page)).version;
    const db = store.server.database.db;
    await db.insert(products).values({ id: 'P2', name: 'Sock', barcode: null, category: 'SOCKS' });
    await db.insert(productPrices).values({ productId: 'P2', currency: 'USD', priceMinor: 500 });
    await store.runJob('distribution-1050');
    await expect.poll(() => productName(page, 'P2')).toBe('Sock');
    expect((await syncState(page)).version).toBeGreaterThan(before);
    await expect(status(page)).toContainText(`Version ${before + 1}`);
  });
});
