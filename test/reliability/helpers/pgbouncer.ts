import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/** Where Debian's package puts it; PGBOUNCER overrides. */
export const PGBOUNCER = process.env.PGBOUNCER?.trim() || '/usr/sbin/pgbouncer';

/**
 * A real PgBouncer in transaction pooling mode in front of one database of a PostgreSQL server,
 * as compose.yaml runs it in production: each transaction may get another server connection.
 */
export interface PgBouncer {
  /** The pooled URL of the database, as the server's DATABASE_URL. */
  readonly url: string;
  /** Its admin console (SHOW STATS, SHOW POOLS). */
  readonly adminUrl: string;
  readonly port: number;
  /** The pgbouncer.ini it runs with. */
  readonly ini: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The shipped settings (deploy/pgbouncer/pgbouncer.ini) but where it listens and whom it trusts. */
const SHIPPED_INI = fileURLToPath(
  new URL('../../../deploy/pgbouncer/pgbouncer.ini', import.meta.url),
);
const LOCAL_KEYS = new Set(['listen_addr', 'listen_port', 'auth_type', 'auth_file', 'user']);

function shippedSettings(): string[] {
  const text = readFileSync(SHIPPED_INI, 'utf8');
  const section = text.slice(text.indexOf('[pgbouncer]') + '[pgbouncer]'.length);
  return section
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith(';'))
    .filter((line) => !LOCAL_KEYS.has(line.split('=')[0]?.trim() ?? ''));
}

function iniFor(database: URL, port: number): string {
  const name = database.pathname.slice(1);
  const user = decodeURIComponent(database.username || 'postgres');
  return [
    '[databases]',
    `${name} = host=${database.hostname} port=${database.port || 5432} dbname=${name}`,
    '[pgbouncer]',
    ...shippedSettings(),
    'listen_addr = 127.0.0.1',
    `listen_port = ${port}`,
    'auth_type = trust',
    'auth_file = users.txt',
    `admin_users = ${user}`,
    // Few server connections, so transactions of different clients really share them.
    'default_pool_size = 3',
    // PgBouncer refuses to run as root; started as root it drops to this user after reading.
    ...(process.getuid?.() === 0 ? ['user = nobody'] : []),
    '',
  ].join('\n');
}

/** Starts PgBouncer on a free port in front of the database at `databaseUrl`; waits until it answers. */
export async function startPgBouncer(databaseUrl: string): Promise<PgBouncer> {
  const database = new URL(databaseUrl);
  const dir = await mkdtemp(path.join(tmpdir(), 'loyalty-pgbouncer-'));
  const port = await freePort();
  const user = decodeURIComponent(database.username || 'postgres');
  await writeFile(path.join(dir, 'users.txt'), `"${user}" ""\n`);
  await writeFile(path.join(dir, 'pgbouncer.ini'), iniFor(database, port));
  const child = spawn(PGBOUNCER, ['pgbouncer.ini'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const pooled = new URL(databaseUrl);
  pooled.hostname = '127.0.0.1';
  pooled.port = String(port);
  const admin = new URL(pooled);
  admin.pathname = '/pgbouncer';
  try {
    await answers(pooled.toString(), child, () => output);
  } catch (error) {
    await stop(child);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: pooled.toString(),
    adminUrl: admin.toString(),
    port,
    ini: iniFor(database, port),
    async stop() {
      await stop(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until a query through PgBouncer answers, or PgBouncer exits (with what it printed). */
async function answers(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited:\n${output()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`pgbouncer does not answer: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}
