import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import { BASICS, enrol, PINS, seedBasics, signIn } from './helpers/fixtures';
import { startTestServer, type TestServer } from './helpers/server';

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`sign-in and enrolment (${backendKind.name})`, () => {
    let backend: TestBackend;
    let server: TestServer;

    beforeAll(async () => {
      backend = await backendKind.create();
      server = await startTestServer(backend);
      await seedBasics(server.database);
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await server?.close();
      await backend?.remove();
    });

    it('answers /healthz and serves the OpenAPI description', async () => {
      expect((await server.call('GET', '/healthz')).status).toBe(200);
      const docs = await server.call<{ openapi: string; paths: Record<string, unknown> }>(
        'GET',
        '/docs/json',
      );
      expect(docs.status).toBe(200);
      expect(docs.body.paths).toHaveProperty('/api/auth/sign-in');
    });

    it('signs staff in with the right PIN only, and refuses an unknown token', async () => {
      const ok = await server.call<{ staff: { role: string } }>('POST', '/api/auth/sign-in', {
        body: { staff: 'C1', pin: PINS.cashier },
      });
      expect(ok.status).toBe(200);
      expect(ok.body.staff.role).toBe('cashier');
      const wrong = await server.call<{ error: { code: string } }>('POST', '/api/auth/sign-in', {
        body: { staff: 'C1', pin: '0000' },
      });
      expect(wrong.status).toBe(401);
      const forged = await server.call('POST', '/api/hq/stores/S1/registers/S1-R1/enrolment-code', {
        token: 'stf_forged',
      });
      expect(forged.status).toBe(401);
    });

    it('names the problem of a malformed body with a 400', async () => {
      const result = await server.call<{ error: { code: string; message: string } }>(
        'POST',
        '/api/auth/sign-in',
        { body: { staff: 'C1' } },
      );
      expect(result.status).toBe(400);
      expect(result.body.error.message).toMatch(/pin/);
    });

    it('locks a staff id out after repeated wrong PINs', async () => {
      for (let i = 0; i < 5; i++)
        await server.call('POST', '/api/auth/sign-in', { body: { staff: 'C2', pin: '0000' } });
      const locked = await server.call<{ error: { code: string } }>('POST', '/api/auth/sign-in', {
        body: { staff: 'C2', pin: PINS.otherCashier },
      });
      expect(locked.status).toBe(429);
      server.clock.advance(6 * 60_000);
      expect(
        (
          await server.call('POST', '/api/auth/sign-in', {
            body: { staff: 'C2', pin: PINS.otherCashier },
          })
        ).status,
      ).toBe(200);
    });

    it('lets only head office make enrolment codes; a code works once; revocation ends the token', async () => {
      const cashier = await signIn(server, 'cashier');
      expect(
        (
          await server.call('POST', '/api/hq/stores/S1/registers/S1-R1/enrolment-code', {
            token: cashier,
          })
        ).status,
      ).toBe(403);

      const hq = await signIn(server, 'hq');
      const code = await server.call<{ code: string }>(
        'POST',
        '/api/hq/stores/S1/registers/S1-R1/enrolment-code',
        { token: hq },
      );
      expect(code.status).toBe(201);
      const first = await server.call<{ token: string; store: string }>(
        'POST',
        '/api/registers/enrol',
        { body: { code: code.body.code.toLowerCase() } },
      );
      expect(first.status).toBe(200);
      expect(first.body.store).toBe('S1');
      const again = await server.call<{ error: { code: string } }>('POST', '/api/registers/enrol', {
        body: { code: code.body.code },
      });
      expect(again.status).toBe(401);
      expect(again.body.error.code).toBe('enrolmentCodeUsed');
      const unknown = await server.call<{ error: { code: string } }>(
        'POST',
        '/api/registers/enrol',
        { body: { code: 'NOPE-NOPE-NOPE' } },
      );
      expect(unknown.body.error.code).toBe('enrolmentCodeUnknown');

      const token = first.body.token;
      expect((await server.call('POST', '/api/auth/sign-out', { token })).status).toBe(204);
      expect(
        (await server.call('POST', `/api/hq/stores/S1/registers/S1-R1/revoke`, { token: hq }))
          .status,
      ).toBe(204);
      expect((await server.call('POST', '/api/auth/sign-out', { token })).status).toBe(401);
    });

    it('refuses an expired enrolment code and one for a register of another store', async () => {
      const hq = await signIn(server, 'hq');
      const path = '/api/hq/stores/S1/registers/S1-R2/enrolment-code';
      const code = await server.call<{ code: string }>('POST', path, { token: hq });
      server.clock.advance(25 * 3_600_000);
      const late = await server.call<{ error: { code: string } }>('POST', '/api/registers/enrol', {
        body: { code: code.body.code },
      });
      expect(late.status).toBe(401);
      expect(late.body.error.code).toBe('enrolmentCodeExpired');
      // The head office session has expired meanwhile too.
      expect((await server.call('POST', path, { token: hq })).status).toBe(401);
      const again = await signIn(server, 'hq');
      const wrongStore = '/api/hq/stores/S2/registers/S1-R2/enrolment-code';
      expect((await server.call('POST', wrongStore, { token: again })).status).toBe(404);
      expect(await enrol(server, again, 'S2', BASICS.registers.S2[0])).toMatch(/^reg_/);
    });

    it('counts parallel PIN attempts before checking them: no more than the limit get checked (review 5)', async () => {
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          server.call('POST', '/api/auth/sign-in', {
            body: { staff: 'M1', pin: String(7000 + i) },
          }),
        ),
      );
      const checked = answers.filter((a) => a.status !== 429);
      expect(checked.length).toBeGreaterThan(0);
      expect(checked.length).toBeLessThanOrEqual(5);
      expect(answers.every((a) => [401, 429].includes(a.status))).toBe(true);
      const locked = await server.call('POST', '/api/auth/sign-in', {
        body: { staff: 'M1', pin: PINS.manager },
      });
      expect(locked.status).toBe(429);
    });
  });
}
