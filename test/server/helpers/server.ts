import { manualClock } from '../../../sync-server/src/clock';
import { configFromEnv, type ServerConfig } from '../../../sync-server/src/config';
import type { Database } from '../../../sync-server/src/db/database';
import { logLevelFromEnv } from '../../../sync-server/src/observability/logger';
import {
  startServer,
  type RunningServer,
  type StartOptions,
} from '../../../sync-server/src/server';
import type { TestBackend } from './backends';

export const TEST_START = Date.parse('2026-03-01T10:00:00Z');

export interface TestServer extends RunningServer {
  readonly clock: ReturnType<typeof manualClock>;
  readonly database: Database;
  /** Calls the API over real HTTP; JSON in, JSON (or null) out. */
  call<T = unknown>(
    method: string,
    path: string,
    options?: CallOptions,
  ): Promise<{ status: number; body: T }>;
}

export interface CallOptions {
  body?: unknown;
  /** A register or staff token sent as the bearer. */
  token?: string;
  /** A staff token sent beside a register token. */
  staffToken?: string;
  headers?: Record<string, string>;
}

/** The key test servers sign managers' approvals with, so builders can sign them as the route does. */
export const TEST_APPROVAL_KEY = 'test-approval-key';

/** The real server on a free port over the given backend, with a clock the test moves. */
export async function startTestServer(
  backend: TestBackend,
  overrides: Partial<ServerConfig> = {},
  options: Pick<StartOptions, 'log'> = {},
): Promise<TestServer> {
  const database = await backend.open();
  const clock = manualClock(TEST_START);
  const config: ServerConfig = {
    ...configFromEnv({}),
    port: 0,
    host: '127.0.0.1',
    dataDir: backend.dataDir ?? '/nonexistent',
    // Quiet (errors only) unless LOG_LEVEL asks for more.
    logLevel: logLevelFromEnv(process.env),
    approvalKey: TEST_APPROVAL_KEY,
    ...overrides,
  };
  const server = await startServer({ config, clock, database, ...options });
  return {
    ...server,
    clock,
    database,
    async close() {
      await server.close();
      await database.close();
    },
    async call<T>(method: string, path: string, options: CallOptions = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      if (options.token) headers['authorization'] = `Bearer ${options.token}`;
      if (options.staffToken) headers['x-staff-token'] = options.staffToken;
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
    },
  };
}
