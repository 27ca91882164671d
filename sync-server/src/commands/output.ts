/**
 * What a command prints for the person or script that ran it: its answer on stdout (JSON lines
 * that scripts read, CONTRACT.md), its usage and failures on stderr. The server's own log goes
 * through the logger (observability/logger.ts), never here.
 */
export function printLine(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function printError(line: string): void {
  process.stderr.write(`${line}\n`);
}
