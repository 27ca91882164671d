import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const HTML =
  '<!doctype html><html><body><script type="module" src="/page.js"></script></body></html>';

/** Bundles the benchmark page (the register's card store, Dexie and RxDB) into a temporary folder. */
export async function buildPage(outDir: string): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      lib: {
        entry: fileURLToPath(new URL('./page.ts', import.meta.url)),
        formats: ['es'],
        fileName: () => 'page.js',
      },
    },
  });
}

/** Serves the page from 127.0.0.1 (IndexedDB wants an origin); resolves to its address. */
export async function servePage(dir: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    if (request.url === '/page.js')
      void readFile(join(dir, 'page.js')).then(
        (body) => response.writeHead(200, { 'content-type': 'text/javascript' }).end(body),
        () => response.writeHead(404).end(),
      );
    else response.writeHead(200, { 'content-type': 'text/html' }).end(HTML);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}
