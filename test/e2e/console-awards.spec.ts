import { api, type RouteContract } from '../../shared/protocol/api';
import { PINS } from '../server/helpers/fixtures';
import { expect, test, useOwnServer } from './fixtures';
import { callRoute, type RouteCall } from './helpers/routes';

useOwnServer(null);

/** Head office's list of other activity awards waiting for review, in a real Chromium. */
test('head office posts one waiting activity award and rejects another', async ({
  store,
  tab: page,
}) => {
  const hq = <C extends RouteContract>(entry: C, call: RouteCall<C> = {}) =>
    callRoute(store.server, entry, { ...call, token: store.hq });
  expect(
    (
      await hq(api.hq.activityTypes.create, {
        body: {
          id: 'SURVEY',
          name: 'Survey',
          rewardPoint: 'STAR',
          points: 40,
          perCustomerLimit: 1,
          needsReview: true,
        },
      })
    ).status,
  ).toBe(201);
  const cards: string[] = [];
  for (let i = 0; i < 2; i++) {
    const issued = await hq(api.cards.issue, { body: { fromSequence: true } });
    expect(issued.status).toBe(201);
    cards.push(issued.body.number);
    expect(
      (
        await hq(api.cards.award, {
          params: { number: issued.body.number },
          body: { type: 'SURVEY' },
        })
      ).status,
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
    (await hq(api.cards.get, { params: { number } })).body.balances.find(
      (b) => b.rewardPoint === 'STAR',
    )?.available ?? 0;
  expect(await stars(kept)).toBe(40);
  expect(await stars(refused)).toBe(0);
  const rejected = await hq(api.hq.activityAwards.list, { query: { status: 'rejected' } });
  expect(JSON.stringify(rejected.body)).toContain(refused);
});
