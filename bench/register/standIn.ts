import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { CardPages } from './pages';

export const SERVER_TIME = '2026-03-01T10:00:00.000Z';

const STORE = {
  id: 'S1',
  name: 'Store S1',
  currency: 'USD',
  timeZone: 'Europe/Amsterdam',
  program: 'MAIN',
  profile: { generateCardNumbers: true, offlineEarning: true, offlineRedemption: null },
};

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
};

const BASELINE_HTML =
  '<!doctype html><html><body><script type="module" src="/bench/baseline.js"></script></body></html>';

/**
 * A stand-in for the sync server that answers at once from pages rendered beforehand, and serves
 * the built register plus the baseline page (`/bench/`).
 */
export class StandInServer {
  private readonly http: Server;
  url = '';

  constructor(
    private readonly pages: CardPages,
    private readonly registerDir: string,
    private readonly baselineDir: string,
  ) {
    this.http = createServer((request, response) => void this.serve(request, response));
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.http.closeAllConnections();
    await new Promise((resolve) => this.http.close(resolve));
  }

  /** The card pages' addresses in order, for the baseline. */
  pageUrls(): string[] {
    return [...this.pages.bodies.keys()].map(
      (after) => `/api/sync/snapshot/card${after ? `?after=${after}` : ''}`,
    );
  }

  private answerApi(url: URL, response: ServerResponse): void {
    const json = (body: string | Buffer) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    };
    if (url.pathname === '/api/sync/snapshot') return json(this.pages.manifest);
    if (url.pathname === '/api/sync/snapshot/store')
      return json(
        JSON.stringify({
          protocol: 1,
          store: 'S1',
          collection: 'store',
          rows: [STORE],
          next: null,
        }),
      );
    if (url.pathname === '/api/sync/snapshot/card') {
      const body = this.pages.bodies.get(url.searchParams.get('after') ?? '');
      if (body) return json(body);
      response.writeHead(404).end();
      return;
    }
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

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/')) return this.answerApi(url, response);
    if (url.pathname === '/bench/baseline.html') {
      response.writeHead(200, { 'content-type': 'text/html' }).end(BASELINE_HTML);
      return;
    }
    const [dir, file] = url.pathname.startsWith('/bench/')
      ? [this.baselineDir, url.pathname.slice('/bench/'.length)]
      : [this.registerDir, url.pathname === '/' ? 'index.html' : url.pathname];
    try {
      const body = await readFile(join(dir, normalize(file).replace(/^\/+/, '')));
      response
        .writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
        .end(body);
    } catch {
      response.writeHead(404).end();
    }
  }
}
