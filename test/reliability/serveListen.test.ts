import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from '../server/helpers/backends';

const root = join(import.meta.dirname, '../..');

/** Runs `serve` to its end and answers its exit code and output. */
function serve(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/cli.ts', 'serve'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', ...env, HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`serve on a taken port (${backendKind.name})`, () => {
    let backend: TestBackend;
    let taken: Server;
    let port: number;

    beforeAll(async () => {
      backend = await backendKind.create();
      taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      port = (taken.address() as { port: number }).port;
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await new Promise((resolve) => taken?.close(resolve));
      await backend?.remove();
    });

    it('exits non-zero with the reason instead of hanging', async () => {
      const outcome = await serve({ ...backend.env, PORT: String(port) });
      expect(outcome.code).toBe(1);
      expect(outcome.output).toMatch(/EADDRINUSE/);
    }, 90_000);
  });
}
