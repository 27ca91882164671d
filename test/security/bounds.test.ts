import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_POINTS_PER_FACT } from '../../shared/protocol/factChecks';
import { MAX_LINES_PER_SALE, PROTOCOL_VERSION } from '../../shared/protocol/sync';
import { MAX_BLOCK_SIZE, MAX_BLOCKS_PER_DAY } from '../../shared/protocol/api';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from '../server/helpers/backends';
import {
  adjustmentFact,
  createCard,
  DeviceSequence,
  saleFact,
  startSyncTestServer,
  testCardNumber,
  type SyncTestServer,
} from '../server/helpers/facts';
import { signIn } from '../server/helpers/fixtures';
import { databaseChecksum } from './helpers/checksum';
import { cardBalances, facts, ledgerEntries, sales } from '../../sync-server/src/db/schema';

type ErrorAnswer = { error: { code: string; message: string } };

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(
    `bounds on what one register sends (${backendKind.name})`,
    () => {
      let backend: TestBackend;
      let sync: SyncTestServer;
      let cashier: string;
      const seq = new DeviceSequence();

      beforeAll(async () => {
        backend = await backendKind.create();
        sync = await startSyncTestServer(backend);
        cashier = await signIn(sync.server, 'cashier');
      }, PGLITE_CREATE_TIMEOUT);

      afterAll(async () => {
        await sync?.server.close();
        await backend?.remove();
      });

      const postJob = () =>
        sync.server.call('POST', '/api/jobs/post-offline-earnings/run', {
          token: sync.hq,
          body: {},
        });

      const db = () => sync.server.database.db;

      /** What became of a pushed sale after the post job, and what reached its card. */
      async function keptWithoutLoyalty(id: string, card: string) {
        const [row] = await db().select().from(facts).where(eq(facts.id, id));
        const [sale] = await db().select().from(sales).where(eq(sales.id, id));
        const entries = await db()
          .select()
          .from(ledgerEntries)
          .where(eq(ledgerEntries.cardNumber, card));
        const balances = await db()
          .select()
          .from(cardBalances)
          .where(eq(cardBalances.cardNumber, card));
        const review = await sync.server.call<{ items: { fact: string; kind: string }[] }>(
          'GET',
          '/api/hq/review',
          { token: sync.hq },
        );
        return {
          status: row?.status,
          reason: row?.reason ?? null,
          saleKept: sale !== undefined,
          entries: entries.length,
          points: balances.reduce((sum, b) => sum + Math.abs(b.posted) + Math.abs(b.pending), 0),
          listed: review.body.items.some((i) => i.fact === id && i.kind === 'loyaltyRejected'),
        };
      }

      it('refuses points past the per-fact maximum, so no read of the card or report breaks', async () => {
        const card = await createCard(sync.server.database, testCardNumber(1601));
        const huge = adjustmentFact(card, 9_007_199_254_000_000, {}, seq);
        const justOver = adjustmentFact(card, DEFAULT_MAX_POINTS_PER_FACT + 1, {}, seq);
        const pushed = await sync.push('S1-R1', [huge, justOver]);
        expect(pushed.status).toBe(200);
        for (const result of pushed.body.results) {
          expect(result.status).toBe('rejected');
          expect(result.reason).toMatch(/points out of bounds/);
        }
        expect((await postJob()).status).toBe(200);
        const read = await sync.server.call('GET', `/api/cards/${card}`, { token: cashier });
        expect(read.status).toBe(200);
        const liability = await sync.server.call(
          'GET',
          '/api/hq/reports/liability?from=2026-02-25&to=2026-03-02&step=day',
          { token: sync.hq },
        );
        expect(liability.status).toBe(200);
      });

      it('keeps a sale with points past the maximum and rejects only its loyalty part', async () => {
        const card = await createCard(sync.server.database, testCardNumber(1604));
        const tamperedSale = saleFact(
          {
            card,
            lines: [{ net: '10.00' }],
            tamper: (entries) => entries.map((e) => ({ ...e, points: 9_000_000_000_000_000 })),
          },
          seq,
        );
        const pushed = await sync.push('S1-R1', [tamperedSale]);
        expect(pushed.body.results[0]).toMatchObject({ status: 'accepted' });
        expect((await postJob()).status).toBe(200);
        const kept = await keptWithoutLoyalty(tamperedSale.id, card);
        expect(kept).toMatchObject({ status: 'posted', saleKept: true, entries: 0, points: 0 });
        expect(kept.reason).toMatch(/points out of bounds/);
        expect(kept.listed).toBe(true);
        expect(
          (await sync.server.call('GET', `/api/cards/${card}`, { token: cashier })).status,
        ).toBe(200);
      });

      it('keeps a sale naming one line id twice and rejects only its loyalty part', async () => {
        const card = await createCard(sync.server.database, testCardNumber(1602));
        const sale = saleFact(
          {
            card,
            lines: [
              { id: 'A', net: '10.00' },
              { id: 'A', net: '20.00' },
            ],
          },
          seq,
        );
        const pushed = await sync.push('S1-R1', [sale]);
        expect(pushed.body.results[0]).toMatchObject({ status: 'accepted' });
        expect((await postJob()).status).toBe(200);
        const kept = await keptWithoutLoyalty(sale.id, card);
        expect(kept).toMatchObject({ status: 'posted', saleKept: true, entries: 0, points: 0 });
        expect(kept.reason).toMatch(/line id A appears twice/);
        expect(kept.listed).toBe(true);
      });

      it('refuses an impossible date at parsing: 2026-02-30 is not March 2', async () => {
        const before = await databaseChecksum(sync.server.database);
        const sale = saleFact({ card: null, lines: [{ net: '1.00' }] }, seq);
        const pushed = await sync.push('S1-R1', [{ ...sale, deviceTime: '2026-02-30T10:00:00Z' }]);
        expect(pushed.status).toBe(400);
        expect(JSON.stringify(pushed.body)).toMatch(/deviceTime/);
        const late = await sync.push('S1-R1', [{ ...sale, deviceTime: '2026-03-01T24:00:00Z' }]);
        expect(late.status).toBe(400);
        expect(await databaseChecksum(sync.server.database)).toEqual(before);
      });

      it('bounds the lines of a reservation and of a return, and the digits of an amount', async () => {
        const card = await createCard(sync.server.database, testCardNumber(1603));
        const line = { product: 'P1', category: 'GENERAL', quantity: 1, netAmount: '1.00' };
        const reserve = await sync.server.call<ErrorAnswer>('POST', '/api/sync/reserve', {
          token: sync.registers['S1-R1'],
          body: {
            protocol: PROTOCOL_VERSION,
            tender: crypto.randomUUID(),
            card,
            amount: '1.00',
            lines: Array.from({ length: MAX_LINES_PER_SALE + 1 }, (_, i) => ({
              ...line,
              id: String(i),
            })),
          },
        });
        expect(reserve.status).toBe(400);
        expect(reserve.body.error.message).toMatch(/lines/);
        const sale = saleFact({ card: null, lines: [{ net: '1.00' }] }, seq);
        const longReturn = {
          ...sale,
          receipt: {
            ...sale.receipt,
            returnOf: {
              sale: crypto.randomUUID(),
              lines: Array.from({ length: MAX_LINES_PER_SALE + 1 }, (_, i) => ({
                id: String(i),
                quantity: 1,
              })),
            },
          },
        };
        expect((await sync.push('S1-R1', [longReturn])).status).toBe(400);
        const bigTotal = { ...sale, receipt: { ...sale.receipt, total: '9'.repeat(40) } };
        expect((await sync.push('S1-R1', [bigTotal])).status).toBe(400);
      });

      it('bounds card number blocks by size and by requests per register per day', async () => {
        const ask = (size?: number) =>
          sync.server.call<ErrorAnswer>('POST', '/api/sync/card-number-blocks', {
            token: sync.registers['S1-R2'],
            body: size === undefined ? {} : { size },
          });
        expect((await ask(MAX_BLOCK_SIZE + 1)).status).toBe(400);
        for (let i = 0; i < MAX_BLOCKS_PER_DAY; i++) expect((await ask()).status).toBe(201);
        const refused = await ask();
        expect(refused.status).toBe(429);
        expect(refused.body.error.code).toBe('tooManyBlocks');
        // Another register of the same store is not held up by it.
        const other = await sync.server.call('POST', '/api/sync/card-number-blocks', {
          token: sync.registers['S1-R1'],
          body: {},
        });
        expect(other.status).toBe(201);
        sync.server.clock.advance(24 * 3_600_000 + 1);
        expect((await ask()).status).toBe(201);
      });
    },
  );
}
