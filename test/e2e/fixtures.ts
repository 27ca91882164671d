import { test as base, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { PGLITE_CREATE_TIMEOUT } from '../server/helpers/backends';
import type { RegisterPage } from './helpers/registerPage';
import { startStoreServer, type Shelf, type StoreServer } from './helpers/storeServer';

/**
 * The fixtures of the end-to-end specs. A spec file tells one story whose steps build on each
 * other: it calls `useOwnServer(shelf)` at its top, so its tests run in order in a worker of its
 * own, and these fixtures live as long as that worker: one server, its pages and registers, shared
 * by the file's tests and by no other file. Pages are opened through Playwright's `browser`
 * fixture, so a failing test keeps their trace and screenshots.
 */
export interface E2EWorkerFixtures {
  /** The file's own setup, set by `useOwnServer`. */
  ownServer: OwnServer | undefined;
  /**
   * The same as `useOwnServer(shelf)` for a file that says `test.use({ shelf })` (with its own
   * `test.describe.configure({ mode: 'serial' })`): a shelf object is new for each file, so the file
   * gets its own worker too.
   */
  shelf: Shelf | undefined;
  /** The real server over HTTP on a fresh embedded database, signed in as head office. */
  store: StoreServer;
  /** A page in a browser context of its own (its own IndexedDB), kept through the file. */
  tab: Page;
  /** Enrols a register of store S1 and opens it, online and not signed in, in a context of its own. */
  openRegister: (register: string) => Promise<RegisterPage>;
  /** Register S1-R1, enrolled and open. */
  register: RegisterPage;
}

/** What the file's server holds beyond the test basics; null: the basics only. */
export interface OwnServer {
  readonly shelf: Shelf | null;
}

/** The counter's screen size, for the contexts the fixtures open. */
const VIEWPORT = { width: 1366, height: 768 };

function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: VIEWPORT });
}

export const test = base.extend<Record<never, never>, E2EWorkerFixtures>({
  ownServer: [undefined, { scope: 'worker', option: true }],
  shelf: [undefined, { scope: 'worker', option: true }],
  store: [
    async ({ ownServer: declared, shelf }, use) => {
      const ownServer = declared ?? (shelf ? { shelf } : undefined);
      if (!ownServer)
        throw new Error(
          'call useOwnServer(shelf) at the top of the spec file: each file has its own server',
        );
      const store = await startStoreServer(ownServer.shelf ?? undefined);
      await use(store);
      await store.close();
    },
    // A fresh embedded database runs every migration: seconds on an idle machine, minutes on a
    // shared one.
    { scope: 'worker', timeout: 4 * PGLITE_CREATE_TIMEOUT },
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
    { scope: 'worker', timeout: 90_000 },
  ],
});

/**
 * Gives this spec file a server of its own with the given shelf (null: the test basics only) and
 * runs its tests in order, each building on the one before. The setup object is new for each file,
 * so Playwright starts a worker for each file instead of sharing one server between files.
 */
export function useOwnServer(shelf: Shelf | null): void {
  test.use({ ownServer: { shelf } });
  test.describe.configure({ mode: 'serial' });
}

export { expect } from '@playwright/test';
