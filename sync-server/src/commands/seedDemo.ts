import { systemClock } from '../clock';
import { migrate } from '../db/migrate';
import { databaseConfigFromEnv, openDatabase } from '../db/open';
import { demoCardCount, describeSummary, seedDemo } from '../demo/seed';
import { UsageError, type Command } from './command';
import { printLine } from './output';

export const seedDemoCommand: Command = {
  summary:
    'fill an empty database with the demo (program, tiers, scheme, stores, staff, cards); prints what it made as JSON on the last line',
  async run(args, env) {
    if (args.length > 0)
      throw new UsageError(`seed-demo takes no arguments, got: ${args.join(' ')}`);
    const database = await openDatabase(databaseConfigFromEnv(env));
    try {
      await migrate(database);
      const started = Date.now();
      const outcome = await seedDemo(database, {
        now: systemClock.now(),
        cardCount: demoCardCount(env),
        log: (line) => printLine(line),
      });
      printLine(
        outcome.created
          ? `Demo made in ${((Date.now() - started) / 1000).toFixed(1)} s (${database.description}).`
          : `The demo is already there; nothing written (${database.description}).`,
      );
      for (const line of describeSummary(outcome.summary)) printLine(line);
      printLine(JSON.stringify(outcome.summary));
      return 0;
    } finally {
      await database.close();
    }
  },
};
