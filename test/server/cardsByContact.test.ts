import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cards, customers, programs } from '../../sync-server/src/db/schema';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import { enrol, seedBasics, signIn } from './helpers/fixtures';
import { startTestServer, type TestServer } from './helpers/server';

interface Answer {
  cards: { number: string; name: string }[];
  error?: { code: string };
}

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(
    `a register finds a card by phone or e-mail (${backendKind.name})`,
    () => {
      let backend: TestBackend;
      let server: TestServer;
      let register: string;
      let cashier: string;
      const ask = (query: string, token = register) =>
        server.call<Answer>('GET', `/api/sync/cards-by-contact?${query}`, { token });

      beforeAll(async () => {
        backend = await backendKind.create();
        server = await startTestServer(backend);
        await seedBasics(server.database);
        const db = server.database.db;
        await db.insert(programs).values({ id: 'OTHER', name: 'Other program' });
        await db.insert(customers).values([
          { id: 'CU1', name: 'Anna Peters', phone: '+31612345678', email: 'Anna@Example.com' },
          { id: 'CU2', name: 'Piet Other', phone: '+31699999999', email: 'piet@example.com' },
        ]);
        await db.insert(cards).values([
          { number: '6001000000011', customerId: 'CU1', programId: 'MAIN', enrolmentSource: 'api' },
          { number: '6001000000029', customerId: 'CU1', programId: 'MAIN', enrolmentSource: 'api' },
          {
            number: '6001000000037',
            customerId: 'CU2',
            programId: 'OTHER',
            enrolmentSource: 'api',
          },
        ]);
        const hq = await signIn(server, 'hq');
        register = await enrol(server, hq, 'S1', 'S1-R1');
        cashier = await signIn(server, 'cashier');
      }, PGLITE_CREATE_TIMEOUT);

      afterAll(async () => {
        await server?.close();
        await backend?.remove();
      });

      it("answers the cards of the register's program with that phone or e-mail, exact only", async () => {
        const byPhone = await ask('phone=%2B31612345678');
        expect(byPhone.status).toBe(200);
        expect(byPhone.body.cards).toEqual([
          { number: '6001000000011', name: 'Anna Peters' },
          { number: '6001000000029', name: 'Anna Peters' },
        ]);
        expect((await ask('email=anna%40example.com')).body.cards).toHaveLength(2);
        // A part of a phone number, or a customer of another program, finds nothing.
        expect((await ask('phone=%2B316123')).body.cards).toEqual([]);
        expect((await ask('email=piet%40example.com')).body.cards).toEqual([]);
      });

      it('refuses a query with neither or both, and a caller without a register token', async () => {
        const neither = await ask('');
        expect(neither.status).toBe(400);
        expect(neither.body.error?.code).toBe('invalidRequest');
        expect((await ask('phone=%2B31612345678&email=a%40b.com')).status).toBe(400);
        expect((await ask('phone=%2B31612345678', cashier)).status).toBe(401);
      });
    },
  );
}
