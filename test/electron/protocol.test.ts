import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN, appProtocolHandler, resolveInside } from '../../electron/protocol';
import { CONTENT_SECURITY_POLICY } from '../../electron/security';
import { PGLITE_CREATE_TIMEOUT, pgliteBackend, type TestBackend } from '../server/helpers/backends';
import {
  pushBody,
  saleFact,
  startSyncTestServer,
  type SyncTestServer,
} from '../server/helpers/facts';

describe('the register:// protocol', () => {
  let base: string;
  let root: string;
  let server: string | null = null;
  let backend: TestBackend;
  let sync: SyncTestServer;
  let handle: ReturnType<typeof appProtocolHandler>;

  beforeAll(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'loyalty-protocol-'));
    root = path.join(base, 'renderer');
    await mkdir(path.join(root, 'assets'), { recursive: true });
    await writeFile(path.join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(path.join(root, 'assets', 'app-1.js'), 'console.log(1)');
    await writeFile(path.join(base, 'secret.txt'), 'SECRET-CONTENT');
    await symlink(path.join(base, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
    backend = await pgliteBackend();
    sync = await startSyncTestServer(backend);
    handle = appProtocolHandler({
      rootDir: root,
      serverUrl: () => server,
      forward: (request) => fetch(request),
      contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    });
  }, PGLITE_CREATE_TIMEOUT);

  afterAll(async () => {
    await sync?.server.close();
    await backend?.remove();
    await rm(base, { recursive: true, force: true });
  });

  const get = (pathAndQuery: string, init?: RequestInit) =>
    handle(new Request(`${APP_ORIGIN}${pathAndQuery}`, init));

  it('serves the built files with their types, and the page with its content security policy', async () => {
    const page = await get('/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toContain('<div id="root">');
    const script = await get('/assets/app-1.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await script.text()).toBe('console.log(1)');
  });

  it("answers the app's own routes with the page, and a missing asset with 404", async () => {
    for (const route of ['/', '/sale/123', '/cards?number=1']) {
      const response = await get(route);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<div id="root">');
    }
    expect((await get('/assets/missing.js')).status).toBe(404);
    expect((await get('/index.html', { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('refuses every way out of the renderer folder', async () => {
    const attempts = [
      '/%2e%2e/secret.txt',
      '/assets/%2E%2E/%2E%2E/secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%5c..%5csecret.txt',
      '/%00index.html',
      `/${encodeURIComponent(path.join(base, 'secret.txt'))}`,
      '/C:%5cWindows%5cwin.ini',
      '/%E0%A4%A',
    ];
    for (const attempt of attempts) {
      const response = await get(attempt);
      // The URL parser already folds some of them back inside; the guard refuses the rest.
      expect([403, 404], attempt).toContain(response.status);
      expect(await response.text()).not.toContain('SECRET-CONTENT');
    }
    // A symbolic link inside that points outside is not followed.
    const link = await get('/assets/link.txt');
    expect(link.status).toBe(404);
    expect(await link.text()).not.toContain('SECRET-CONTENT');
    expect(resolveInside(root, '/assets/app-1.js')).toBe(path.join(root, 'assets', 'app-1.js'));
    const escapes = [
      '/..%2fsecret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/a/..%5c..%5cx',
      '/%00x',
      '/C:%5cx',
      '/%E0%A4%A',
    ];
    for (const attempt of escapes) expect(resolveInside(root, attempt), attempt).toBeNull();
    // An encoded absolute path is only a name inside the folder.
    expect(resolveInside(root, '/%2Fetc%2Fpasswd')).toBe(path.join(root, 'etc', 'passwd'));
    expect(resolveInside(root, '/assets/../index.html')).toBeNull();
  });

  it('forwards the server paths to the sync server, token and body included', async () => {
    server = null;
    const before = await get('/api/sync/push', { method: 'POST' });
    expect(before.status).toBe(503);
    expect(await before.json()).toMatchObject({ error: { code: 'noServer' } });

    server = sync.server.url;
    const health = await get('/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true });
    const fact = saleFact({ card: null, lines: [{ net: '2.00' }] });
    const pushed = await get('/api/sync/push', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${sync.registers['S1-R1']}`,
        cookie: 'not=forwarded',
      },
      body: JSON.stringify(pushBody([fact])),
    });
    expect(pushed.status).toBe(200);
    expect((await pushed.json()).results).toEqual([{ id: fact.id, status: 'accepted' }]);
    const refused = await get('/api/sync/push', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(pushBody([fact])),
    });
    expect(refused.status).toBe(401);
  });

  it('fails like a network error when the server cannot be reached, so the page sees offline', async () => {
    server = 'http://127.0.0.1:9';
    const response = await get('/api/sync/feed');
    expect(response.type).toBe('error');
  });
});
