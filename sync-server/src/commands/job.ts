import { systemClock } from '../clock';
import { configFromEnv } from '../config';
import { contextFor } from '../context';
import { createLogger } from '../observability/logger';
import { migrate } from '../db/migrate';
import { databaseConfigOf, openDatabase } from '../db/open';
import { eventBusFor } from '../events/pgBus';
import { findJob, jobDefinitions } from '../jobs/registry';
import { runJob } from '../jobs/runner';
import { UsageError, type Command } from './command';
import { printLine } from './output';

const jobList = () => jobDefinitions.map((job) => `  ${job.name}: ${job.summary}`).join('\n');

export const jobCommand: Command = {
  args: '<name>',
  summary: 'run one job now and print its run record as JSON',
  async run(args, env) {
    const [name] = args;
    const job = name === undefined ? undefined : findJob(name);
    if (!job || args.length !== 1) {
      throw new UsageError(
        `${name === undefined ? 'job needs a job name' : `unknown job "${args.join(' ')}"`}. Jobs:\n${jobList()}`,
      );
    }
    const config = configFromEnv(env);
    const log = createLogger(config.logLevel);
    const database = await openDatabase(databaseConfigOf(config), log);
    try {
      await migrate(database);
      // On PostgreSQL this reaches the SSE streams of running servers, too.
      const events = await eventBusFor(database, log);
      try {
        const record = await runJob(
          contextFor({ database, clock: systemClock, config, events, log }),
          job,
          'cli',
        );
        printLine(JSON.stringify(record));
        return record.status === 'succeeded' ? 0 : 1;
      } finally {
        await events.close();
      }
    } finally {
      await database.close();
    }
  },
};
