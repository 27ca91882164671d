import type { ServerContext } from '../context';
import type { Logger } from '../observability/logger';

/** What a job's body gets while it runs: the server, and a way to report progress and counts. */
export interface JobRun {
  readonly context: ServerContext;
  readonly runId: number;
  /** The run's log: every line carries the job's name and run id. */
  readonly log: Logger;
  /** Records progress for the console's progress bar (persisted, throttled by the runner). */
  progress(done: number, total?: number): Promise<void>;
  /** Adds to a named count shown with the run (posted, rejected, versions written...). */
  count(name: string, by?: number): void;
}

/**
 * One of the server's jobs (PRODUCT 6). A body must be safe to repeat after a crash: it works in
 * transactions that leave no half-done item, and finds what is left to do from the data itself.
 */
export interface JobDefinition {
  readonly name: string;
  readonly summary: string;
  /** Cron expression used until head office edits the schedule. */
  readonly defaultCron: string;
  run(job: JobRun): Promise<void>;
}
