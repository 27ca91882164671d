import { PINS } from '../server/helpers/fixtures';
import { expect, test, useOwnServer } from './fixtures';

useOwnServer({ products: [{ id: 'P1', name: 'Shoe', category: 'SHOES', priceMinor: 1299 }] });

/**
 * A register enrolled a moment ago goes offline before anyone opened its Cards screen: it still
 * has card numbers to issue, because the sync fetched a block while it was online.
 */
test('a newly enrolled register has card numbers offline without opening the Cards screen', async ({
  store,
  register,
}) => {
  await store.runJob('distribution-1050');
  await register.signIn('M1', PINS.manager);
  // The sync has pulled (the feed's version is shown) and, with it, asked for a block.
  await expect(register.status()).toHaveText(/Online · Outbox: 0 · Version [1-9]/);
  await expect
    .poll(() =>
      register.page.evaluate(async () => {
        const data = window.registerData;
        const blocks = await data?.db.meta.get('cardNumberBlocks');
        return Array.isArray(blocks?.value) ? blocks.value.length : 0;
      }),
    )
    .toBeGreaterThan(0);

  await register.page.context().setOffline(true);
  await expect(register.status()).toHaveText(/Offline/);
  await register.screen('Cards');
  const form = register.page.getByRole('form', { name: 'Issue a card' });
  await expect(form).toHaveText(/[1-9]\d* card numbers left/);
  await register.page.getByRole('button', { name: 'Issue card' }).click();
  await expect(register.page.getByRole('status', { name: 'Card issued' })).toHaveText(
    /Card \d+ issued/,
  );
});
