import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPlainSale } from '../../shared/protocol/plainSale';
import type { Fact } from '../../shared/protocol/sync';
import { storeFact } from '../../sync-server/src/ingest/storeFact';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import {
  adjustmentFact,
  createCard,
  DeviceSequence,
  returnFact,
  saleFact,
  startSyncTestServer,
  testCardNumber,
  type SyncTestServer,
} from './helpers/facts';

/*
 * Which facts the post job may post in runs, and side by side per card, is one rule
 * (`isPlainSale`): the server stores its answer with each fact as it arrives, and the run's planner
 * asks the same function of the body.
 */

describe('isPlainSale', () => {
  const sale = saleFact({ card: testCardNumber(1), lines: [{ net: '10.00' }] });

  it('holds for a sale that only earns, with a card or without', () => {
    expect(isPlainSale(sale)).toBe(true);
    expect(isPlainSale(saleFact({ card: null, lines: [{ net: '4.00' }] }))).toBe(true);
  });

  it('fails for returns, points spent, other entries and other facts', () => {
    expect(isPlainSale(returnFact(sale, [{ id: '1', quantity: 1 }]))).toBe(false);
    const spend = saleFact({
      card: testCardNumber(1),
      lines: [{ id: '1', net: '5.00', paid: '1.00' }],
      spends: [{ points: -100 }],
      redeemedByLine: { '1': 100 },
    });
    expect(isPlainSale(spend)).toBe(false);
    const pointsTender = {
      ...sale,
      receipt: { ...sale.receipt, tenders: [{ kind: 'points', amount: '1.00' }] },
    };
    expect(isPlainSale(pointsTender)).toBe(false);
    expect(isPlainSale(adjustmentFact(testCardNumber(1), 50))).toBe(false);
  });

  it('fails for a body that is not plainly a sale (its own checks reject it later)', () => {
    for (const body of [
      null,
      'sale',
      { type: 'sale' },
      { type: 'sale', receipt: { entries: 'earn', tenders: [] } },
      { type: 'sale', receipt: { entries: [null], tenders: [] } },
      { type: 'sale', receipt: { entries: [], tenders: null } },
    ])
      expect(isPlainSale(body)).toBe(false);
  });
});

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(
    `facts stored with the plain-sale rule (${backendKind.name})`,
    () => {
      let backend: TestBackend;
      let sync: SyncTestServer;

      beforeAll(async () => {
        backend = await backendKind.create();
        sync = await startSyncTestServer(backend);
      }, PGLITE_CREATE_TIMEOUT);

      afterAll(async () => {
        await sync?.server.close();
        await backend?.remove();
      });

      async function storedPlain(ids: readonly string[]): Promise<Record<string, boolean>> {
        const { rows } = await sync.server.database.query<{ id: string; plain_sale: boolean }>(
          `select id, plain_sale from facts where id = any($1::uuid[])`,
          [ids],
        );
        return Object.fromEntries(rows.map((r) => [r.id, r.plain_sale]));
      }

      it('keeps the rule’s answer for each pushed fact, and for a fact stored alone', async () => {
        const card = await createCard(sync.server.database, testCardNumber(8_101));
        const seq = new DeviceSequence();
        const sale = saleFact({ card, lines: [{ id: '1', net: '30.00' }] }, seq);
        const pushed: Fact[] = [
          sale,
          saleFact({ card: null, lines: [{ net: '2.00' }] }, seq),
          returnFact(sale, [{ id: '1', quantity: 1 }], {}, seq),
          adjustmentFact(card, 25, {}, seq),
        ];
        expect((await sync.push('S1-R1', pushed)).status).toBe(200);
        const alone = saleFact({ card, lines: [{ net: '7.00' }] }, seq);
        const arrival = {
          registerId: 'S1-R1',
          serverTime: new Date(),
          skewFlagged: false,
          loyaltyRefused: null,
          // Posting reads the window; storing only keeps it.
          catalogue: { from: 0, to: 0 },
        };
        await sync.server.database.transaction((tx) => storeFact(tx, alone, arrival));

        const facts = [...pushed, alone];
        const expected = Object.fromEntries(facts.map((f) => [f.id, isPlainSale(f)]));
        expect(await storedPlain(facts.map((f) => f.id))).toEqual(expected);
        expect(Object.values(expected)).toEqual([true, true, false, false, true]);
      });
    },
  );
}
