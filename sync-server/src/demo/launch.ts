/**
 * What `npm start` runs (scripts/start.ts, CONTRACT.md): the sync server on the embedded database
 * (or DATABASE_URL), the demo data when the database is empty, and the register: in Electron when
 * its binary is installed, otherwise the URLs to open in a browser. Ctrl-C stops it all cleanly.
 */
import { createEnrolmentCode } from '../enrolment/codes';
import { runJob } from '../jobs/runner';
import { findJob } from '../jobs/registry';
import type { ServerContext } from '../context';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { configFromEnv } from '../config';
import { migrate } from '../db/migrate';
import { databaseConfigFromEnv, openDatabase } from '../db/open';
import {
  demoCardCount,
  describeSummary,
  isEmptyDatabase,
  seedDemo,
  type DemoSummary,
} from './seed';
import { startServer } from '../server';
import { printLine } from '../commands/output';

const ELECTRON_MAIN_CANDIDATES = ['dist/electron/main.js', 'electron/main.cjs', 'electron/main.js'];

type ElectronFound = { binary: string } | { reason: string };

export function findElectron(env: NodeJS.ProcessEnv): ElectronFound {
  if (env['START_ELECTRON'] === '0') return { reason: 'START_ELECTRON=0 asked not to start it' };
  let packageDir: string;
  try {
    packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed' };
  }
  // Read from the package's own files: requiring `electron` would try to download the binary.
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile))
    return {
      reason: `Electron's binary is missing (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1)`,
    };
  const dist = env['ELECTRON_OVERRIDE_DIST_PATH'] || path.join(packageDir, 'dist');
  const binary = path.join(dist, readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { binary } : { reason: `Electron's binary is missing at ${binary}` };
}

function launchElectron(binary: string, registerUrl: string): ChildProcess {
  const main = ELECTRON_MAIN_CANDIDATES.find((file) => existsSync(file));
  // Without a shell of our own, Electron's default app opens the URL it is given.
  const args = main ? [path.resolve(main)] : [registerUrl];
  return spawn(binary, args, {
    stdio: 'inherit',
    env: { ...process.env, REGISTER_URL: registerUrl },
  });
}

async function demoData(
  database: Awaited<ReturnType<typeof openDatabase>>,
): Promise<DemoSummary | null> {
  const log = (line: string) => printLine(line);
  if (await isEmptyDatabase(database)) {
    printLine('The database is empty: making the demo data (up to a minute the first time)...');
    return (await seedDemo(database, { now: Date.now(), cardCount: demoCardCount(), log })).summary;
  }
  try {
    // Writes nothing when the demo is complete (and finishes one that was interrupted).
    return (await seedDemo(database, { now: Date.now(), cardCount: demoCardCount(), log })).summary;
  } catch {
    printLine('The database holds data of its own; no demo data added.');
    return null;
  }
}

/** The stores get their first distribution at once, so a register can load without waiting a tick. */
async function distributeNow(context: ServerContext): Promise<void> {
  const job = findJob('distribution-1050');
  if (job) await runJob(context, job, 'startup');
}

/**
 * A link that enrols the demo's first register when opened (a one-time code in the address), so
 * the register opens ready to sync; the plain address when there is no demo.
 */
async function enrolmentLink(
  context: ServerContext,
  url: string,
  summary: DemoSummary | null,
): Promise<string> {
  const store = summary?.stores[0];
  const register = store?.registers[0];
  if (!store || !register) return `${url}/`;
  const { code } = await createEnrolmentCode(context, store.id, register);
  return `${url}/#enrol=${code}`;
}

function waitForStop(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

export async function launch(): Promise<number> {
  // The terminal is for the links below; LOG_LEVEL=info shows the request log beside them.
  const config = configFromEnv({ LOG_LEVEL: 'warn', ...process.env });
  const database = await openDatabase(databaseConfigFromEnv(process.env));
  printLine(`Database: ${database.description}`);
  await migrate(database);
  const summary = await demoData(database);
  const server = await startServer({
    config,
    database,
    scheduler: true,
  });
  await distributeNow(server.context);
  const registerUrl = await enrolmentLink(server.context, server.url, summary);

  printLine('');
  printLine(`Register:            ${registerUrl}`);
  printLine(`Head office console: ${server.url}/hq`);
  printLine(`API description:     ${server.url}/docs`);
  if (summary) for (const line of describeSummary(summary)) printLine(line);

  const electron = findElectron(process.env);
  let child: ChildProcess | null = null;
  if ('binary' in electron) {
    printLine('Opening the register in Electron...');
    child = launchElectron(electron.binary, registerUrl);
    child.on('error', (error) => printLine(`Electron did not start: ${error.message}`));
  } else {
    printLine(`Electron not started: ${electron.reason}. Open ${registerUrl} in a browser.`);
  }
  printLine('Press Ctrl-C to stop.');

  const signal = await waitForStop();
  printLine(`${signal}: stopping...`);
  // Open streams (SSE) could hold the close forever; the data is safe once the database closed.
  setTimeout(() => process.exit(0), 10_000).unref();
  if (child && child.exitCode === null) child.kill('SIGTERM');
  await server.close();
  await database.close();
  printLine('Stopped.');
  return 0;
}
