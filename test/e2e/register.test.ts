import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardSummary } from '../../shared/protocol/sync';
import { cardNumberFor } from '../../shared/engine/cardNumbers';
import { cards, productPrices, products, schemes } from '../../sync-server/src/db/schema';
import type { JobRunRecord } from '../../sync-server/src/jobs/runner';
import { postEntries } from '../../sync-server/src/ledger/post';
import { loadRewardPoints } from '../../sync-server/src/ledger/rewardPoints';
import type { CardView } from '../../sync-server/src/cards/wire';
import { pgliteBackend, PGLITE_CREATE_TIMEOUT, type TestBackend } from '../server/helpers/backends';
import { enrol, seedBasics, signIn } from '../server/helpers/fixtures';
import { startTestServer, type TestServer } from '../server/helpers/server';
import { launchBrowser } from './helpers/browser';

type RegisterData = NonNullable<Window['registerData']>;

const CARD_COUNT = 40;
const cardNumber = (i: number) => cardNumberFor({ prefix: '6001', sequenceDigits: 9 }, 500 + i);

/** The register in a real Chromium against the real server: first load, lookup, outbox, SSE. */
describe('the register syncing with its server', () => {
  let backend: TestBackend;
  let server: TestServer;
  let browser: BrowserContext;
  let page: Page;
  let hq: string;

  const runJob = async (name: string) => {
    const run = await server.call<JobRunRecord>('POST', `/api/jobs/${name}/run`, { token: hq });
    expect(run.body.status).toBe('succeeded');
  };
  const status = () => page.getByRole('status', { name: 'Sync status' });
  const inPage = <T>(fn: () => Promise<T>) => page.evaluate(fn);
  const syncState = () =>
    inPage(async () => (window.registerData as RegisterData).engine.getState());

  beforeAll(async () => {
    backend = await pgliteBackend();
    server = await startTestServer(backend);
    await seedBasics(server.database);
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
    hq = await signIn(server, 'hq');
    await runJob('distribution-1050');
    const token = await enrol(server, hq, 'S1', 'S1-R1');
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(`${server.url}/#token=${token}&store=S1&register=S1-R1`);
  }, PGLITE_CREATE_TIMEOUT + 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await backend?.remove();
  });

  it('loads the snapshot with a progress bar that reaches the end', async () => {
    const bar = page.getByRole('progressbar', { name: 'Loading store data' });
    await bar.waitFor();
    const filled = async () => {
      const [value, max] = await Promise.all([bar.getAttribute('value'), bar.getAttribute('max')]);
      return Number(max) > 1 && value === max;
    };
    await expect.poll(filled, { timeout: 20_000 }).toBe(true);
    await expect.poll(async () => (await syncState()).phase).toBe('ready');
    expect(Number(await bar.getAttribute('max'))).toBeGreaterThanOrEqual(CARD_COUNT);
    await expect.poll(() => status().textContent()).toMatch(/Online · Outbox: 0 · Version 1/);
    // The address no longer carries the token.
    expect(page.url()).not.toContain('token=');
  });

  it("finds a card by number with the server's balance", async () => {
    const number = cardNumber(7);
    const card = await page.evaluate(
      (n) => (window.registerData as RegisterData).lookupCard(n),
      number,
    );
    const view = await server.call<CardView>('GET', `/api/cards/${number}`, { token: hq });
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
      await inPage(
        async () => (await (window.registerData as RegisterData).getItem('product', 'P1'))?.price,
      ),
    ).toBe('12.99');
  });

  it('keeps facts written offline across a reload and pushes them when back online', async () => {
    await browser.setOffline(true);
    await expect.poll(() => status().textContent()).toMatch(/^Offline/);
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
              subscriptions: { balanceUpdates: false, expiryWarnings: false },
            },
          });
        await customer(badId as string, 'Unknown Affiliation', ['NOPE']);
        await customer(goodId as string, 'Offline Olivia', []);
      },
      [good, bad],
    );
    await expect.poll(() => status().textContent()).toMatch(/Outbox: 2/);

    // Reload with the server out of reach (the page itself still loads).
    await page.route('**/api/**', (route) => route.abort('internetdisconnected'));
    await browser.setOffline(false);
    await page.reload();
    await expect.poll(() => status().textContent()).toMatch(/Offline · Outbox: 2/);

    await page.unroute('**/api/**');
    // The browser tells the page the network is back, as it does when a cable is plugged in.
    await browser.setOffline(true);
    await browser.setOffline(false);
    await expect
      .poll(() => status().textContent(), { timeout: 20_000 })
      .toMatch(/Online · Outbox: 0/);

    await runJob('post-offline-earnings');
    const statuses = () =>
      page.evaluate(
        async (ids) => {
          const rows = await (window.registerData as RegisterData).db.facts.bulkGet(ids);
          return rows.map((row) => [row?.status, row?.reason]);
        },
        [good, bad],
      );
    await expect.poll(statuses, { timeout: 10_000 }).toEqual([
      ['posted', null],
      ['rejected', expect.stringContaining('NOPE')],
    ]);
    await expect.poll(() => status().textContent()).toMatch(/Rejected: 1/);
  });

  it('hears of a new distribution version over SSE and pulls it without a reload', async () => {
    const before = (await syncState()).version;
    await server.database.db
      .insert(products)
      .values({ id: 'P2', name: 'Sock', barcode: null, category: 'SOCKS' });
    await server.database.db
      .insert(productPrices)
      .values({ productId: 'P2', currency: 'USD', priceMinor: 500 });
    await runJob('distribution-1050');
    await expect
      .poll(
        () =>
          inPage(
            async () =>
              (await (window.registerData as RegisterData).getItem('product', 'P2'))?.name,
          ),
        {
          timeout: 10_000,
        },
      )
      .toBe('Sock');
    expect((await syncState()).version).toBeGreaterThan(before);
    await expect.poll(() => status().textContent()).toContain(`Version ${before + 1}`);
  });
});
