import { DEFAULT_MAX_POINTS_PER_FACT } from '../../shared/protocol/factChecks';

/** Settings from the environment, read once at start. */
export interface ServerConfig {
  /** A PostgreSQL URL; absent means the embedded database in `dataDir`. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  /** How far a register's clock may be off before its facts are flagged (and server time used). */
  readonly clockSkewMs: number;
  /** Staff sessions last this long. */
  readonly sessionMs: number;
  /** Enrolment codes expire after this long. */
  readonly enrolmentCodeMs: number;
  /** Where notifications are written by the default (file) sender. */
  readonly outboxDir: string;
  /** The most points any one amount of a register's fact may carry; beyond it the fact is refused. */
  readonly maxPointsPerFact: number;
}

const HOUR = 3_600_000;

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new Error(`${name} must be a whole number, got "${text}"`);
  return value;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const dataDir = env['DATA_DIR'] || './data';
  return {
    databaseUrl: env['DATABASE_URL'] || undefined,
    dataDir,
    port: intFromEnv(env, 'PORT', 8787),
    host: env['HOST'] || '127.0.0.1',
    clockSkewMs: intFromEnv(env, 'CLOCK_SKEW_MS', 15 * 60_000),
    sessionMs: intFromEnv(env, 'SESSION_MS', 12 * HOUR),
    enrolmentCodeMs: intFromEnv(env, 'ENROLMENT_CODE_MS', 24 * HOUR),
    outboxDir: env['OUTBOX_DIR'] || `${dataDir}/outbox`,
    maxPointsPerFact: intFromEnv(env, 'MAX_POINTS_PER_FACT', DEFAULT_MAX_POINTS_PER_FACT),
  };
}
