import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptNumber } from '../../shared/checkout/receipt';
import { ReceiptForReturn } from '../../shared/protocol/api';
import type { SaleFact } from '../../shared/protocol/sync';
import { postPendingFacts } from '../../sync-server/src/posting/postPendingFacts';
import { RETURNS_OF_SALE_SQL } from '../../sync-server/src/returns/receiptForReturn';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import {
  createCard,
  DeviceSequence,
  returnFact,
  saleFact,
  startSyncTestServer,
  testCardNumber,
  type SyncTestServer,
} from './helpers/facts';

type Register = 'S1-R1' | 'S1-R2' | 'S2-R1';

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(
    `a register finds a receipt of its store by its number (${backendKind.name})`,
    () => {
      let backend: TestBackend;
      let sync: SyncTestServer;
      const seq = new DeviceSequence();
      const ask = (number: string, register: Register = 'S1-R2', token?: string) =>
        sync.server.call<unknown>(
          'GET',
          `/api/sync/receipts?number=${encodeURIComponent(number)}`,
          {
            token: token ?? sync.registers[register],
          },
        );
      let card: string;
      let sale: SaleFact;

      beforeAll(async () => {
        backend = await backendKind.create();
        sync = await startSyncTestServer(backend);
        card = await createCard(sync.server.database, testCardNumber(777));
      }, PGLITE_CREATE_TIMEOUT);

      afterAll(async () => {
        await sync?.server.close();
        await backend?.remove();
      });

      it("answers another register's sale of the store, while pending and once posted, with what returns took back", async () => {
        sale = saleFact(
          {
            card,
            lines: [
              { id: '1', net: '20.00', quantity: 2 },
              { id: '2', net: '5.00', quantity: 1 },
            ],
          },
          seq,
        );
        expect((await sync.push('S1-R1', [sale])).status).toBe(200);
        const number = receiptNumber(sale);
        expect(number).toBe(`S1-R1-${String(sale.deviceSeq).padStart(6, '0')}`);

        const pending = await ask(number);
        expect(pending.status).toBe(200);
        const found = ReceiptForReturn.parse(pending.body);
        expect(found.sale.id).toBe(sale.id);
        expect(found.sale.receipt.lines.map((l) => [l.id, l.quantity, l.earned])).toEqual(
          sale.receipt.lines.map((l) => [l.id, l.quantity, l.earned]),
        );
        expect(found.returned).toEqual({});

        await postPendingFacts(sync.server.context);
        const back = returnFact(sale, [{ id: '1', quantity: 1 }], {}, seq);
        expect((await sync.push('S1-R1', [back])).status).toBe(200);
        // The return waits to be posted: its item counts as taken back already.
        expect(ReceiptForReturn.parse((await ask(number)).body).returned).toEqual({ '1': 1 });
        await postPendingFacts(sync.server.context);
        const posted = ReceiptForReturn.parse((await ask(number)).body);
        expect(posted.returned).toEqual({ '1': 1 });
        expect(posted.sale.receipt.lines[0]?.earned).toEqual(sale.receipt.lines[0]?.earned);
        // Typed with the store in front of a register id that lacks it, or with spaces: the same.
        expect((await ask(` ${number} `)).status).toBe(200);
      });

      it("posts another register's return of a sale still waiting to be posted once the sale is", async () => {
        const other = saleFact({ card, lines: [{ id: '1', net: '8.00', quantity: 1 }] }, seq);
        expect((await sync.push('S1-R1', [other])).status).toBe(200);
        // Pushed at the same instant with a lower sequence, the return comes first in the queue.
        const back = returnFact(other, [{ id: '1', quantity: 1 }], {
          register: 'S1-R2',
          deviceSeq: 1,
        });
        expect((await sync.push('S1-R2', [back])).status).toBe(200);
        const first = await postPendingFacts(sync.server.context);
        expect(first).toMatchObject({ posted: 1, rejected: 0, retrying: 1 });
        sync.server.clock.advance(5 * 60_000);
        const second = await postPendingFacts(sync.server.context);
        expect(second).toMatchObject({ posted: 1, rejected: 0, retrying: 0 });
        expect(second.outcomes.map((o) => o.id)).toEqual([back.id]);
      });

      it('looks up the returns still pending against a sale through their own index', async () => {
        // Many pending sales (in a transaction rolled back after): without the partial index, the
        // pending part of the lookup could only read every one of them.
        const rollback = new Error('rolled back');
        let plan = '';
        await sync.server.database
          .transaction(async (tx) => {
            await tx.query(
              `insert into facts (id, store_id, register_id, type, body, device_time, device_seq)
               select gen_random_uuid(), 'S1', 'S1-R1', 'sale',
                      jsonb_build_object('receipt', jsonb_build_object('returnOf',
                        jsonb_build_object('sale', gen_random_uuid()::text))),
                      now(), 100000 + g
                 from generate_series(1, 3000) g`,
            );
            await tx.query('analyze facts');
            const { rows } = await tx.query<Record<string, string>>(
              `explain ${RETURNS_OF_SALE_SQL}`,
              [sale.id],
            );
            plan = rows.map((row) => Object.values(row).join(' ')).join('\n');
            throw rollback;
          })
          .catch((error: unknown) => {
            if (error !== rollback) throw error;
          });
        expect(plan).toContain('facts_pending_return_of_idx');
      });

      it("finds no return by its number, no other store's receipt, and answers a cashier's token 401", async () => {
        const number = receiptNumber(sale);
        const other = await ask(number, 'S2-R1');
        expect(other.status).toBe(404);
        expect(other.body).toMatchObject({ error: { code: 'notFound' } });
        expect((await ask('S1-R1-999999')).status).toBe(404);
        expect((await ask('not a number')).status).toBe(404);
        expect((await ask('S1')).status).toBe(400);
        expect((await ask(number, 'S1-R2', sync.hq)).status).toBe(401);
      });
    },
  );
}
