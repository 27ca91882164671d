import path from 'node:path';
import type { Database } from './database';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';
import type { Logger } from '../observability/logger';

export interface DatabaseConfig {
  /** A PostgreSQL URL; absent means the embedded PGlite in dataDir. */
  databaseUrl?: string;
  dataDir: string;
}

/** DATABASE_URL and DATA_DIR (default ./data), as CONTRACT.md describes them. */
export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const databaseUrl = env.DATABASE_URL?.trim();
  return {
    ...(databaseUrl ? { databaseUrl } : {}),
    dataDir: path.resolve(env.DATA_DIR?.trim() || './data'),
  };
}

export function openDatabase(config: DatabaseConfig, log?: Logger): Promise<Database> {
  return config.databaseUrl
    ? openPostgres(config.databaseUrl, log ? { log } : {})
    : openPglite(config.dataDir);
}
