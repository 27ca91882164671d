import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIN_ITERATIONS } from '../../sync-server/src/auth/secrets';
import { DEFAULT_BODY_LIMIT } from '../../sync-server/src/http/app';
import { LIMITS } from '../../sync-server/src/http/limits';
import { pgliteBackend, PGLITE_CREATE_TIMEOUT, type TestBackend } from '../server/helpers/backends';
import { PINS, signIn } from '../server/helpers/fixtures';
import type { TestServer } from '../server/helpers/server';
import { databaseChecksum } from './helpers/checksum';
import { startSecurityServer } from './helpers/principals';

type ErrorAnswer = { error: { code: string; message: string } };

/** Every row of every table as text: where a leaked secret would show. */
async function everything(server: TestServer): Promise<string> {
  const tables = await server.database.query<{ name: string }>(
    `select table_name as name from information_schema.tables
      where table_schema = any (current_schemas(false)) and table_type = 'BASE TABLE'`,
  );
  const parts: string[] = [];
  for (const { name } of tables.rows) {
    const rows = await server.database.query<{ row: string }>(
      `select t::text as row from "${name}" t`,
    );
    parts.push(...rows.rows.map((r) => r.row));
  }
  return parts.join('\n');
}

describe('limits on what a caller can send and try', () => {
  let backend: TestBackend;
  let server: TestServer;
  let hq: string;

  beforeAll(async () => {
    backend = await pgliteBackend();
    server = await startSecurityServer(backend);
    hq = await signIn(server, 'hq');
  }, PGLITE_CREATE_TIMEOUT);

  afterAll(async () => {
    await server?.close();
    await backend?.remove();
  });

  it('refuses a body over the limit with a 413, before reading it into any table', async () => {
    const code = await server.call<{ code: string }>(
      'POST',
      '/api/hq/stores/S1/registers/S1-R1/enrolment-code',
      { token: hq },
    );
    const register = (
      await server.call<{ token: string }>('POST', '/api/registers/enrol', {
        body: { code: code.body.code },
      })
    ).body.token;
    const before = await databaseChecksum(server.database);
    const huge = { protocol: 1, facts: [], padding: 'x'.repeat(DEFAULT_BODY_LIMIT + 1) };
    const answer = await server.call<ErrorAnswer>('POST', '/api/sync/push', {
      token: register,
      body: huge,
    });
    expect(answer.status).toBe(413);
    expect(answer.body.error.message).toMatch(/body/i);
    expect(await databaseChecksum(server.database)).toEqual(before);
  });

  it('stores tokens, codes and PINs only as hashes; PINs stretched', async () => {
    const created = await server.call('POST', '/api/hq/staff', {
      token: hq,
      body: { id: 'M9', name: 'New Manager', role: 'manager', stores: ['S1'], pin: '480213' },
    });
    expect(created.status).toBe(201);
    const member = await signIn(server, 'cashier');
    const code = await server.call<{ code: string }>(
      'POST',
      '/api/hq/stores/S1/registers/S1-R2/enrolment-code',
      { token: hq },
    );
    const register = (
      await server.call<{ token: string }>('POST', '/api/registers/enrol', {
        body: { code: code.body.code },
      })
    ).body.token;
    const stored = await everything(server);
    for (const secret of [hq, member, register, code.body.code, code.body.code.replaceAll('-', '')])
      expect(stored.includes(secret)).toBe(false);
    const [row] = (
      await server.database.query<{ pin_hash: string }>(
        `select pin_hash from staff where id = 'M9'`,
      )
    ).rows;
    const [scheme, iterations] = (row?.pin_hash ?? '').split('$');
    expect(scheme).toBe('pbkdf2-sha256');
    expect(Number(iterations)).toBeGreaterThanOrEqual(PIN_ITERATIONS);
    expect(stored.includes('480213')).toBe(false);
  });

  it('locks enrolment from an address after wrong codes, and a code works once', async () => {
    const code = await server.call<{ code: string }>(
      'POST',
      '/api/hq/stores/S2/registers/S2-R1/enrolment-code',
      { token: hq },
    );
    for (let i = 0; i < 5; i++) {
      const wrong = await server.call('POST', '/api/registers/enrol', {
        body: { code: `WRNG-CODE-${String(i).padStart(4, '0')}` },
      });
      expect(wrong.status).toBe(401);
    }
    const locked = await server.call<ErrorAnswer>('POST', '/api/registers/enrol', {
      body: { code: code.body.code },
    });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('lockedOut');
    server.clock.advance(6 * 60_000);
    const first = await server.call('POST', '/api/registers/enrol', {
      body: { code: code.body.code },
    });
    expect(first.status).toBe(200);
    const again = await server.call('POST', '/api/registers/enrol', {
      body: { code: code.body.code },
    });
    expect(again.status).toBe(401);
  });

  it('limits sign-in and enrolment attempts per address, across staff ids and codes', async () => {
    const answers: number[] = [];
    for (let i = 0; i <= LIMITS.secret; i++) {
      const answer = await server.call('POST', '/api/auth/sign-in', {
        body: { staff: `NOBODY${i}`, pin: '0000' },
      });
      answers.push(answer.status);
    }
    // The address signed in twice before: the limit counts every attempt in the window.
    const firstRefusal = answers.indexOf(429);
    expect(firstRefusal).toBeGreaterThanOrEqual(LIMITS.secret - 2);
    expect(answers.slice(0, firstRefusal).every((s) => s === 401)).toBe(true);
    expect(answers.slice(firstRefusal).every((s) => s === 429)).toBe(true);
    const right = await server.call<ErrorAnswer>('POST', '/api/auth/sign-in', {
      body: { staff: 'C1', pin: PINS.cashier },
    });
    expect(right.status).toBe(429);
    expect(right.body.error.code).toBe('rateLimited');

    const enrolAnswers: number[] = [];
    for (let i = 0; i <= LIMITS.secret; i++) {
      server.clock.advance(6 * 60_000); // past any lockout: only the address limit counts here
      const answer = await server.call('POST', '/api/registers/enrol', {
        body: { code: `NONE-SUCH-${String(i).padStart(4, '0')}` },
      });
      enrolAnswers.push(answer.status);
    }
    expect(enrolAnswers.at(-1)).toBe(429);
    // Each unknown staff id costs a PIN check, as a known one does (so its timing tells nothing).
  }, 120_000);
});
