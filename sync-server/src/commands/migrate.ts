import { migrate } from '../db/migrate';
import { databaseConfigFromEnv, openDatabase } from '../db/open';
import { UsageError, type Command } from './command';
import { printLine } from './output';

export const migrateCommand: Command = {
  summary: 'apply pending database migrations (DATABASE_URL, or the embedded database in DATA_DIR)',
  async run(args, env) {
    if (args.length > 0) throw new UsageError(`migrate takes no arguments, got: ${args.join(' ')}`);
    const database = await openDatabase(databaseConfigFromEnv(env));
    try {
      printLine(`Database: ${database.description}`);
      const report = await migrate(database);
      for (const name of report.applied) printLine(`Applied ${name}`);
      const total = report.alreadyApplied + report.applied.length;
      printLine(
        report.applied.length === 0
          ? `Up to date (${total} migrations).`
          : `Applied ${report.applied.length}; ${total} migrations in all.`,
      );
      return 0;
    } finally {
      await database.close();
    }
  },
};
