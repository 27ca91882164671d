import { hashToken, randomToken } from '../../sync-server/src/auth/secrets';
import { REGISTER_TOKEN_PREFIX } from '../../sync-server/src/auth/principal';
import {
  DATABASE_URL,
  postgresBackend,
  type TestBackend,
} from '../../test/server/helpers/backends';
import { startSyncTestServer, type SyncTestServer } from '../../test/server/helpers/facts';

/**
 * The real server over a fresh database of its own on the real PostgreSQL (DATABASE_URL), with the
 * test basics: program MAIN, reward point STAR, stores S1 and S2 with enrolled registers, scheme SCH.
 */
export interface BenchServer {
  readonly sync: SyncTestServer;
  readonly backend: TestBackend;
  close(): Promise<void>;
}

export function requireDatabaseUrl(): string {
  if (!DATABASE_URL)
    throw new Error('DATABASE_URL is not set: the server benchmarks run on the real PostgreSQL');
  return DATABASE_URL;
}

export async function startBenchServer(): Promise<BenchServer> {
  const backend = await postgresBackend(requireDatabaseUrl());
  try {
    const sync = await startSyncTestServer(backend);
    return {
      sync,
      backend,
      async close() {
        await sync.server.close();
        await backend.remove();
      },
    };
  } catch (error) {
    await backend.remove();
    throw error;
  }
}

/** Creates `count` cards of program MAIN numbered from `first` (test numbering), in one statement. */
export async function seedCards(sync: SyncTestServer, count: number, prefix = '9'): Promise<void> {
  await sync.server.database.query(
    `insert into cards (number, program_id, tier_id, enrolment_source)
     select $2 || lpad(n::text, 9, '0'), 'MAIN', 'BASE', 'headOffice' from generate_series(1, $1::int) n`,
    [count, prefix],
  );
}

export const benchCardNumber = (n: number, prefix = '9'): string =>
  `${prefix}${String(n).padStart(9, '0')}`;

/**
 * Registers enrolled straight in the database (the enrolment route is rate limited per address,
 * and a benchmark needs hundreds): returns their tokens.
 */
export async function enrolRegisters(
  sync: SyncTestServer,
  registers: readonly { id: string; store: string }[],
): Promise<string[]> {
  const tokens: string[] = [];
  for (const { id, store } of registers) {
    const token = `${REGISTER_TOKEN_PREFIX}${randomToken()}`;
    await sync.server.database.query(
      `insert into registers (id, store_id, name, enrolment_state, token_hash, enrolled_at)
       values ($1, $2, $1, 'enrolled', $3, now())`,
      [id, store, await hashToken(token)],
    );
    tokens.push(token);
  }
  return tokens;
}
