import { PINS } from '../server/helpers/fixtures';
import { expect, test, useOwnServer } from './fixtures';

useOwnServer(null);

/** Head office's list of other activity awards waiting for review, in a real Chromium. */
test('head office posts one waiting activity award and rejects another', async ({
  store,
  tab: page,
}) => {
  const hq = (method: 'GET' | 'POST', path: string, body?: unknown) =>
    store.server.call<{ number: string; status: string }>(method, path, {
      token: store.hq,
      ...(body === undefined ? {} : { body }),
    });
  expect(
    (
      await hq('POST', '/api/hq/activity-types', {
        id: 'SURVEY',
        name: 'Survey',
        rewardPoint: 'STAR',
        points: 40,
        perCustomerLimit: 1,
        needsReview: true,
      })
    ).status,
  ).toBe(201);
  const cards: string[] = [];
  for (let i = 0; i < 2; i++) {
    const issued = await hq('POST', '/api/cards', { fromSequence: true });
    expect(issued.status).toBe(201);
    cards.push(issued.body.number);
    expect(
      (await hq('POST', `/api/cards/${issued.body.number}/activities`, { type: 'SURVEY' })).status,
    ).toBe(202);
  }
  const [kept = '', refused = ''] = cards;

  await page.goto(`${store.server.url}/hq`);
  await page.getByLabel('Staff id').fill('HQ1');
  await page.getByLabel('PIN').fill(PINS.hq);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Jobs', level: 2 }).waitFor();
  await page
    .getByRole('navigation', { name: 'Console sections' })
    .getByRole('link', { name: 'Activity awards', exact: true })
    .click();
  await page.getByRole('heading', { name: 'Activity awards', level: 2 }).waitFor();
  await expect(page.getByRole('row', { name: new RegExp(kept) })).toContainText('40 STAR');
  await expect(page.getByRole('row', { name: new RegExp(refused) })).toContainText('awarded');
  await page.screenshot({ path: test.info().outputPath('activity-awards.png') });

  await page.getByRole('button', { name: `Post Survey for card ${kept}` }).click();
  await expect(page.getByRole('status')).toHaveText(`Posted Survey: 40 STAR to card ${kept}.`);
  await expect(page.getByRole('row', { name: new RegExp(kept) })).toHaveCount(0);
  await page.getByRole('button', { name: `Reject Survey for card ${refused}` }).click();
  await expect(page.getByRole('status')).toHaveText(
    `Rejected Survey for card ${refused}: nothing was posted.`,
  );
  await expect(page.getByText('No award is waiting.')).toBeVisible();

  const stars = async (number: string) =>
    (
      await store.server.call<{ balances: { rewardPoint: string; available: number }[] }>(
        'GET',
        `/api/cards/${number}`,
        { token: store.hq },
      )
    ).body.balances.find((b) => b.rewardPoint === 'STAR')?.available ?? 0;
  expect(await stars(kept)).toBe(40);
  expect(await stars(refused)).toBe(0);
  const rejected = await hq('GET', '/api/hq/activity-awards?status=rejected');
  expect(JSON.stringify(rejected.body)).toContain(refused);
});
