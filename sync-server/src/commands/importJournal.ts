import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { systemClock } from '../clock';
import { configFromEnv } from '../config';
import { contextFor } from '../context';
import { migrate } from '../db/migrate';
import { databaseConfigOf, openDatabase } from '../db/open';
import { localBus } from '../events/bus';
import { importJournal } from '../ingest/journalImport';
import { JOURNAL_MAX_LINE_BYTES, linesOf } from '../ingest/journalLines';
import { UsageError, type Command } from './command';
import { printLine } from './output';

async function checkReadable(file: string): Promise<void> {
  try {
    await access(file);
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
    await checkReadable(file);
    const config = configFromEnv(env);
    const database = await openDatabase(databaseConfigOf(config));
    try {
      await migrate(database);
      const context = contextFor({ database, clock: systemClock, config, events: localBus() });
      // A file on the operator's own disk: read line by line, with no limit on its size.
      const lines = linesOf(createReadStream(file), {
        maxBytes: Number.POSITIVE_INFINITY,
        maxLineBytes: JOURNAL_MAX_LINE_BYTES,
        onTooLarge: () => new UsageError(`${file} is too large`),
      });
      const result = await importJournal(
        context,
        { kind: 'headOffice' },
        lines,
        JOURNAL_MAX_LINE_BYTES,
      );
      const rejected = result.results.filter((fact) => fact.status === 'rejected');
      printLine(JSON.stringify({ counts: result.counts, problems: result.problems, rejected }));
      return result.counts.invalid + result.counts.rejected === 0 && result.results.length > 0
        ? 0
        : 1;
    } finally {
      await database.close();
    }
  },
};
