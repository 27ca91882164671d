import { rewards } from '../../sync-server/src/db/schema';
import { PINS } from '../server/helpers/fixtures';
import { api } from '../../shared/protocol/api';
import { expect, test, useOwnServer } from './fixtures';
import { callRoute } from './helpers/routes';

useOwnServer(null);

/**
 * Head office's rewards catalogue in a real Chromium: a reward is refused with the field at fault
 * and nothing written, then saved; editing it makes version 2; the page reads in every language.
 */
test('head office creates a reward, edits it into a new version, in each language', async ({
  store,
  tab: page,
}) => {
  await page.goto(`${store.server.url}/hq`);
  await page.getByLabel('Staff id').fill('HQ1');
  await page.getByLabel('PIN').fill(PINS.hq);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Jobs', level: 2 }).waitFor();
  await page
    .getByRole('navigation', { name: 'Console sections' })
    .getByRole('link', { name: 'Rewards', exact: true })
    .click();
  await page.getByRole('heading', { name: 'Rewards', level: 2 }).waitFor();

  await page.getByRole('button', { name: 'New reward' }).click();
  const form = page.getByRole('form', { name: 'New reward' });
  await form.getByLabel('Id', { exact: true }).fill('COFFEE-FREE');
  await form.getByLabel('Name', { exact: true }).fill('A free coffee');
  await form.getByLabel('Priced in reward point', { exact: true }).fill('STAR');
  await form.getByLabel('Price in points', { exact: true }).fill('lots');
  await form.getByLabel('Reward', { exact: true }).selectOption('freeProduct');
  await form.getByLabel('Product', { exact: true }).fill('COFFEE');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('alert')).toBeVisible();
  await expect(form.getByLabel('Price in points', { exact: true })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  expect(await store.server.database.db.select().from(rewards)).toEqual([]);

  await form.getByLabel('Price in points', { exact: true }).fill('250');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved COFFEE-FREE as version 1.');
  const row = page.getByRole('row', { name: /COFFEE-FREE/ });
  await expect(row).toContainText('1 × COFFEE free');
  await expect(row).toContainText('250 STAR');

  // A percent off a category, at most 5.00: saving it is version 2, the sales of version 1 keep it.
  const edit = page.getByRole('form', { name: 'Edit COFFEE-FREE (version 1)' });
  await edit.getByLabel('Reward', { exact: true }).selectOption('percentOff');
  await edit.getByLabel('Percent off', { exact: true }).fill('10');
  await edit.getByLabel('Off', { exact: true }).selectOption('category');
  await edit.getByLabel('Category or product id', { exact: true }).fill('DRINKS');
  await edit.getByLabel('Maximum discount', { exact: true }).fill('5.00');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved COFFEE-FREE as version 2.');
  await expect(row).toContainText('10 % off category DRINKS');
  await expect(row).toContainText('5.00');
  const listed = await callRoute(store.server, api.hq.rewards.list, { token: store.hq });
  expect(listed.body.items).toEqual([
    {
      id: 'COFFEE-FREE',
      name: 'A free coffee',
      rewardPoint: 'STAR',
      points: 250,
      benefit: { kind: 'percentOff', percent: 10, on: { category: 'DRINKS' } },
      maximum: '5.00',
      active: true,
      version: 2,
    },
  ]);

  const texts: Record<string, [string, string]> = {
    nl: ['Beloningen', '10 % korting op categorie DRINKS'],
    sv: ['Belöningar', '10 % av på kategori DRINKS'],
    fr: ['Récompenses', '10 % de remise sur la catégorie DRINKS'],
  };
  for (const [language, [title, benefit]] of Object.entries(texts)) {
    await page.getByLabel(/^(Language|Taal|Språk|Langue)/).selectOption(language);
    await page.getByRole('heading', { name: title, level: 2 }).waitFor();
    await expect(row).toContainText(benefit);
  }
  await page.getByLabel('Langue').selectOption('en');
  await page.screenshot({ path: test.info().outputPath('console-rewards.png') });
});
