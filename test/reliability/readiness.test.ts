import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../sync-server/src/db/postgres';
import { DATABASE_URL, postgresBackend, type TestBackend } from '../server/helpers/backends';
import { startTestServer, type TestServer } from '../server/helpers/server';
import { startTcpProxy, type TcpProxy } from './helpers/tcpProxy';

/**
 * What a load balancer sees while PostgreSQL is out of reach: /readyz says 503 (take this server
 * out of rotation), /healthz still 200 (the process is fine: do not restart it); once the
 * database is back, /readyz is 200 again without a restart.
 */
describe.skipIf(!DATABASE_URL)('readiness while the database is cut', () => {
  let backend: TestBackend;
  let proxy: TcpProxy;
  let server: TestServer;

  beforeAll(async () => {
    backend = await postgresBackend(DATABASE_URL ?? '');
    const direct = new URL(backend.env['DATABASE_URL'] ?? '');
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const proxied = new URL(direct);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    server = await startTestServer({
      ...backend,
      open: () => openPostgres(proxied.toString(), { poolSize: 2 }),
    });
  }, 60_000);

  afterAll(async () => {
    proxy?.restore();
    await server?.close();
    await proxy?.close();
    await backend?.remove();
  });

  it('answers /readyz 503 while PostgreSQL is cut and 200 after, /healthz 200 throughout', async () => {
    expect((await server.call('GET', '/readyz')).status).toBe(200);

    proxy.cut();
    const cut = await server.call<{ error: { code: string; message: string } }>('GET', '/readyz');
    expect(cut.status).toBe(503);
    expect(cut.body.error).toMatchObject({ code: 'notReady' });
    expect(cut.body.error.message).toMatch(/^database unreachable: /);
    expect((await server.call('GET', '/healthz')).status).toBe(200);
    expect(proxy.stats.cuts).toBe(1);

    proxy.restore();
    await expect
      .poll(async () => (await server.call('GET', '/readyz')).status, { timeout: 20_000 })
      .toBe(200);
  }, 60_000);
});
