import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SaleFact } from '../../shared/protocol/sync';
import { postPendingFacts } from '../../sync-server/src/posting/postPendingFacts';
import { pgliteBackend, PGLITE_CREATE_TIMEOUT, type TestBackend } from '../server/helpers/backends';
import {
  createCard,
  DeviceSequence,
  saleFact,
  startSyncTestServer,
  testCardNumber,
  type SyncTestServer,
} from '../server/helpers/facts';
import { PINS } from '../server/helpers/fixtures';
import { launchBrowser } from './helpers/browser';

/** Head office in a real Chromium reads a register's sync health and voids a rejected fact. */
describe('the console: sync health and the review list', () => {
  let backend: TestBackend;
  let sync: SyncTestServer;
  let browser: BrowserContext;
  let page: Page;
  let good: SaleFact;
  let tampered: SaleFact;

  beforeAll(async () => {
    backend = await pgliteBackend();
    sync = await startSyncTestServer(backend);
    const card = await createCard(sync.server.database, testCardNumber(501));
    const seq = new DeviceSequence();
    const lines = [{ net: '10.00' }];
    good = saleFact({ card, lines }, seq);
    tampered = saleFact(
      { card, lines, tamper: (es) => es.map((e) => ({ ...e, points: e.points + 50 })) },
      seq,
    );
    const pushed = await sync.push('S1-R1', [good, tampered]);
    expect(pushed.status).toBe(200);
    const summary = await postPendingFacts(sync.server.context);
    expect(summary).toMatchObject({ posted: 1, rejected: 1 });
    browser = await launchBrowser();
    page = await browser.newPage();
  }, PGLITE_CREATE_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await sync?.server.close();
    await backend?.remove();
  });

  it('signs head office in and shows S1-R1 with its last contact and one rejected fact', async () => {
    await page.goto(`${sync.server.url}/hq`);
    await page.getByLabel('Staff id').fill('HQ1');
    await page.getByLabel('PIN').fill(PINS.hq);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Jobs' }).waitFor();

    await page.getByRole('navigation').getByRole('link', { name: 'Sync health' }).click();
    await page.getByRole('heading', { name: 'Sync health' }).waitFor();
    const table = page.getByRole('table', { name: 'Sync health of every register' });
    const row = table.getByRole('row').filter({
      has: page.getByRole('rowheader', { name: /S1-R1/ }),
    });
    await row.waitFor();
    const cells = row.getByRole('cell');
    const headers = await table.getByRole('columnheader').allTextContents();
    const cellOf = async (header: string) => {
      // The register is the row header, so cells skip its column.
      const column = headers.indexOf(header);
      const index = column > headers.indexOf('Register') ? column - 1 : column;
      return cells.nth(index).textContent();
    };
    expect(await cellOf('Store')).toContain('S1');
    expect(await cellOf('Last contact')).toMatch(/2026/);
    expect(await cellOf('Rejected facts')).toBe('1');
    expect(await cellOf('Pending facts')).toBe('0');
  });

  it('lists the tampered sale with its reason and voids it with a comment', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Review' }).click();
    await page.getByRole('heading', { name: 'Review', exact: true }).waitFor();
    const item = page.getByRole('article', { name: `Fact ${tampered.id}` });
    await item.waitFor();
    expect(await item.textContent()).toMatch(/tampered points/);
    expect(await page.getByRole('article', { name: `Fact ${good.id}` }).count()).toBe(0);
    await item.getByRole('button', { name: `Re-post ${tampered.id}` }).waitFor();

    // Voiding asks for a comment first.
    await item.getByRole('button', { name: `Void ${tampered.id}` }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('comment');
    expect(await item.count()).toBe(1);

    await item.getByLabel(`Comment on ${tampered.id}`).fill('Points were typed in by hand');
    await item.getByRole('button', { name: `Void ${tampered.id}` }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toContain(`Fact ${tampered.id} is voided`);
    await expect.poll(() => item.count()).toBe(0);
    await page.getByText('Nothing is waiting for review.').waitFor();

    await page.getByRole('navigation').getByRole('link', { name: 'Sync health' }).click();
    const row = page
      .getByRole('table', { name: 'Sync health of every register' })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: /S1-R1/ }) });
    await expect.poll(() => row.getByRole('cell').last().textContent()).toBe('0');
  });
});
