import type { Page } from 'playwright-core';
import { launchBrowser } from '../test/e2e/helpers/browser';
import { numberAt } from '../test/register/cards';
import {
  fasterThan,
  percentile,
  round,
  secondsSince,
  type BenchContext,
  type BenchResult,
} from './lib/results';
import { loadNote } from './lib/machine';
import { buildBaselinePage, buildRegister } from './register/build';
import { renderPages } from './register/pages';
import { SERVER_TIME, StandInServer } from './register/standIn';

type RegisterData = NonNullable<Window['registerData']>;

const LOOKUPS = 10_000;

async function waitUntilReady(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(() => window.registerData?.engine.getState().phase === 'ready', null, {
    timeout: timeoutMs,
    polling: 100,
  });
}

async function lookupTimes(
  page: Page,
  numbers: string[],
): Promise<{ times: number[]; found: number }> {
  return page.evaluate(async (wanted) => {
    const times: number[] = [];
    let found = 0;
    for (const number of wanted) {
      const start = performance.now();
      if (await (window.registerData as RegisterData).lookupCard(number)) found += 1;
      times.push(performance.now() - start);
    }
    return { times, found };
  }, numbers);
}

async function randomLookups(page: Page, cards: number): Promise<number[]> {
  const numbers = Array.from({ length: LOOKUPS }, () =>
    numberAt(Math.floor(Math.random() * cards)),
  );
  const lookups = await lookupTimes(page, numbers);
  if (lookups.found !== LOOKUPS)
    throw new Error(`lookups found ${lookups.found} of ${LOOKUPS} cards`);
  return lookups.times;
}

/**
 * register.bootstrap.seconds and register.lookup.p99.ms: a register's first start in headless
 * Chromium from a snapshot of CARDS cards answered by a stand-in server, then random lookups; the
 * baseline writes the same cards one record each with Dexie's bulkPut.
 */
export async function run(context: BenchContext): Promise<BenchResult[]> {
  const cards = context.quick ? 50_000 : 1_000_000;
  context.log(`register: building the register and the baseline page`);
  const registerDir = await buildRegister();
  const baselineDir = await buildBaselinePage();
  context.log(`register: rendering ${cards} cards`);
  const server = new StandInServer(renderPages(cards, SERVER_TIME), registerDir, baselineDir);
  await server.start();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    context.log('register: first start');
    const started = performance.now();
    await page.goto(`${server.url}/#token=reg_bench&store=S1&register=R1`);
    await waitUntilReady(page, 900_000);
    const bootstrap = secondsSince(started);
    const bootLoad = loadNote();
    context.log(
      `register: ready after ${bootstrap.toFixed(1)} s (${bootLoad}); ${LOOKUPS} lookups`,
    );

    // Two passes of fresh random numbers: the first right after the load, while IndexedDB still
    // settles the bulk write; the second is the register in steady use, the number reported.
    const fresh = await randomLookups(page, cards);
    const steady = await randomLookups(page, cards);
    const p50 = percentile(steady, 50);
    const p99 = percentile(steady, 99);
    const firstPass = `first pass right after loading p50 ${round(percentile(fresh, 50), 2)} / p99 ${round(percentile(fresh, 99), 2)} ms`;
    await page.close();

    context.log('register: baseline (one record per card, Dexie bulkPut)');
    const plain = await browser.newPage();
    await plain.goto(`${server.url}/bench/baseline.html`);
    await plain.waitForFunction(() => window.benchBaseline !== undefined);
    const baselineStarted = performance.now();
    const written = await plain.evaluate(
      (urls) => (window.benchBaseline as NonNullable<Window['benchBaseline']>).loadPlain(urls),
      server.pageUrls(),
    );
    const baseline = secondsSince(baselineStarted);
    if (written !== cards) throw new Error(`the baseline wrote ${written} of ${cards} cards`);
    context.log(`register: baseline ${baseline.toFixed(1)} s`);

    const ratio = fasterThan(baseline, bootstrap);
    const size = `${cards.toLocaleString('en')} cards`;
    return [
      {
        name: 'register.bootstrap.seconds',
        value: round(bootstrap, 1),
        unit: 's',
        baseline: round(baseline, 1),
        ratio,
        target: context.quick ? 'ratio >= 6' : '< 30 s, ratio >= 6',
        met: ratio >= 6 && (context.quick || bootstrap < 30),
        note: `${size}, ${Math.round(cards / bootstrap).toLocaleString('en')} cards/s; ${bootLoad}`,
      },
      {
        name: 'register.lookup.p99.ms',
        value: round(p99, 2),
        unit: 'ms',
        baseline: null,
        ratio: null,
        target: '< 5 ms',
        met: p99 < 5,
        note: `${size}, ${LOOKUPS} random lookups (second pass), p50 ${round(p50, 2)} ms; ${firstPass}; ${loadNote()}`,
      },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}
