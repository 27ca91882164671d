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

// The basics and the test scheme, no products: the sales below name their own lines.
useOwnServer({ products: [] });

/**
 * Head office in a real Chromium reads a register's sync health, settles a sale kept without its
 * points and voids a rejected fact.
 */
test.describe('the console: sync health and the review list', () => {
  let server: TestServer;
  let page: Page;
  let good: SaleFact;
  let tampered: SaleFact;
  let otherCurrency: SaleFact;

  test.beforeAll(async ({ store: started, tab }) => {
    server = started.server;
    page = tab;
    const card = await createCard(server.database, testCardNumber(501));
    const seq = new DeviceSequence();
    const lines = [{ net: '10.00' }];
    good = saleFact({ card, lines }, seq);
    tampered = saleFact(
      { card, lines, tamper: (es) => es.map((e) => ({ ...e, points: e.points + 50 })) },
      seq,
    );
    // A receipt in a currency the store does not sell in cannot be recorded: rejected whole.
    const plain = saleFact({ card, lines }, seq);
    otherCurrency = { ...plain, receipt: { ...plain.receipt, currency: 'SEK' } };
    const pushed = await callRoute(server, api.sync.push, {
      token: await enrol(server, started.hq, 'S1', 'S1-R1'),
      body: pushBody([good, tampered, otherCurrency]),
    });
    expect(pushed.status).toBe(200);
    const summary = await postPendingFacts(server.context);
    expect(summary).toMatchObject({ posted: 1, rejected: 1, loyaltyRejected: 1 });
  });

  test('signs head office in and shows S1-R1 with its last contact and one rejected fact', async () => {
    await page.goto(`${server.url}/hq`);
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

  test('lists the tampered sale as kept without its points: it can be re-posted or resolved, not voided', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Review' }).click();
    await page.getByRole('heading', { name: 'Review', exact: true }).waitFor();
    const item = page.getByRole('article', { name: `Fact ${tampered.id}` });
    await item.waitFor();
    expect(await item.textContent()).toMatch(/sale kept, its points rejected.*tampered points/);
    await expect(page.getByRole('article', { name: `Fact ${good.id}` })).toHaveCount(0);
    await item.getByRole('button', { name: `Correct fact ${tampered.id}` }).waitFor();
    await expect(item.getByRole('button', { name: `Void ${tampered.id}` })).toHaveCount(0);

    // Re-posted as it came, its points are rejected again and the sale stays kept.
    await item.getByRole('button', { name: `Re-post ${tampered.id}` }).click();
    await expect(page.getByRole('alert')).toContainText(
      `The points of fact ${tampered.id} were rejected again`,
    );
    await expect(page.getByRole('alert')).toContainText('The sale stays kept.');
    await expect(item).toHaveCount(1);

    await item.getByLabel(`Comment on ${tampered.id}`).fill('Customer agreed: no points');
    await item.getByRole('button', { name: `Resolve ${tampered.id}` }).click();
    await expect(page.getByRole('status').first()).toContainText(
      `The review of fact ${tampered.id} is resolved.`,
    );
    await expect(item).toHaveCount(0);
  });

  test('lists the receipt it could not record with its reason and voids it with a comment', async () => {
    const item = page.getByRole('article', { name: `Fact ${otherCurrency.id}` });
    await item.waitFor();
    expect(await item.textContent()).toMatch(/rejected.*in SEK/);
    await item.getByRole('button', { name: `Re-post ${otherCurrency.id}` }).waitFor();

    // Voiding asks for a comment first.
    await item.getByRole('button', { name: `Void ${otherCurrency.id}` }).click();
    await expect(page.getByRole('alert')).toContainText('comment');
    await expect(item).toHaveCount(1);

    await item.getByLabel(`Comment on ${otherCurrency.id}`).fill('Test receipt, not a sale');
    await item.getByRole('button', { name: `Void ${otherCurrency.id}` }).click();
    await expect(page.getByRole('status').first()).toContainText(
      `Fact ${otherCurrency.id} is voided`,
    );
    await expect(item).toHaveCount(0);
    await page.getByText('Nothing is waiting for review.').waitFor();

    await page.getByRole('navigation').getByRole('link', { name: 'Sync health' }).click();
    const row = page
      .getByRole('table', { name: 'Sync health of every register' })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: /S1-R1/ }) });
    await expect(row.getByRole('cell').last()).toHaveText('0');
  });
});
