import { and, eq } from 'drizzle-orm';
import type { BrowserContext } from '@playwright/test';
import { cardNumberFor } from '../../shared/engine/cardNumbers';
import { ledgerEntries } from '../../sync-server/src/db/schema';
import { enrol, PINS, signIn } from '../server/helpers/fixtures';
import { registerPage, type RegisterPage } from './helpers/registerPage';
import type { StoreServer } from './helpers/storeServer';
import { expect, test } from './fixtures';
import { api } from '../../shared/protocol/api';
import { callRoute } from './helpers/routes';

test.describe.configure({ mode: 'serial' });

const CARD = cardNumberFor({ prefix: '6002', sequenceDigits: 9 }, 301);
// Store S1 keeps Amsterdam time: 11:00 local on a Saturday, then on the Monday after.
const SATURDAY = Date.parse('2026-03-07T10:00:00Z');
const MONDAY = Date.parse('2026-03-09T10:00:00Z');

test.use({
  shelf: {
    products: [{ id: 'P1', name: 'Shoe', category: 'SHOES', priceMinor: 2000 }],
    cards: [CARD],
  },
});

/**
 * Head office adds a weekend promotion; after process schemes and 1050 a register earns the base
 * scheme's points and the promotion's on Saturday, the base alone on Monday (the register's and
 * the server's clocks both set), and the post job posts exactly those.
 */
test.describe('a weekend promotion', () => {
  let context: BrowserContext;
  let at: RegisterPage;

  // Sessions do not outlive days of the moved clock: head office signs in at each step.
  const runJob = async (store: StoreServer, name: string) => {
    const run = await callRoute(store.server, api.jobs.run, {
      params: { name },
      token: await signIn(store.server, 'hq'),
    });
    expect(run.body.status).toBe('succeeded');
  };

  test.beforeAll(async ({ store, browser }) => {
    store.server.clock.set(SATURDAY - 86_400_000);
    const hq = await signIn(store.server, 'hq');
    const created = await callRoute(store.server, api.hq.schemes.create, {
      token: hq,
      body: {
        id: 'WEEKEND',
        name: 'Weekend bonus',
        program: 'MAIN',
        validFrom: null,
        validTo: null,
        stores: [],
        days: ['sat', 'sun'],
        earning: [
          {
            id: 'W1',
            tier: null,
            affiliation: null,
            activity: 'salesAmount',
            filter: null,
            per: '1.00',
            rewardPoint: 'STAR',
            points: 5,
          },
        ],
        redemption: [],
        excludedAffiliations: [],
      },
    });
    expect(created.status).toBe(201);
    const activated = await callRoute(store.server, api.hq.schemes.activate, {
      params: { id: 'WEEKEND', version: 1 },
      token: hq,
    });
    expect(activated.status).toBe(200);
    await runJob(store, 'process-loyalty-schemes');
    await runJob(store, 'distribution-1050');

    store.server.clock.set(SATURDAY);
    context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await context.clock.install({ time: SATURDAY });
    const token = await enrol(store.server, await signIn(store.server, 'hq'), 'S1', 'S1-R1');
    const page = await context.newPage();
    await page.goto(`${store.server.url}/#token=${token}&store=S1&register=S1-R1`);
    at = registerPage(page);
    await expect(at.status()).toContainText('Online', { timeout: 30_000 });
    await at.signIn('C1', PINS.cashier);
  });

  test.afterAll(async () => {
    await context?.close();
  });

  const sellOneShoe = async () => {
    await at.card(CARD);
    await at.scan('P1');
    await expect(at.page.getByRole('row', { name: 'Shoe' })).toBeVisible();
  };

  test('earns the base and the promotion on Saturday, and says why', async () => {
    await sellOneShoe();
    // 20.00: 10 per 1.00 under the test scheme, 5 per 1.00 under the promotion.
    await expect.poll(() => at.salePoints()).toBe(300);
    await at.page.getByRole('button', { name: 'Line actions: Shoe' }).click();
    await at.page.getByRole('menuitem', { name: 'Why? (Shoe)' }).click();
    const why = at.page.getByRole('list', { name: 'Rules that earned points for Shoe' });
    await expect(why).toContainText('SCH, earning line E1: 200 points');
    await expect(why).toContainText('Weekend bonus, earning line W1: 100 points');
    await at.page.screenshot({ path: 'test-results/promotion-saturday.png' });
    await at.payCash();
    await at.complete();
    await at.waitOutboxEmpty();
    await at.nextSale();
  });

  test('earns the base alone on Monday', async ({ store }) => {
    store.server.clock.set(MONDAY);
    await context.clock.setSystemTime(MONDAY);
    await sellOneShoe();
    await expect.poll(() => at.salePoints()).toBe(200);
    await at.payCash();
    await at.complete();
    await at.waitOutboxEmpty();
  });

  test('the post job posts exactly those', async ({ store }) => {
    await runJob(store, 'post-offline-earnings');
    const earned = await store.server.database.db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.cardNumber, CARD), eq(ledgerEntries.kind, 'earn')));
    expect(
      earned
        .map(
          (e) => `${e.status} ${e.earnedAt.toISOString().slice(0, 10)} ${e.schemeId} ${e.points}`,
        )
        .sort(),
    ).toEqual([
      'posted 2026-03-07 SCH 200',
      'posted 2026-03-07 WEEKEND 100',
      'posted 2026-03-09 SCH 200',
    ]);
  });
});
