import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../shared/protocol/api';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import { seedBasics, signIn } from './helpers/fixtures';
import { startTestServer, type TestServer } from './helpers/server';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const VECTOR = join(root, 'test/vectors/06-redeem-soonest-expiry.in.json');
const readJson = (file: string) =>
  JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

type ErrorBody = { error: { code: string; message: string; details: string[] } };

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`the simulator over HTTP (${backendKind.name})`, () => {
    let backend: TestBackend;
    let server: TestServer;
    let cashier: string;

    beforeAll(async () => {
      backend = await backendKind.create();
      server = await startTestServer(backend);
      await seedBasics(server.database);
      cashier = await signIn(server, 'cashier');
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await server?.close();
      await backend?.remove();
    });

    it('answers exactly what `npm run simulate` prints for a vector', async () => {
      const { stdout } = await run('npm', ['run', '--silent', 'simulate', '--', VECTOR], {
        cwd: root,
      });
      const overHttp = await server.call('POST', '/api/simulate', {
        token: cashier,
        body: readJson(VECTOR),
      });
      expect(overHttp.status).toBe(200);
      expect(overHttp.body).toEqual(JSON.parse(stdout));
      const expected = readJson(VECTOR.replace('.in.json', '.out.json'));
      expect(overHttp.body).toMatchObject(expected);
      // The reply is what the API contract states for the route.
      expect(api.cards.simulate.reply?.safeParse(overHttp.body).error).toBeUndefined();
    }, 60_000);

    it('answers 400 with the field paths of a bad input', async () => {
      const input = readJson(VECTOR) as { sale: { lines: Record<string, unknown>[] } };
      const line = input.sale.lines[0];
      if (line) line['netAmount'] = 12.99;
      const shape = await server.call<ErrorBody>('POST', '/api/simulate', {
        token: cashier,
        body: input,
      });
      expect(shape.status).toBe(400);
      expect(shape.body.error.message).toMatch(/sale\.lines\.0\.netAmount/);

      const unknown = readJson(VECTOR) as { scheme: { redemption: { rewardPoint: string }[] } };
      const redemption = unknown.scheme.redemption[0];
      if (redemption) redemption.rewardPoint = 'GHOST';
      const reference = await server.call<ErrorBody>('POST', '/api/simulate', {
        token: cashier,
        body: unknown,
      });
      expect(reference.status).toBe(400);
      expect(reference.body.error.details).toContain(
        'scheme.redemption.0.rewardPoint: unknown reward point "GHOST" (not in rewardPoints)',
      );
    });

    it('needs a signed-in member of staff', async () => {
      expect((await server.call('POST', '/api/simulate', { body: readJson(VECTOR) })).status).toBe(
        401,
      );
    });
  });
}
