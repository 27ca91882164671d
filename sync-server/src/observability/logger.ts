import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** pino's levels, quietest last; `silent` writes nothing. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const isLogLevel = (text: string): text is LogLevel =>
  (LOG_LEVELS as readonly string[]).includes(text);

/**
 * LOG_LEVEL from the environment. Unset, it is `info`, or `error` under a test runner
 * (NODE_ENV=test): tests stay quiet, and a 500 still shows.
 */
export function logLevelFromEnv(env: NodeJS.ProcessEnv): LogLevel {
  const text = env['LOG_LEVEL']?.trim();
  if (!text) return env['NODE_ENV'] === 'test' ? 'error' : 'info';
  if (!isLogLevel(text))
    throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${text}"`);
  return text;
}

/** Headers that carry secrets: never written to a log, whatever serializer logs a request. */
const REDACTED = [
  'req.headers.authorization',
  'req.headers["x-staff-token"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-staff-token"]',
];

/**
 * The server's structured log: one JSON object per line on stderr (stdout is for what a command
 * prints as its answer, e.g. a job's record), with ISO times. Components log through children
 * (`log.child({ component: 'scheduler' })`, a job run's `{ job, run }`).
 */
export function createLogger(
  level: LogLevel,
  destination: DestinationStream = pino.destination({ fd: 2 }),
): Logger {
  return pino(
    {
      level,
      base: { service: 'loyalty-sync' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED, censor: '[redacted]' },
    },
    destination,
  );
}

let processWide: Logger | undefined;

/**
 * The logger for code that is handed none (a database opened on its own, the event bus of a CLI
 * command): created once, at LOG_LEVEL.
 */
export function processLogger(): Logger {
  processWide ??= createLogger(logLevelFromEnv(process.env));
  return processWide;
}
