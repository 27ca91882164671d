import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAttempts } from '../../sync-server/src/db/schema';
import { pgliteBackend, PGLITE_CREATE_TIMEOUT, type TestBackend } from '../server/helpers/backends';
import { startSyncTestServer, type SyncTestServer } from '../server/helpers/facts';
import { PINS } from '../server/helpers/fixtures';

/*
 * Finding 8 of the hostile-register probe, sign-in: anyone could lock any staff id (head office's
 * too) for 5 minutes; an unknown id answered at once (telling real ids apart) and added a row.
 */
describe('PIN sign-in against a hostile caller', () => {
  let backend: TestBackend;
  let sync: SyncTestServer;

  beforeAll(async () => {
    backend = await pgliteBackend();
    sync = await startSyncTestServer(backend);
  }, PGLITE_CREATE_TIMEOUT);

  afterAll(async () => {
    await sync?.server.close();
    await backend?.remove();
  });

  const signIn = (staff: string, pin: string, register?: 'S1-R1') =>
    sync.server.call<{ error?: { code: string } }>('POST', '/api/auth/sign-in', {
      body: { staff, pin },
      ...(register ? { token: sync.registers[register] } : {}),
    });

  it("locks a staff id only where the wrong PINs came from: a register cannot lock head office's console", async () => {
    for (let i = 0; i < 5; i++) expect((await signIn('HQ1', `00${i}0`, 'S1-R1')).status).toBe(401);
    const atThatRegister = await signIn('HQ1', PINS.hq, 'S1-R1');
    expect(atThatRegister.status).toBe(429);
    expect(atThatRegister.body.error?.code).toBe('lockedOut');
    expect((await signIn('HQ1', PINS.hq)).status).toBe(200);
  });

  it('answers an unknown staff id as slowly as a wrong PIN, and keeps no row for it', async () => {
    const rowsBefore = (await sync.server.database.db.select().from(signInAttempts)).length;
    const timeOf = async (staff: string) => {
      const started = performance.now();
      expect((await signIn(staff, '0000')).status).toBe(401);
      return performance.now() - started;
    };
    const unknown: number[] = [];
    const known: number[] = [];
    for (let i = 0; i < 4; i++) {
      unknown.push(await timeOf(`NOBODY${i}`));
      known.push(await timeOf('C2'));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
    // A PIN check is a PBKDF2 of 120 000 rounds; without one an unknown id answers many times faster.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.4);
    const rows = await sync.server.database.db.select().from(signInAttempts);
    expect(rows.length).toBe(rowsBefore + 1); // C2's, at this address; none for NOBODY*
    expect(rows.some((row) => row.key.includes('NOBODY'))).toBe(false);
  });
});
