import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { cardNumberFor } from '../../shared/engine/cardNumbers';
import { facts } from '../../sync-server/src/db/schema';
import { PGLITE_CREATE_TIMEOUT } from '../server/helpers/backends';
import { PINS } from '../server/helpers/fixtures';
import { launchBrowser } from './helpers/browser';
import type { RegisterPage } from './helpers/registerPage';
import { startStoreServer, type StoreServer } from './helpers/storeServer';

const CARD = cardNumberFor({ prefix: '6004', sequenceDigits: 9 }, 5);

/**
 * A register in a plain browser (no desktop shell) with the network gone: the page reloads from
 * the copy its service worker kept, with the sale recorded offline still waiting in the outbox,
 * and sends it once the network is back.
 */
describe('a register page reloaded without the network', { timeout: 90_000 }, () => {
  let store: StoreServer;
  let browser: BrowserContext;
  let at: RegisterPage;

  beforeAll(async () => {
    store = await startStoreServer({
      products: [{ id: 'P1', name: 'Shoe', category: 'SHOES', priceMinor: 1299 }],
      cards: [CARD],
    });
    await store.runJob('distribution-1050');
    browser = await launchBrowser();
    at = await store.openRegister(browser, 'S1-R1');
    await at.signIn('C1', PINS.cashier);
  }, PGLITE_CREATE_TIMEOUT + 30_000);

  afterAll(async () => {
    await browser?.close();
    await store?.close();
  });

  it('comes back from the kept page and sends the offline sale when online again', async () => {
    await at.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
      timeout: 30_000,
    });
    await browser.setOffline(true);
    await expect.poll(() => at.status().textContent()).toMatch(/Offline/);
    await at.card(CARD);
    await at.scan('P1');
    await at.payCash();
    await at.complete();
    await at.nextSale();
    await expect.poll(() => at.status().textContent()).toMatch(/Outbox: 1/);

    await at.page.reload();
    await at.page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => at.status().textContent()).toMatch(/Offline · Outbox: 1/);
    await at.card(CARD);
    expect(await at.page.getByRole('alert').count()).toBe(0);

    await browser.setOffline(false);
    await at.waitOutboxEmpty();
    const stored = await store.server.database.db
      .select({ id: facts.id })
      .from(facts)
      .where(eq(facts.registerId, 'S1-R1'));
    expect(stored).toHaveLength(1);
  });
});
