import { UsageError, type Command } from './commands/command';
import { migrateCommand } from './commands/migrate';
import { serveCommand } from './commands/serve';
import { enrollCodeCommand } from './commands/enrollCode';
import { seedDemoCommand } from './commands/seedDemo';
import { jobCommand } from './commands/job';
import { importJournalCommand } from './commands/importJournal';
import { describeError } from './db/errors';
import { printLine, printError } from './commands/output';

/** The sync server's command line: `npm run server -- <command> [args]`. Add commands here. */
const commands: Record<string, Command> = {
  serve: serveCommand,
  migrate: migrateCommand,
  'enroll-code': enrollCodeCommand,
  'seed-demo': seedDemoCommand,
  job: jobCommand,
  'import-journal': importJournalCommand,
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(
    ([name, command]) =>
      `  ${name.padEnd(width)}  ${command.args ? `${command.args}  ` : ''}${command.summary}`,
  );
  return ['Usage: npm run server -- <command> [args]', '', 'Commands:', ...lines].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    printLine(usage());
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    printError(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(args, process.env);
  } catch (error) {
    if (error instanceof UsageError) {
      printError(`${error.message}\n\n${usage()}`);
      return 2;
    }
    printError(`${name} failed: ${describeError(error)}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
