import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../../..');

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** SIGKILL: no shutdown hooks, as a crash or a power cut of the process would be. */
  kill(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves once the process has printed `text` (stdout or stderr, since it started). */
  printed(text: string, timeoutMs?: number): Promise<void>;
  /** Everything printed so far, stdout and stderr interleaved. */
  output(): string;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** `npm run server -- serve` as its own process, on a free port, over the given database. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/cli.ts', 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      ...env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: env['DATABASE_URL'] ?? '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const watchers = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const watcher of watchers) watcher();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = /Sync server on (http:\/\/\S+)/.exec(output);
      if (!match?.[1]) return;
      watchers.delete(onData);
      resolve(match[1]);
    };
    watchers.add(onData);
    child.once('exit', (code) =>
      reject(new Error(`the server exited (${code}) before it listened:\n${output}`)),
    );
    setTimeout(() => reject(new Error(`the server did not start in time:\n${output}`)), 60_000);
  });
  return {
    url,
    child,
    output: () => output,
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
    printed(text, timeoutMs = 60_000) {
      return new Promise<void>((resolve, reject) => {
        const done = (error?: Error) => {
          watchers.delete(check);
          clearTimeout(timer);
          child.off('exit', onExit);
          if (error) reject(error);
          else resolve();
        };
        const check = () => {
          if (output.includes(text)) done();
        };
        const onExit = () =>
          done(new Error(`the server exited before printing "${text}":\n${output}`));
        const timer = setTimeout(
          () => done(new Error(`the server did not print "${text}" in time:\n${output}`)),
          timeoutMs,
        );
        watchers.add(check);
        child.once('exit', onExit);
        check();
      });
    },
  };
}
