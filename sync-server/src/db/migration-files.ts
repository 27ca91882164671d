import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** sync-server/migrations: numbered SQL files, written by hand, applied in order. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

/** drizzle-kit's separator between the statements of one migration file. */
const STATEMENT_BREAKPOINT = '--> statement-breakpoint';
const FILE_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;

export interface MigrationFile {
  /** Position in the history: 0 for 0000_init.sql. */
  index: number;
  /** The file name without .sql, e.g. 0000_init. */
  name: string;
  /** sha256 of the file's text (line endings normalised, so a Windows checkout matches). */
  hash: string;
  statements: string[];
}

/**
 * The migration files in order. Numbers must run 0000, 0001, ... without a gap or a repeat: a
 * history with holes would make "what has been applied" ambiguous.
 */
export function readMigrationFiles(folder = MIGRATIONS_FOLDER): MigrationFile[] {
  const names = readdirSync(folder)
    .filter((name) => name.endsWith('.sql'))
    .sort();
  return names.map((fileName, position) => {
    const number = FILE_NAME.exec(fileName)?.[1];
    if (number === undefined) {
      throw new Error(
        `migration ${fileName} in ${folder}: name it NNNN_words.sql (e.g. 0002_add_x.sql)`,
      );
    }
    if (Number(number) !== position) {
      throw new Error(
        `migration ${fileName} in ${folder}: expected number ${String(position).padStart(4, '0')}; numbers must run from 0000 without gaps or repeats`,
      );
    }
    const text = readFileSync(path.join(folder, fileName), 'utf8').replaceAll('\r\n', '\n');
    return {
      index: position,
      name: fileName.slice(0, -'.sql'.length),
      hash: createHash('sha256').update(text).digest('hex'),
      statements: text
        .split(STATEMENT_BREAKPOINT)
        .map((statement) => statement.trim())
        .filter((statement) => statement.length > 0),
    };
  });
}
