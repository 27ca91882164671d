import { configFromEnv } from '../config';
import { contextFor } from '../context';
import { systemClock } from '../clock';
import { localBus } from '../events/bus';
import { migrate } from '../db/migrate';
import { databaseConfigOf, openDatabase } from '../db/open';
import { createEnrolmentCode } from '../enrolment/codes';
import { UsageError, type Command } from './command';
import { printLine } from './output';

export const enrollCodeCommand: Command = {
  args: '<store> <register>',
  summary: 'print a one-time enrolment code for a register',
  async run(args, env) {
    const [store, register] = args;
    if (!store || !register || args.length !== 2)
      throw new UsageError('enroll-code needs a store id and a register id');
    const config = configFromEnv(env);
    const database = await openDatabase(databaseConfigOf(config));
    try {
      await migrate(database);
      const { code, expiresAt } = await createEnrolmentCode(
        contextFor({ database, clock: systemClock, config, events: localBus() }),
        store,
        register,
      );
      printLine(JSON.stringify({ store, register, code, expiresAt }));
      return 0;
    } finally {
      await database.close();
    }
  },
};
