import path from 'node:path';
import type { Database } from './database';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';
import type { Logger } from '../observability/logger';
import { directUrlFromEnv, type ServerConfig } from '../config';

export interface DatabaseConfig {
  /** A PostgreSQL URL; absent means the embedded PGlite in dataDir. */
  databaseUrl?: string | undefined;
  /**
   * A URL straight to PostgreSQL when databaseUrl goes through a transaction pooler (PgBouncer):
   * for LISTEN, the jobs' advisory locks and the distribution's temporary tables.
   */
  directUrl?: string | undefined;
  dataDir: string;
}

/** DATABASE_URL, DATABASE_DIRECT_URL and DATA_DIR (default ./data). */
export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  return {
    databaseUrl,
    directUrl: directUrlFromEnv(env, databaseUrl),
    dataDir: path.resolve(env.DATA_DIR?.trim() || './data'),
  };
}

/** The database settings of the server's config. */
export function databaseConfigOf(config: ServerConfig): DatabaseConfig {
  return {
    databaseUrl: config.databaseUrl,
    directUrl: config.databaseDirectUrl,
    dataDir: config.dataDir,
  };
}

export function openDatabase(config: DatabaseConfig, log?: Logger): Promise<Database> {
  if (!config.databaseUrl) return openPglite(config.dataDir);
  return openPostgres(config.databaseUrl, {
    ...(config.directUrl ? { directUrl: config.directUrl } : {}),
    ...(log ? { log } : {}),
  });
}
