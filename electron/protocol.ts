import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** The register page's own origin in the shell: `register://app/`, never `file://`. */
export const APP_SCHEME = 'register';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_PAGE = `${APP_ORIGIN}/index.html`;

/** Paths that belong to the sync server: forwarded there, so the page's own origin reaches it. */
const SERVER_PATHS = /^\/(api\/|healthz$)/;

/** Request headers worth forwarding; cookies and the custom origin stay behind. */
const FORWARDED_HEADERS = [
  'accept',
  'authorization',
  'cache-control',
  'content-type',
  'x-staff-token',
];

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * The file under `root` a URL path names, or null when the path tries to leave it (`..` in any
 * encoding, a backslash, a NUL, an absolute or drive path). Only resolves names; symbolic links
 * are checked against the real root when the file is opened.
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.some((segment) => segment === '..' || /^[A-Za-z]:/.test(segment))) return null;
  const full = path.resolve(root, ...segments);
  const relative = path.relative(path.resolve(root), full);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return full;
}

async function isInsideRealRoot(root: string, file: string): Promise<boolean> {
  const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
  const relative = path.relative(realRoot, realFile);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

async function regularFile(root: string, file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile() && (await isInsideRealRoot(root, file));
  } catch {
    return false;
  }
}

export interface AppProtocolOptions {
  /** The built renderer (dist/renderer). */
  readonly rootDir: string;
  /** The sync server's origin, or null before one is set. */
  readonly serverUrl: () => string | null;
  /** Sends a request on to the server (Electron's `net.fetch`; Node's fetch in tests). */
  readonly forward: (request: Request) => Promise<Response>;
  /** The content security policy sent with every page. */
  readonly contentSecurityPolicy: string;
}

function plain(status: number, message: string): Response {
  return new Response(message, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}

async function serveFile(options: AppProtocolOptions, file: string, head: boolean) {
  const type = MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const headers: Record<string, string> = {
    'content-type': type,
    'x-content-type-options': 'nosniff',
  };
  if (type.startsWith('text/html')) {
    headers['content-security-policy'] = options.contentSecurityPolicy;
    // The page names hashed assets: it must never be cached, or an update would not show.
    headers['cache-control'] = 'no-cache';
  }
  return new Response(head ? null : await readFile(file), { status: 200, headers });
}

async function forwardToServer(options: AppProtocolOptions, request: Request, url: URL) {
  const server = options.serverUrl();
  if (!server) {
    const error = {
      code: 'noServer',
      message: 'no sync server is set for this register yet: enrol it first',
    };
    return Response.json({ error }, { status: 503 });
  }
  const headers = new Headers();
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  try {
    return await options.forward(
      new Request(`${server}${url.pathname}${url.search}`, {
        method: request.method,
        headers,
        body: hasBody ? await request.arrayBuffer() : undefined,
        signal: request.signal,
      }),
    );
  } catch {
    // A network error, as the page would see it from the server directly: it counts as offline.
    return Response.error();
  }
}

/**
 * Answers the register page's requests on `register://app/`: the built renderer's files (the page
 * itself for any other path, so the app's own routes survive a reload) and the sync server's paths
 * forwarded to the server the register is enrolled with.
 */
export function appProtocolHandler(options: AppProtocolOptions) {
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return plain(404, `unknown host ${url.host}`);
    if (SERVER_PATHS.test(url.pathname)) return forwardToServer(options, request, url);
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return plain(405, `${request.method} is not allowed here`);
    const file = resolveInside(options.rootDir, url.pathname);
    if (file === null) return plain(403, 'that path leads outside the register');
    const head = request.method === 'HEAD';
    if (await regularFile(options.rootDir, file)) return serveFile(options, file, head);
    if (path.extname(file) !== '') return plain(404, `${url.pathname} was not found`);
    const page = path.join(options.rootDir, 'index.html');
    if (await regularFile(options.rootDir, page)) return serveFile(options, page, head);
    return plain(503, 'the register is not built: run `npx vite build`');
  };
}
