import { test as base, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { PGLITE_CREATE_TIMEOUT } from '../server/helpers/backends';
import type { RegisterPage } from './helpers/registerPage';
import { startStoreServer, type Shelf, type StoreServer } from './helpers/storeServer';

/**
 * The fixtures of the end-to-end specs. A spec file tells one story whose steps build on each
 * other, so it runs serially (`test.describe.configure({ mode: 'serial' })`) and these fixtures live
 * as long as its worker: one server, its pages and registers, shared by the file's tests. Pages are
 * opened through Playwright's `browser` fixture, so a failing test keeps their trace and screenshots.
 */
export interface E2EWorkerFixtures {
  /** What the store sells and the cards it knows (`test.use({ shelf })`); null: the basics only. */
  shelf: Shelf | null;
  /** The real server over HTTP on a fresh embedded database, signed in as head office. */
  store: StoreServer;
  /** A page in a browser context of its own (its own IndexedDB), kept through the file. */
  tab: Page;
  /** Enrols a register of store S1 and opens it, online and not signed in, in a context of its own. */
  openRegister: (register: string) => Promise<RegisterPage>;
  /** Register S1-R1, enrolled and open. */
  register: RegisterPage;
}

/** The counter's screen size, for the contexts the fixtures open. */
const VIEWPORT = { width: 1366, height: 768 };

function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: VIEWPORT });
}

export const test = base.extend<Record<never, never>, E2EWorkerFixtures>({
  shelf: [null, { scope: 'worker', option: true }],
  store: [
    async ({ shelf }, use) => {
      const store = await startStoreServer(shelf ?? undefined);
      await use(store);
      await store.close();
    },
    { scope: 'worker', timeout: PGLITE_CREATE_TIMEOUT + 30_000 },
  ],
  tab: [
    async ({ browser }, use) => {
      const context = await newContext(browser);
      await use(await context.newPage());
      await context.close();
    },
    { scope: 'worker' },
  ],
  openRegister: [
    async ({ browser, store }, use) => {
      const contexts: BrowserContext[] = [];
      await use(async (register) => {
        const context = await newContext(browser);
        contexts.push(context);
        return store.openRegister(context, register);
      });
      for (const context of contexts) await context.close();
    },
    { scope: 'worker' },
  ],
  register: [
    async ({ openRegister }, use) => {
      await use(await openRegister('S1-R1'));
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});

export { expect } from '@playwright/test';
