/** One subcommand of `npm run server -- <name> [args]`. */
export interface Command {
  /** Shown in the usage text, e.g. "<store> <register>". */
  args?: string;
  summary: string;
  /** Resolves to the process exit code. */
  run(args: string[], env: NodeJS.ProcessEnv): Promise<number>;
}

/** A mistake in how the command was called: printed with the usage text, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
