import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteBackend, PGLITE_CREATE_TIMEOUT, type TestBackend } from '../server/helpers/backends';
import type { TestServer } from '../server/helpers/server';
import { startSecurityServer } from './helpers/principals';

describe('security headers on every page and API answer', () => {
  let backend: TestBackend;
  let server: TestServer;

  beforeAll(async () => {
    backend = await pgliteBackend();
    server = await startSecurityServer(backend);
  }, PGLITE_CREATE_TIMEOUT);

  afterAll(async () => {
    await server?.close();
    await backend?.remove();
  });

  const paths = [
    '/',
    '/hq',
    '/hq/schemes',
    '/docs',
    '/docs/static/index.html',
    '/healthz',
    '/api/sync/feed',
    '/api/hq/staff',
    '/api/no-such-route',
  ];

  it.each(paths)('%s answers with CSP, no framing, no sniffing and no referrer', async (path) => {
    const response = await fetch(`${server.url}${path}`, { redirect: 'manual' });
    await response.arrayBuffer();
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
