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

const earnedOn = (sale: SaleFact) =>
  sale.receipt.entries.filter((e) => e.kind === 'earn').reduce((sum, e) => sum + e.points, 0);

/** Head office in a real Chromium reads the reports on two posted sales of store S1. */
describe('the console: reports', () => {
  let backend: TestBackend;
  let sync: SyncTestServer;
  let browser: BrowserContext;
  let page: Page;
  let earned: number;

  beforeAll(async () => {
    backend = await pgliteBackend();
    sync = await startSyncTestServer(backend);
    const card = await createCard(sync.server.database, testCardNumber(601));
    const seq = new DeviceSequence();
    const sales = [
      saleFact({ card, lines: [{ net: '10.00' }] }, seq),
      saleFact({ card, lines: [{ net: '25.00' }] }, seq),
    ];
    earned = sales.map(earnedOn).reduce((a, b) => a + b, 0);
    expect(earned).toBeGreaterThan(0);
    const pushed = await sync.push('S1-R1', sales);
    expect(pushed.status).toBe(200);
    expect(await postPendingFacts(sync.server.context)).toMatchObject({ posted: 2, rejected: 0 });
    browser = await launchBrowser();
    page = await browser.newPage();
  }, PGLITE_CREATE_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await sync?.server.close();
    await backend?.remove();
  });

  it('shows the points earned at S1 and the outstanding liability over a chosen period', async () => {
    await page.goto(`${sync.server.url}/hq`);
    await page.getByLabel('Staff id').fill('HQ1');
    await page.getByLabel('PIN').fill(PINS.hq);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Jobs' }).waitFor();

    await page.getByRole('navigation').getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports', exact: true }).waitFor();
    await page.getByLabel('From', { exact: true }).fill('2026-02-25');
    await page.getByLabel('To', { exact: true }).fill('2026-03-05');
    await page.getByRole('button', { name: 'Show reports' }).click();
    await page.getByText('From 2026-02-25 to 2026-03-05').waitFor();

    for (const name of [
      'Points liability over time',
      'Points earned and redeemed per store per day',
      'Enrolments by source',
      'Points expiring in the next 30, 60 and 90 days',
    ])
      await page.getByRole('figure', { name }).locator('svg.recharts-surface').first().waitFor();

    const activity = page.getByRole('table', { name: 'Points per store and day' });
    const s1 = activity.getByRole('row').filter({ hasText: 'S1' });
    expect(await s1.count()).toBe(1);
    expect(await s1.getByRole('rowheader').textContent()).toBe('2026-03-01');
    const cells = await s1.getByRole('cell').allTextContents();
    // Store, reward point, earned, redeemed, returned, refunded.
    expect(cells.slice(0, 4)).toEqual(['S1', 'STAR', earned.toLocaleString('en'), '0']);

    const liability = page.getByRole('table', { name: 'Outstanding points per day' });
    const rowOf = (day: string) =>
      liability
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: day, exact: true }) })
        .filter({ hasText: 'STAR' });
    expect(await rowOf('2026-02-28').getByRole('cell').last().textContent()).toBe('0');
    for (const day of ['2026-03-01', '2026-03-05'])
      expect(await rowOf(day).getByRole('cell').last().textContent()).toBe(
        earned.toLocaleString('en'),
      );

    await page.getByRole('table', { name: 'Expiring points per reward point' }).waitFor();
  });
});
