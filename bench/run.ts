import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { formatTable, type BenchContext, type BenchModule, type BenchResult } from './lib/results';
import { loadNote } from './lib/machine';

/**
 * Runs the benchmarks in order and writes bench/results.json (or, with --quick, small sizes to
 * bench/results.quick.json, so CI keeps them from rotting without touching the committed numbers).
 * `--only <module>` runs one. A module not written yet is listed as skipped, not failed.
 *
 * Each module is bench/<name>.ts exporting `run(context: BenchContext): Promise<BenchResult[]>`
 * (bench/lib/results.ts): it makes its own data at `context.quick` or full size, measures, and
 * answers its numbers with their baseline, target and whether this run met it.
 */
const MODULES = [
  'registerBootstrap', // register.bootstrap.seconds, register.lookup.p99.ms
  'registerSale', // register.sale.p99.ms (written with the register's sale function)
  'serverPush', // server.push.factsPerSec
  'postJob', // server.postJob.seconds
  'distribution', // server.distribution.seconds, server.distribution.snapshot.seconds
  'load', // server.load.p99.ms
  'localDatabase', // localdb.{packed,perCard,rxdb}.import.cardsPerSec and .lookup.p99.ms
] as const;

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
}

async function runModule(
  name: string,
  context: BenchContext,
): Promise<BenchResult[] | Error | null> {
  const path = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  if (!existsSync(path)) return null;
  try {
    const module = (await import(path)) as BenchModule;
    return await module.run(context);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const only = option('--only');
  const unknown = only !== undefined && !(MODULES as readonly string[]).includes(only);
  if (unknown) throw new Error(`--only ${only}: no such benchmark (${MODULES.join(', ')})`);
  const started = Date.now();
  const context: BenchContext = {
    quick,
    log: (line) => console.log(`[${((Date.now() - started) / 1000).toFixed(0)} s] ${line}`),
  };
  context.log(`${quick ? 'quick' : 'full'} run; ${loadNote()}`);
  const results: BenchResult[] = [];
  const failures: string[] = [];
  for (const name of MODULES) {
    if (only && name !== only) continue;
    const outcome = await runModule(name, context);
    if (outcome === null) context.log(`${name}: not written yet, skipped`);
    else if (outcome instanceof Error) {
      failures.push(`${name}: ${outcome.stack ?? outcome.message}`);
      context.log(`${name} FAILED: ${outcome.message}`);
    } else results.push(...outcome);
  }
  const file = quick ? 'results.quick.json' : only ? `results.${only}.json` : 'results.json';
  await writeFile(new URL(`./${file}`, import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  const sizes = quick ? '\nquick sizes: the targets are for the full sizes (npm run bench)\n' : '';
  console.log(`\n${formatTable(results)}\n${sizes}\nwritten to bench/${file}`);
  if (failures.length > 0) {
    console.error(`\n${failures.join('\n\n')}`);
    process.exitCode = 1;
  }
}

await main();
