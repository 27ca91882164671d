import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_DIR } from '../../sync-server/src/http/routes/static';
import { cardSummary, numberAt } from '../register/cards';
import { launchBrowser } from './helpers/browser';

type RegisterData = NonNullable<Window['registerData']>;

/**
 * The register's card store at scale, in a real Chromium: a first start from a bulk snapshot of
 * CARDS synthetic cards (100,000 by default; REGISTER_PERF_CARDS=1000000 for the full target), then
 * lookups by number. A small stand-in server answers the sync API at once, so the numbers are the
 * register's own (download, validation, packing, IndexedDB). Prints the numbers; asserts no timing.
 */
const CARDS = Number(process.env['REGISTER_PERF_CARDS'] ?? 100_000);
const PAGE = 10_000;
const LOOKUPS = 10_000;
const SERVER_TIME = '2026-03-01T10:00:00.000Z';

const pages = Math.ceil(CARDS / PAGE);
const boundary = (page: number) => (page <= 0 ? null : numberAt(page * PAGE - 1));

const manifest = {
  protocol: 1,
  store: 'S1',
  version: 1,
  checkpoint: 10,
  serverTime: SERVER_TIME,
  collections: [
    { collection: 'store', count: 1, pages: [{ after: null, upTo: null }] },
    {
      collection: 'card',
      count: CARDS,
      pages: Array.from({ length: pages }, (_, i) => ({
        after: boundary(i),
        upTo: i === pages - 1 ? null : boundary(i + 1),
      })),
    },
  ],
};

const store = {
  id: 'S1',
  name: 'Store S1',
  currency: 'USD',
  timeZone: 'Europe/Amsterdam',
  program: 'MAIN',
  profile: { generateCardNumbers: true, offlineEarning: true, offlineRedemption: null },
};

function cardPage(after: string | null): string {
  const page = after === null ? 0 : (Number(after) - Number(numberAt(0))) / 10 / PAGE + 1 / PAGE;
  const first = Math.round(page * PAGE);
  const rows = Array.from({ length: Math.min(PAGE, CARDS - first) }, (_, i) =>
    JSON.stringify(cardSummary(numberAt(first + i), first + i)),
  );
  return `{"protocol":1,"store":"S1","collection":"card","rows":[${rows.join(',')}],"next":null}`;
}

function answerApi(url: URL, response: ServerResponse): void {
  const json = (body: string) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(body);
  };
  if (url.pathname === '/api/sync/snapshot') return json(JSON.stringify(manifest));
  if (url.pathname === '/api/sync/snapshot/store')
    return json(
      JSON.stringify({ protocol: 1, store: 'S1', collection: 'store', rows: [store], next: null }),
    );
  if (url.pathname === '/api/sync/snapshot/card')
    return json(cardPage(url.searchParams.get('after')));
  if (url.pathname === '/api/sync/feed')
    return json(
      JSON.stringify({
        protocol: 1,
        store: 'S1',
        version: 1,
        checkpoint: 10,
        changes: [],
        hasMore: false,
        serverTime: SERVER_TIME,
      }),
    );
  if (url.pathname === '/api/sync/events') {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(': connected\n\n');
    return;
  }
  response.writeHead(404).end();
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
};

async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname.startsWith('/api/')) return answerApi(url, response);
  const file = url.pathname === '/' ? 'index.html' : normalize(url.pathname).replace(/^\/+/, '');
  try {
    const body = await readFile(join(RENDERER_DIR, file));
    response
      .writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
      .end(body);
  } catch {
    response.writeHead(404).end();
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;

describe(`the register's card store with ${CARDS.toLocaleString('en')} cards`, () => {
  let http: Server;
  let base: string;
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    http = createServer((request, response) => void serve(request, response));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    http?.closeAllConnections();
    await new Promise((resolve) => http?.close(resolve));
  });

  const lookupTimes = (numbers: string[]) =>
    page.evaluate(async (wanted) => {
      const times: number[] = [];
      let found = 0;
      for (const number of wanted) {
        const start = performance.now();
        if (await (window.registerData as RegisterData).lookupCard(number)) found += 1;
        times.push(performance.now() - start);
      }
      return { times, found };
    }, numbers);

  it('loads the snapshot and finds cards by number', async () => {
    const started = Date.now();
    await page.goto(`${base}/#token=reg_perf&store=S1&register=R1`);
    await expect
      .poll(() => page.evaluate(() => window.registerData?.engine.getState().phase), {
        timeout: 600_000,
        interval: 200,
      })
      .toBe('ready');
    const loadSeconds = (Date.now() - started) / 1000;
    const chunks = await page.evaluate(() =>
      (window.registerData as RegisterData).db.cardChunks.count(),
    );

    const numbers = Array.from({ length: LOOKUPS }, () =>
      numberAt(Math.floor(Math.random() * CARDS)),
    );
    const fresh = await lookupTimes(numbers);
    const warm = await lookupTimes(numbers.reverse());
    expect(fresh.found).toBe(LOOKUPS);
    expect(warm.found).toBe(LOOKUPS);
    const stats = (times: number[]) => {
      const sorted = [...times].sort((a, b) => a - b);
      return `p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms, max ${percentile(sorted, 100).toFixed(2)} ms`;
    };
    console.log(
      [
        `register card store, ${CARDS} cards in ${chunks} chunks:`,
        `  first start (snapshot to ready): ${loadSeconds.toFixed(1)} s, ${Math.round(CARDS / loadSeconds)} cards/s`,
        `  lookup right after loading: ${stats(fresh.times)}`,
        `  lookup warm: ${stats(warm.times)}`,
      ].join('\n'),
    );
    expect(chunks).toBeGreaterThanOrEqual(Math.ceil(CARDS / 128));
  }, 900_000);
});
