import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const RENDERER_INDEX = path.resolve('dist/renderer/index.html');

/** Resolves with the first match of `pattern` in the child's output, or rejects on exit/timeout. */
function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] ?? match[0]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code} before ${pattern}; output:\n${output}`));
    });
  });
}

describe('npm start', { timeout: 90_000 }, () => {
  let dataDir: string;
  let child: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'loyalty-start-'));
    // `npm start` builds the register first (prestart); this test reuses a build when there is one.
    if (!existsSync(RENDERER_INDEX))
      await promisify(execFile)(path.resolve('node_modules/.bin/vite'), ['build']);
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves the register, the console and health on the printed URL, and stops on Ctrl-C', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      DEMO_CARDS: '40',
      START_ELECTRON: '0',
    };
    delete env.DATABASE_URL;
    child = spawn(path.resolve('node_modules/.bin/tsx'), ['scripts/start.ts'], { env });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitForOutput(child, /Press Ctrl-C to stop/, 75_000);
    const registerUrl = /Register:\s+(http:\S+)/.exec(output)?.[1] ?? 'no URL printed';

    const home = await fetch(registerUrl);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toContain('text/html');
    expect(await home.text()).toContain('<div id="root">');
    // The register's own routes fall back to its page; unknown API paths do not.
    expect((await fetch(new URL('/sale/123', registerUrl))).status).toBe(200);
    const api = await fetch(new URL('/api/no-such-thing', registerUrl));
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: { code: 'notFound' } });

    const console = await fetch(new URL('/hq', registerUrl));
    expect(console.status).toBe(200);
    expect(await console.text()).toContain('<title>Head office console</title>');
    const health = await fetch(new URL('/healthz', registerUrl));
    expect(await health.json()).toMatchObject({ ok: true });

    expect(output).toMatch(/Electron not started: START_ELECTRON=0/);
    expect(output).toMatch(/HQ1\s+headOffice\s+9000/);

    const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('Stopped.');
  });
});
