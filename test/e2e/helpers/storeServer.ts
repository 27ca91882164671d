import type { BrowserContext } from 'playwright-core';
import { cards, productPrices, products } from '../../../sync-server/src/db/schema';
import { api } from '../../../shared/protocol/api';
import { pgliteBackend, type TestBackend } from '../../server/helpers/backends';
import { seedScheme } from '../../server/helpers/facts';
import { enrol, seedBasics, signIn } from '../../server/helpers/fixtures';
import { startTestServer, type TestServer } from '../../server/helpers/server';
import { registerPage, type RegisterPage } from './registerPage';
import { callRoute } from './routes';

/** A product on the shelves of the test stores, priced in USD. */
export interface ShelfItem {
  readonly id: string;
  readonly name: string;
  readonly barcode?: string | null;
  readonly category: string;
  readonly priceMinor: number;
}

/** The real server for the end-to-end tests, signed in as head office. */
export interface StoreServer {
  readonly backend: TestBackend;
  readonly server: TestServer;
  /** Head office's session token. */
  readonly hq: string;
  /** Runs a job now; throws unless it succeeded. */
  runJob(name: string): Promise<void>;
  /** Enrols a register of store S1 and opens it in the browser, online (not signed in). */
  openRegister(context: BrowserContext, register: string): Promise<RegisterPage>;
  close(): Promise<void>;
}

/** What a store sells and the cards it knows, on top of the test basics. */
export interface Shelf {
  readonly products: readonly ShelfItem[];
  readonly cards?: readonly string[];
}

/**
 * The real server on a fresh embedded database with the test basics; given a shelf, also the test
 * scheme, its products and its cards of program MAIN (tier BASE). Distribution is left to the
 * caller, once its own data is in.
 */
export async function startStoreServer(shelf?: Shelf): Promise<StoreServer> {
  const backend = await pgliteBackend();
  const server = await startTestServer(backend);
  await seedBasics(server.database);
  if (shelf) await stock(server, shelf);
  const hq = await signIn(server, 'hq');
  return {
    backend,
    server,
    hq,
    async runJob(name) {
      const run = await callRoute(server, api.jobs.run, { params: { name }, token: hq });
      if (run.body.status !== 'succeeded')
        throw new Error(`job ${name} ended ${run.body.status}: ${JSON.stringify(run.body)}`);
    },
    async openRegister(context, register) {
      const token = await enrol(server, hq, 'S1', register);
      const page = await context.newPage();
      await page.goto(`${server.url}/#token=${token}&store=S1&register=${register}`);
      const at = registerPage(page);
      await at.status().filter({ hasText: 'Online' }).waitFor({ timeout: 30_000 });
      return at;
    },
    async close() {
      await server.close();
      await backend.remove();
    },
  };
}

/** The test scheme, the shelf's products priced in USD and its cards. */
async function stock(server: TestServer, shelf: Shelf): Promise<void> {
  await seedScheme(server.database);
  const db = server.database.db;
  if (shelf.products.length > 0) {
    await db.insert(products).values(
      shelf.products.map((p) => ({
        id: p.id,
        name: p.name,
        barcode: p.barcode ?? null,
        category: p.category,
      })),
    );
    await db
      .insert(productPrices)
      .values(
        shelf.products.map((p) => ({ productId: p.id, currency: 'USD', priceMinor: p.priceMinor })),
      );
  }
  if (shelf.cards?.length)
    await db.insert(cards).values(
      shelf.cards.map((number) => ({
        number,
        programId: 'MAIN',
        tierId: 'BASE',
        enrolmentSource: 'headOffice' as const,
      })),
    );
}
