import { build } from 'vite';
import { launchBrowser } from '../test/e2e/helpers/browser';
import { pgliteBackend } from '../test/server/helpers/backends';
import { seedScheme, testCardNumber } from '../test/server/helpers/facts';
import { enrol, seedBasics, signIn } from '../test/server/helpers/fixtures';
import { startTestServer } from '../test/server/helpers/server';
import { cards, productPrices, products } from '../sync-server/src/db/schema';
import { loadNote } from './lib/machine';
import { percentile, round, type BenchContext, type BenchResult } from './lib/results';

type RegisterData = NonNullable<Window['registerData']>;
const LINES = 20;

/**
 * register.sale.p99.ms: completing a 20-line cash sale with a card at a real register page in
 * headless Chromium, as the Complete button does (earning, the sale with its entries and outbox row
 * in one transaction), after the screen's own card read and pricing. Baseline: the same fact and
 * outbox rows put by a bare Dexie transaction.
 */
export async function run(context: BenchContext): Promise<BenchResult[]> {
  const sales = context.quick ? 40 : 400;
  // The server serves the register from dist/renderer: build the current code there.
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
  const backend = await pgliteBackend();
  const server = await startTestServer(backend);
  const browser = await launchBrowser();
  try {
    await seedBasics(server.database);
    await seedScheme(server.database);
    const ids = Array.from({ length: LINES }, (_, i) => `B${i + 1}`);
    await server.database.db
      .insert(products)
      .values(
        ids.map((id, i) => ({ id, name: `Item ${id}`, barcode: null, category: `C${i % 4}` })),
      );
    await server.database.db
      .insert(productPrices)
      .values(ids.map((id, i) => ({ productId: id, currency: 'USD', priceMinor: 199 + i * 37 })));
    // A different card per sale, as at a till: each card carries only its own few facts.
    const pool = Array.from({ length: sales }, (_, i) => testCardNumber(5000 + i));
    await server.database.db.insert(cards).values(
      pool.map((number) => ({
        number,
        programId: 'MAIN',
        tierId: 'BASE',
        enrolmentSource: 'headOffice' as const,
      })),
    );
    const hq = await signIn(server, 'hq');
    await server.call('POST', '/api/jobs/distribution-1050/run', { token: hq });
    const token = await enrol(server, hq, 'S1', 'S1-R1');
    const page = await browser.newPage();
    await page.goto(`${server.url}/#token=${token}&store=S1&register=S1-R1`);
    await page.waitForFunction(() => window.registerData?.engine.getState().phase === 'ready');
    context.log(`registerSale: ${sales} sales of ${LINES} lines`);
    const measured = await page.evaluate(
      async ({ sales, pool, ids }) => {
        const data = window.registerData as RegisterData;
        const setup = await data.loadStoreSetup('S1');
        if (!setup) throw new Error('no store setup');
        const items = ids.map((product) => ({ product, quantity: 1 }));
        const times: number[] = [];
        const facts = [];
        for (let i = 0; i < sales; i++) {
          const start = performance.now();
          const card = pool[i % pool.length] ?? null;
          facts.push(await data.sell({ staff: 'C1', card, items }, setup));
          times.push(performance.now() - start);
        }
        const Db = data.db.constructor as new (name: string) => RegisterData['db'];
        const plain = new Db('bench-baseline');
        await plain.open();
        const baseline: number[] = [];
        for (const [i, fact] of facts.entries()) {
          const row = {
            id: crypto.randomUUID(),
            seq: i + 1,
            type: fact.type,
            fact,
            status: 'queued' as const,
            reason: null,
            recordedAt: fact.deviceTime,
            cards: fact.type === 'sale' && fact.receipt.card ? [fact.receipt.card] : [],
          };
          const start = performance.now();
          await plain.transaction('rw', [plain.facts, plain.outbox], async () => {
            await plain.facts.add(row);
            await plain.outbox.add({ seq: row.seq, id: row.id, attempts: 0 });
          });
          baseline.push(performance.now() - start);
        }
        plain.close();
        await plain.delete();
        const earned = facts[0]?.type === 'sale' ? facts[0].receipt.entries.length : 0;
        return { times, baseline, earned };
      },
      { sales, pool, ids },
    );
    if (measured.earned === 0) throw new Error('the benchmark sale earned nothing');
    const p99 = round(percentile(measured.times, 99), 2);
    const baseline = round(percentile(measured.baseline, 99), 2);
    context.log(`registerSale: p99 ${p99} ms (bare write p99 ${baseline} ms)`);
    return [
      {
        name: 'register.sale.p99.ms',
        value: p99,
        unit: 'ms',
        baseline,
        ratio: round(baseline / p99, 2),
        target: 'under 30 ms',
        met: p99 < 30,
        note: `${sales} sales of ${LINES} lines each with a card; p50 ${round(percentile(measured.times, 50), 2)} ms; ${loadNote()}`,
      },
    ];
  } finally {
    await browser.close();
    await server.close();
    await backend.remove();
  }
}
