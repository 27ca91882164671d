/*
 * The register's service worker, for a plain browser (the desktop shell serves the register from
 * disk): it keeps the page and the built assets, so the register reloads without the network.
 * The page (and its few unhashed scripts) is fetched fresh whenever the server answers and taken
 * from the copy only when it does not; assets carry their hash in their name, so a kept one is
 * never stale. The server's own paths (the API, the console) are left to the network.
 */

const PAGE = '/';
/**
 * The page's classic scripts from the public folder, run before the bundle (no-eval.js keeps zod
 * off eval under the CSP). Not hashed, so, like the page, taken fresh when the server answers.
 */
const PAGE_SCRIPTS = ['/no-eval.js'];
/** Every built asset, filled in by the build (vite.config.ts): kept at install, before any use. */
const ASSETS = '__REGISTER_ASSETS__'.split(',').filter((path) => path.startsWith('/assets/'));
/** One cache per build (named after its hashed register bundle); older ones go at activation. */
const CACHE = `register-shell ${ASSETS.find((path) => path.includes('/register-')) ?? ''}`;
const SERVER_PATHS = /^\/(api|docs|healthz|readyz|metrics|hq)(\/|$)/;

interface ExtendableEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(answer: Promise<Response>): void;
}
interface WorkerScope {
  readonly location: Location;
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

const scope = self as unknown as WorkerScope;

async function fromNetworkElseCopy(request: Request, key: string): Promise<Response> {
  const cache = await caches.open(CACHE);
  try {
    const answer = await fetch(request);
    if (answer.ok) await cache.put(key, answer.clone());
    return answer;
  } catch (error) {
    const kept = await cache.match(key);
    if (kept) return kept;
    throw error;
  }
}

async function assetFromCopy(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const answer = await fetch(request);
  if (answer.ok) await cache.put(request, answer.clone());
  return answer;
}

scope.addEventListener('install', (event) =>
  event.waitUntil(
    (async () => {
      // The page that installed the worker loaded before the worker could keep anything.
      const cache = await caches.open(CACHE);
      await cache.addAll([PAGE, ...PAGE_SCRIPTS, ...ASSETS]);
      await scope.skipWaiting();
    })(),
  ),
);

scope.addEventListener('activate', (event) =>
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await scope.clients.claim();
    })(),
  ),
);

scope.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== scope.location.origin) return;
  if (SERVER_PATHS.test(url.pathname)) return;
  if (request.mode === 'navigate') event.respondWith(fromNetworkElseCopy(request, PAGE));
  else if (PAGE_SCRIPTS.includes(url.pathname))
    event.respondWith(fromNetworkElseCopy(request, url.pathname));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(assetFromCopy(request));
});
