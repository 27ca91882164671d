import type { Page } from '@playwright/test';
import type { SaleFact } from '../../shared/protocol/sync';
import { postPendingFacts } from '../../sync-server/src/posting/postPendingFacts';
import {
  createCard,
  DeviceSequence,
  saleFact,
  pushBody,
  testCardNumber,
} from '../server/helpers/facts';
import { enrol, PINS } from '../server/helpers/fixtures';
import type { TestServer } from '../server/helpers/server';
import { expect, test, useOwnServer } from './fixtures';
import { api } from '../../shared/protocol/api';
import { callRoute } from './helpers/routes';

const earnedOn = (sale: SaleFact) =>
  sale.receipt.entries.filter((e) => e.kind === 'earn').reduce((sum, e) => sum + e.points, 0);

// The basics and the test scheme, no products: the sales below name their own lines.
useOwnServer({ products: [] });

/** Head office in a real Chromium reads the reports on two posted sales of store S1. */
test.describe('the console: reports', () => {
  let server: TestServer;
  let page: Page;
  let earned: number;

  test.beforeAll(async ({ store: started, tab }) => {
    server = started.server;
    page = tab;
    const card = await createCard(server.database, testCardNumber(601));
    const seq = new DeviceSequence();
    const sales = [
      saleFact({ card, lines: [{ net: '10.00' }] }, seq),
      saleFact({ card, lines: [{ net: '25.00' }] }, seq),
    ];
    earned = sales.map(earnedOn).reduce((a, b) => a + b, 0);
    expect(earned).toBeGreaterThan(0);
    const pushed = await callRoute(server, api.sync.push, {
      token: await enrol(server, started.hq, 'S1', 'S1-R1'),
      body: pushBody(sales),
    });
    expect(pushed.status).toBe(200);
    expect(await postPendingFacts(server.context)).toMatchObject({ posted: 2, rejected: 0 });
  });

  test('shows the points earned at S1 and the outstanding liability over a chosen period', async () => {
    await page.goto(`${server.url}/hq`);
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
    await expect(s1).toHaveCount(1);
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
