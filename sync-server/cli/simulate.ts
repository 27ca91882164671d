import { readFile } from 'node:fs/promises';
import { SimulationInputError, simulate } from '../../shared/simulator/simulate';

/** `npm run simulate -- file.json`: prints the simulation result; exit 2 with a reason for a bad file. */
function fail(message: string): never {
  process.stderr.write(`simulate: ${message}\n`);
  process.exit(2);
}

async function main(argv: readonly string[]): Promise<void> {
  const file = argv[0];
  if (!file || argv.length > 1) fail('usage: npm run simulate -- <file.json>');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    fail(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    fail(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    process.stdout.write(`${JSON.stringify(simulate(raw), null, 2)}\n`);
  } catch (error) {
    if (error instanceof SimulationInputError)
      fail(`${file} is not a valid simulation input:\n  ${error.problems.join('\n  ')}`);
    if (
      error instanceof RangeError ||
      (error instanceof Error && error.name === 'AmountFormatError')
    ) {
      fail(`${file}: ${error.message}`);
    }
    throw error;
  }
}

await main(process.argv.slice(2));
