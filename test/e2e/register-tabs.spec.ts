import { registerPage } from './helpers/registerPage';
import { expect, test, useOwnServer } from './fixtures';
import { API_PREFIX } from '../../shared/protocol/api';

useOwnServer({ products: [{ id: 'P1', name: 'Shoe', category: 'SHOES', priceMinor: 1299 }] });

/**
 * One register open in two tabs of one browser: only the first syncs (it holds the register's Web
 * Lock); the second says the register is open elsewhere, and takes over when the first closes.
 */
test.describe('a register open in two tabs', () => {
  test.beforeAll(async ({ store }) => {
    await store.runJob('distribution-1050');
  });

  test('syncs in one tab only; the other says where the register is and takes over', async ({
    store,
    register: first,
  }) => {
    const second = await first.page.context().newPage();
    let syncCalls = 0;
    second.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith(`${API_PREFIX}sync/`)) syncCalls += 1;
    });
    await second.goto(store.server.url);
    await expect(second.getByRole('alert')).toContainText(
      'This register is open in another tab or window',
    );
    await expect(registerPage(second).status()).toHaveCount(0);
    // Its sync engine never started: no snapshot, no feed, no push from this tab.
    expect(await second.evaluate(() => window.registerData?.engine.getState().phase)).toBe(
      'starting',
    );
    expect(syncCalls).toBe(0);
    await expect(first.status()).toContainText(/^Online/);

    await first.page.close();
    await expect(registerPage(second).status()).toContainText(/^Online · Outbox: 0/);
    await expect(second.getByRole('form', { name: 'Sign in' })).toBeVisible();
    expect(syncCalls).toBeGreaterThan(0);
  });
});
