import { logLevelFromEnv, type LogLevel } from './observability/logger';
import { DEFAULT_MAX_POINTS_PER_FACT } from '../../shared/protocol/factChecks';
import { randomBytes } from 'node:crypto';

/** Settings from the environment, read once at start. */
export interface ServerConfig {
  /** A PostgreSQL URL; absent means the embedded database in `dataDir`. */
  readonly databaseUrl: string | undefined;
  /**
   * DATABASE_DIRECT_URL: PostgreSQL itself when DATABASE_URL points at a transaction pooler
   * (PgBouncer), for the sessions a pooler cannot keep (LISTEN, job locks, temporary tables).
   */
  readonly databaseDirectUrl: string | undefined;
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
  /** LOG_LEVEL: pino's level for the JSON log on stderr. */
  readonly logLevel: LogLevel;
  /**
   * METRICS_TOKEN: the bearer token a Prometheus scraper sends for /metrics. Without one, /metrics
   * answers only callers on the loopback interface.
   */
  readonly metricsToken: string | undefined;
  /** SMTP_URL (smtp:// or smtps://): notifications go out by mail; absent, as files in outboxDir. */
  readonly smtpUrl: string | undefined;
  /** MAIL_FROM: the sender address of notification mails. */
  readonly mailFrom: string;
  /** The most points any one amount of a register's fact may carry; beyond it the fact is refused. */
  readonly maxPointsPerFact: number;
  /**
   * APPROVAL_KEY: the key managers' approvals are signed with. Replicas must share one; without
   * it each process makes its own, and an approval another process signed is not recognised (the
   * fact then waits in head office's review list).
   */
  readonly approvalKey: string;
  /**
   * WEBHOOK_URL and WEBHOOK_SECRET: every notice is also sent to the retailer's endpoint as an
   * event signed with the secret (notifications/webhooks.ts); absent, no webhooks.
   */
  readonly webhook: { readonly url: string; readonly secret: string } | undefined;
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
  const databaseUrl = env['DATABASE_URL'] || undefined;
  return {
    databaseUrl,
    databaseDirectUrl: directUrlFromEnv(env, databaseUrl),
    dataDir,
    port: intFromEnv(env, 'PORT', 8787),
    host: env['HOST'] || '127.0.0.1',
    clockSkewMs: intFromEnv(env, 'CLOCK_SKEW_MS', 15 * 60_000),
    sessionMs: intFromEnv(env, 'SESSION_MS', 12 * HOUR),
    enrolmentCodeMs: intFromEnv(env, 'ENROLMENT_CODE_MS', 24 * HOUR),
    outboxDir: env['OUTBOX_DIR'] || `${dataDir}/outbox`,
    logLevel: logLevelFromEnv(env),
    metricsToken: env['METRICS_TOKEN'] || undefined,
    smtpUrl: smtpUrlFromEnv(env),
    mailFrom: env['MAIL_FROM'] || 'Loyalty <loyalty@localhost>',
    maxPointsPerFact: intFromEnv(env, 'MAX_POINTS_PER_FACT', DEFAULT_MAX_POINTS_PER_FACT),
    approvalKey: env['APPROVAL_KEY'] || randomBytes(32).toString('base64url'),
    webhook: webhookFromEnv(env),
  };
}

function webhookFromEnv(env: NodeJS.ProcessEnv): ServerConfig['webhook'] {
  const url = env['WEBHOOK_URL']?.trim();
  const secret = env['WEBHOOK_SECRET'] ?? '';
  if (!url) return undefined;
  if (!/^https?:\/\//.test(url))
    throw new Error(`WEBHOOK_URL must start with http:// or https://, got "${url}"`);
  if (secret.length < 16)
    throw new Error('WEBHOOK_SECRET must be set to at least 16 characters beside WEBHOOK_URL');
  return { url, secret };
}

function smtpUrlFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const text = env['SMTP_URL']?.trim();
  if (!text) return undefined;
  if (!/^smtps?:\/\//.test(text))
    throw new Error(`SMTP_URL must start with smtp:// or smtps://, got "${text.split('@').pop()}"`);
  return text;
}

/** DATABASE_DIRECT_URL, which only means something beside DATABASE_URL. */
export function directUrlFromEnv(
  env: NodeJS.ProcessEnv,
  databaseUrl: string | undefined,
): string | undefined {
  const directUrl = env.DATABASE_DIRECT_URL?.trim() || undefined;
  if (directUrl && !databaseUrl)
    throw new Error('DATABASE_DIRECT_URL is set but DATABASE_URL is not: set both, or neither');
  return directUrl;
}
