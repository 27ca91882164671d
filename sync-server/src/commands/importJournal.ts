import { readFile } from 'node:fs/promises';
import { parseJournal } from '../../../shared/protocol/journal';
import { systemClock } from '../clock';
import { configFromEnv } from '../config';
import { contextFor } from '../context';
import { migrate } from '../db/migrate';
import { openDatabase } from '../db/open';
import { localBus } from '../events/bus';
import { importJournal } from '../ingest/journalImport';
import { UsageError, type Command } from './command';
import { printLine } from './output';

async function readJournalFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

/**
 * Imports a register's exported journal as head office would: each fact checked against the
 * register and store it names, stored once however often the file is imported. Prints one JSON
 * line (counts, problems by line, rejected facts by line); exit 1 when any line was not stored.
 */
export const importJournalCommand: Command = {
  args: '<file>',
  summary: "import a register's exported journal of unsynced facts (idempotent)",
  async run(args, env) {
    const [file] = args;
    if (!file || args.length !== 1) throw new UsageError('import-journal needs one file');
    const journal = parseJournal(await readJournalFile(file));
    const config = configFromEnv(env);
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
    });
    try {
      await migrate(database);
      const context = contextFor({ database, clock: systemClock, config, events: localBus() });
      const result = await importJournal(context, { kind: 'headOffice' }, journal);
      const rejected = result.results.filter((fact) => fact.status === 'rejected');
      printLine(JSON.stringify({ counts: result.counts, problems: result.problems, rejected }));
      return result.counts.invalid + result.counts.rejected === 0 && journal.facts.length > 0
        ? 0
        : 1;
    } finally {
      await database.close();
    }
  },
};
