import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess } from './helpers/process';

const run = promisify(execFile);
const TSX = path.resolve('node_modules/.bin/tsx');
const CLI = path.resolve('sync-server/src/cli.ts');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the server CLI as `npm run server -- ...` would. */
async function server(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  // Without DATABASE_URL the CLI must use the embedded database, whatever the test run was given.
  const inherited = { ...process.env };
  delete inherited.DATABASE_URL;
  try {
    const { stdout, stderr } = await run(TSX, [CLI, ...args], { env: { ...inherited, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('npm run server', { timeout: 60_000 }, () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('names an unknown command and lists the known ones', async () => {
    const outcome = await server(['frobnicate']);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('Unknown command "frobnicate"');
    expect(outcome.stderr).toMatch(/^\s+migrate\s/m);
  });

  it('migrate creates the embedded database in DATA_DIR, then finds it up to date', async () => {
    const dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'loyalty-cli-')), 'data');
    dirs.push(path.dirname(dataDir));
    const first = await server(['migrate'], { DATA_DIR: dataDir });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`embedded PGlite in ${path.join(dataDir, 'pglite')}`);
    expect(first.stdout).toMatch(/^Applied 0000_init$/m);

    const second = await server(['migrate'], { DATA_DIR: dataDir });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/Up to date \(\d+ migrations\)\./);
  });

  it('serve starts without a warning from Node or a library (no deprecation)', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'loyalty-cli-'));
    dirs.push(dataDir);
    const serving = await startServerProcess({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    try {
      const health = await fetch(`${serving.url}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      await serving.stop();
    }
    expect(serving.output()).toContain('Sync server on');
    expect(serving.output()).not.toMatch(/Warning|Deprecation|FSTDEP/);
  });
});
