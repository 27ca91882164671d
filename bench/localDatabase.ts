import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from '../test/e2e/helpers/browser';
import { loadNote } from './lib/machine';
import { percentile, round, type BenchContext, type BenchResult } from './lib/results';
import type { Measurement, StoreKind } from './localDatabase/page';
import { buildPage, servePage } from './localDatabase/serve';

/** Cards per write: a snapshot page's worth, as the server cuts them. */
const BATCH = 10_000;

const LABEL: Record<StoreKind, string> = {
  packed: 'packed Dexie chunks (the register)',
  perCard: 'one Dexie record per card',
  rxdb: 'RxDB on its Dexie storage',
};

/**
 * localdb.*: the local database decision (docs/architecture.md), measured in one run in Chromium.
 * The register's packed card chunks, one Dexie record per card and RxDB's free Dexie storage each
 * import the same cards (1,000,000; --quick 20,000) and answer random lookups; the two alternatives
 * are reported as ratios to the packed store. An import that passes the time budget
 * (BENCH_LOCALDB_BUDGET_MIN, 10 minutes) stops there: its rate is measured at the size it reached
 * and its time for every card extrapolated from that rate, as its note says.
 */
export async function run(context: BenchContext): Promise<BenchResult[]> {
  const cards = context.quick ? 20_000 : 1_000_000;
  const lookups = context.quick ? 2_000 : 10_000;
  const budgetMs = Number(process.env['BENCH_LOCALDB_BUDGET_MIN'] ?? 10) * 60_000;
  const dir = await mkdtemp(join(tmpdir(), 'bench-localdb-'));
  context.log('localdb: building the page');
  await buildPage(dir);
  const { url, server } = await servePage(dir);
  const browser = await launchBrowser();
  const measured = new Map<StoreKind, Measurement>();
  try {
    for (const kind of ['packed', 'perCard', 'rxdb'] as const) {
      context.log(`localdb: ${LABEL[kind]}, ${cards.toLocaleString('en')} cards`);
      const page = await browser.newPage();
      await page.goto(url);
      await page.waitForFunction(() => window.benchLocalDb !== undefined);
      const result = await page.evaluate(
        (plan) => (window.benchLocalDb as NonNullable<Window['benchLocalDb']>).measure(plan),
        { kind, cards, batch: BATCH, lookups, budgetMs },
      );
      await page.close();
      if (result.found !== lookups)
        throw new Error(`${kind}: lookups found ${result.found} of ${lookups} cards`);
      context.log(
        `localdb: ${kind} wrote ${result.written} in ${(result.importMs / 1000).toFixed(1)} s` +
          `${result.stopped ? ' (stopped at the time budget)' : ''}; ${loadNote()}`,
      );
      measured.set(kind, result);
    }
  } finally {
    await browser.close();
    server.closeAllConnections();
    server.close();
  }
  return results(measured, cards, lookups, context.quick);
}

const rateOf = (m: Measurement) => m.written / (m.importMs / 1000);

function results(
  measured: Map<StoreKind, Measurement>,
  cards: number,
  lookups: number,
  quick: boolean,
): BenchResult[] {
  const packed = measured.get('packed') as Measurement;
  const packedRate = rateOf(packed);
  const packedP99 = percentile(packed.lookupMs, 99);
  const load = loadNote();
  return [...measured.values()].flatMap((m): BenchResult[] => {
    const rate = rateOf(m);
    const isBaseline = m.kind === 'packed';
    const size = m.stopped
      ? `stopped at the ${Math.round(m.importMs / 60_000)} min budget after ${m.written.toLocaleString('en')} of ${cards.toLocaleString('en')} cards; all ${cards.toLocaleString('en')} extrapolated at this rate: ${Math.round(cards / rate / 60)} min`
      : `${m.written.toLocaleString('en')} cards in ${round(m.importMs / 1000, 1)} s`;
    const rxdbDatabases = m.databases.filter((name) => name.startsWith('rxdb-dexie-'));
    const perCollection =
      m.kind === 'rxdb'
        ? `; IndexedDB databases RxDB opened for its 2 collections (cards, outbox): ${rxdbDatabases.join(', ')}`
        : '';
    const p99 = percentile(m.lookupMs, 99);
    return [
      {
        name: `localdb.${m.kind}.import.cardsPerSec`,
        value: Math.round(rate),
        unit: 'cards/s',
        baseline: isBaseline ? null : Math.round(packedRate),
        ratio: isBaseline ? null : round(rate / packedRate, 3),
        target: isBaseline ? 'the baseline' : 'slower than packed (ratio < 1)',
        met: isBaseline || rate < packedRate,
        note: `${LABEL[m.kind]}: ${size}${perCollection}; ${load}`,
      },
      {
        name: `localdb.${m.kind}.lookup.p99.ms`,
        value: round(p99, 2),
        unit: 'ms',
        baseline: isBaseline ? null : round(packedP99, 2),
        ratio: isBaseline ? null : round(packedP99 / p99, 3),
        target: isBaseline ? (quick ? 'the baseline' : '< 5 ms') : 'for comparison',
        met: isBaseline ? quick || p99 < 5 : true,
        note: `${LABEL[m.kind]}: ${lookups.toLocaleString('en')} random lookups among ${m.written.toLocaleString('en')} cards, p50 ${round(percentile(m.lookupMs, 50), 2)} ms`,
      },
    ];
  });
}
