import type { BrowserContext } from 'playwright-core';
import { expect } from 'vitest';
import { cards, productPrices, products } from '../../../sync-server/src/db/schema';
import type { JobRunRecord } from '../../../sync-server/src/jobs/runner';
import { pgliteBackend, type TestBackend } from '../../server/helpers/backends';
import { seedScheme } from '../../server/helpers/facts';
import { enrol, seedBasics, signIn } from '../../server/helpers/fixtures';
import { startTestServer, type TestServer } from '../../server/helpers/server';
import { registerPage, type RegisterPage } from './registerPage';

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
  /** Runs a job now and expects it to succeed. */
  runJob(name: string): Promise<void>;
  /** Enrols a register of store S1 and opens it in the browser, online (not signed in). */
  openRegister(context: BrowserContext, register: string): Promise<RegisterPage>;
  close(): Promise<void>;
}

/**
 * The real server on a fresh embedded database with the test basics and scheme, the given
 * products and cards of program MAIN (tier BASE). Distribution is left to the caller, once its own
 * data is in.
 */
export async function startStoreServer(shelf: {
  readonly products: readonly ShelfItem[];
  readonly cards?: readonly string[];
}): Promise<StoreServer> {
  const backend = await pgliteBackend();
  const server = await startTestServer(backend);
  await seedBasics(server.database);
  await seedScheme(server.database);
  const db = server.database.db;
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
  if (shelf.cards && shelf.cards.length > 0)
    await db.insert(cards).values(
      shelf.cards.map((number) => ({
        number,
        programId: 'MAIN',
        tierId: 'BASE',
        enrolmentSource: 'headOffice' as const,
      })),
    );
  const hq = await signIn(server, 'hq');
  return {
    backend,
    server,
    hq,
    async runJob(name) {
      const run = await server.call<JobRunRecord>('POST', `/api/jobs/${name}/run`, { token: hq });
      expect(run.body.status).toBe('succeeded');
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
