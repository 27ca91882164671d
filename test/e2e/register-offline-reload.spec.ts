import type { BrowserContext } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { cardNumberFor } from '../../shared/engine/cardNumbers';
import { facts } from '../../sync-server/src/db/schema';
import { PINS } from '../server/helpers/fixtures';
import type { RegisterPage } from './helpers/registerPage';
import type { StoreServer } from './helpers/storeServer';
import { expect, test, useOwnServer } from './fixtures';

const CARD = cardNumberFor({ prefix: '6004', sequenceDigits: 9 }, 5);

useOwnServer({
  products: [{ id: 'P1', name: 'Shoe', category: 'SHOES', priceMinor: 1299 }],
  cards: [CARD],
});

/**
 * A register in a plain browser (no desktop shell) with the network gone: the page reloads from
 * the copy its service worker kept, with the sale recorded offline still waiting in the outbox,
 * and sends it once the network is back.
 */
test.describe('a register page reloaded without the network', () => {
  let store: StoreServer;
  let browser: BrowserContext;
  let at: RegisterPage;

  test.beforeAll(async ({ store: started }) => {
    store = started;
    await store.runJob('distribution-1050');
  });

  test.beforeAll(async ({ register }) => {
    at = register;
    browser = at.page.context();
    await at.signIn('C1', PINS.cashier);
  });

  test('comes back from the kept page and sends the offline sale when online again', async () => {
    await at.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
      timeout: 30_000,
    });
    await browser.setOffline(true);
    await expect(at.status()).toHaveText(/Offline/);
    await at.card(CARD);
    await at.scan('P1');
    await at.payCash();
    await at.complete();
    await at.nextSale();
    await expect(at.status()).toHaveText(/Outbox: 1/);

    await at.page.reload();
    await at.page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 30_000 });
    await expect(at.status()).toHaveText(/Offline · Outbox: 1/);
    // The script that keeps zod from probing eval (a CSP violation) came from the kept copy too.
    const zodConfig = await at.page.evaluate(
      () => (globalThis as { __zod_globalConfig?: { jitless?: boolean } }).__zod_globalConfig,
    );
    expect(zodConfig?.jitless).toBe(true);
    await at.card(CARD);
    await expect(at.page.getByRole('alert')).toHaveCount(0);

    await browser.setOffline(false);
    await at.waitOutboxEmpty();
    const stored = await store.server.database.db
      .select({ id: facts.id })
      .from(facts)
      .where(eq(facts.registerId, 'S1-R1'));
    expect(stored).toHaveLength(1);
  });
});
