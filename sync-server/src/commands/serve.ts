import { configFromEnv } from '../config';
import { startServer } from '../server';
import { UsageError, type Command } from './command';
import { printLine } from './output';

export const serveCommand: Command = {
  summary:
    'serve the API, the register (/) and the head office console (/hq) on PORT (default 8787)',
  async run(args, env) {
    if (args.length > 0) throw new UsageError(`serve takes no arguments, got: ${args.join(' ')}`);
    const server = await startServer({
      config: configFromEnv(env),
      scheduler: true,
    });
    printLine(`Sync server on ${server.url} (database: ${server.context.database.description})`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    return 0;
  },
};
