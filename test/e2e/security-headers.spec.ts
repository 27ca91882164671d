import type { Page } from '@playwright/test';
import { expect, test, useOwnServer } from './fixtures';
import { api } from '../../shared/protocol/api';

useOwnServer(null);

/** Records every Content-Security-Policy violation the page reports, from its first script on. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const console: string[] = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) console.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (globalThis as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  return async () => [
    ...console,
    ...(await page.evaluate(
      () => (globalThis as unknown as { cspViolations: string[] }).cspViolations,
    )),
  ];
}

/** The register, the console and the API viewer work under the server's CSP, with no violation. */
test.describe('pages under the Content-Security-Policy', () => {
  test('the register loads and is usable', async ({ browser, store }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations = await watchViolations(page);
    await page.goto(store.server.url);
    await expect(page.getByRole('form', { name: 'Enrol this register' })).toBeVisible();
    expect(await violations()).toEqual([]);
    await context.close();
  });

  test('the console loads its sign-in', async ({ browser, store }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations = await watchViolations(page);
    await page.goto(`${store.server.url}/hq`);
    await expect(page.getByLabel(/PIN/i).first()).toBeVisible();
    expect(await violations()).toEqual([]);
    await context.close();
  });

  test('/docs shows the API', async ({ browser, store }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations = await watchViolations(page);
    await page.goto(`${store.server.url}/docs`);
    await expect(page.getByText('Loyalty sync server').first()).toBeVisible();
    await expect(page.getByText(api.sync.push.path).first()).toBeVisible();
    expect(await violations()).toEqual([]);
    await context.close();
  });
});
