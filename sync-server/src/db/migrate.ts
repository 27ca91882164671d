import type { Database, Session } from './database';
import { describeError } from './errors';
import { readMigrationFiles, type MigrationFile } from './migration-files';

/** Any fixed number: held while migrating so two server processes starting together take turns. */
const MIGRATION_LOCK = 727_260_001;

export interface MigrationReport {
  /** Names applied by this call, in order. */
  applied: string[];
  /** How many were already applied before it. */
  alreadyApplied: number;
}

export class MigrationHistoryError extends Error {
  constructor(readonly problems: string[]) {
    super(
      'the database has a migration history that differs from sync-server/migrations, so nothing was applied:\n' +
        problems.map((problem) => `  - ${problem}`).join('\n') +
        '\nMigrations are forward-only: never edit, rename or remove an applied migration; add a new one instead.',
    );
    this.name = 'MigrationHistoryError';
  }
}

interface AppliedMigration {
  id: number;
  name: string;
  hash: string;
}

/**
 * Applies the migration files the database has not seen, all in one transaction, after checking
 * that every recorded one still matches its file (name and content hash). On a diverged history
 * it throws MigrationHistoryError and changes nothing.
 */
export async function migrate(
  database: Database,
  files: MigrationFile[] = readMigrationFiles(),
): Promise<MigrationReport> {
  return database.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`create table if not exists schema_migrations (
      id integer primary key,
      name text not null unique,
      hash text not null,
      applied_at timestamptz not null default now()
    )`);
    const recorded = await tx.query<AppliedMigration>(
      'select id, name, hash from schema_migrations order by id',
    );
    const problems = historyProblems(recorded.rows, files);
    if (problems.length > 0) throw new MigrationHistoryError(problems);

    const pending = files.slice(recorded.rows.length);
    for (const file of pending) await apply(tx, file);
    return { applied: pending.map((file) => file.name), alreadyApplied: recorded.rows.length };
  });
}

function historyProblems(recorded: AppliedMigration[], files: MigrationFile[]): string[] {
  return recorded.flatMap((applied, position) => {
    if (applied.id !== position)
      return [`recorded migration ids skip ${position} (found ${applied.id} ${applied.name})`];
    const file = files[applied.id];
    if (!file) return [`${applied.name} was applied but its file is missing`];
    if (file.name !== applied.name)
      return [
        `migration ${applied.id} was applied as ${applied.name}, but the file is now ${file.name}`,
      ];
    if (file.hash !== applied.hash)
      return [`${applied.name} was changed after it was applied (content hash differs)`];
    return [];
  });
}

async function apply(tx: Session, file: MigrationFile): Promise<void> {
  for (const statement of file.statements) {
    try {
      await tx.query(statement);
    } catch (error) {
      throw new Error(`migration ${file.name} failed: ${describeError(error)}`, { cause: error });
    }
  }
  await tx.query('insert into schema_migrations (id, name, hash) values ($1, $2, $3)', [
    file.index,
    file.name,
    file.hash,
  ]);
}
