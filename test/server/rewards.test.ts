import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { DistributedReward, Reward } from '../../shared/domain/loyalty';
import type { ReserveResponse } from '../../shared/protocol/sync';
import { FeedPage, PROTOCOL_VERSION, type SaleFact } from '../../shared/protocol/sync';
import {
  cardBalances,
  factReviews,
  facts,
  ledgerEntries,
  rewardPoints,
  sales,
} from '../../sync-server/src/db/schema';
import type { JobRunRecord } from '../../sync-server/src/jobs/runner';
import { postPendingFacts } from '../../sync-server/src/posting/postPendingFacts';
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

type ReserveAnswer = z.infer<typeof ReserveResponse>;

interface ErrorBody {
  error?: { code: string; problems?: { path: string; issue: string }[] };
}

/** 10 % off SHOES, at most 5.00, for 400 STAR. */
const SHOES_10: Reward = {
  id: 'SHOES-10',
  name: '10 % off shoes',
  rewardPoint: 'STAR',
  points: 400,
  benefit: { kind: 'percentOff', percent: 10, on: { category: 'SHOES' } },
  maximum: '5.00',
  active: true,
};

const S2 = { store: 'S2', register: 'S2-R1', staff: 'C2' } as const;

/**
 * The sale of vector 15 at store S2 (which allows redeeming offline): shoes 79.95 and two socks
 * 9.90 with SHOES-10 applied (4.45 and 0.55 off, 356 and 44 STAR), and a coffee 2.50.
 */
function rewardSale(
  card: string,
  seq: DeviceSequence,
  reward: { id: string; version: number },
  change: (lines: SaleFact['receipt']['lines']) => SaleFact['receipt']['lines'] = (l) => l,
  spent = 400,
): SaleFact {
  const fact = saleFact(
    {
      card,
      ...S2,
      lines: [
        { net: '75.50', category: 'SHOES' },
        { net: '9.35', category: 'SHOES', quantity: 2 },
        { net: '2.50', category: 'DRINKS' },
      ],
      spends: [{ points: -spent }],
      redeemedByLine: { '1': spent - 44, '2': 44 },
    },
    seq,
  );
  const prices = [
    {
      unitPrice: '79.95',
      tierDiscount: '0.00',
      reward: { discount: '4.45', points: { STAR: 356 } },
    },
    { unitPrice: '4.95', tierDiscount: '0.00', reward: { discount: '0.55', points: { STAR: 44 } } },
    {},
  ];
  const lines = fact.receipt.lines.map((line, i) => ({ ...line, ...prices[i] }));
  return { ...fact, receipt: { ...fact.receipt, reward, lines: change(lines) } };
}

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`the rewards catalogue (${backendKind.name})`, () => {
    let backend: TestBackend;
    let sync: SyncTestServer;
    const seq = new DeviceSequence();
    let nextCard = 700;

    beforeAll(async () => {
      backend = await backendKind.create();
      sync = await startSyncTestServer(backend);
      await sync.server.database.db.insert(rewardPoints).values({
        id: 'STATUS',
        name: 'Status points',
        type: 'quantity',
        redeemable: false,
        redeemRanking: 9,
      });
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await sync?.server.close();
      await backend?.remove();
    });

    const call = <T>(method: string, path: string, body?: unknown) =>
      sync.server.call<T & ErrorBody>(method, path, { token: sync.hq, body });
    const db = () => sync.server.database.db;
    const posted = async (card: string) =>
      (await db().select().from(cardBalances).where(eq(cardBalances.cardNumber, card)))[0]
        ?.posted ?? 0;
    const runJob = () => postPendingFacts(sync.server.context, { batchSize: 5 });
    const cardWith = async (points: number) => {
      const card = testCardNumber(nextCard++);
      await createCard(sync.server.database, card);
      await sync.push('S1-R1', [adjustmentFact(card, points, {}, seq)]);
      await runJob();
      return card;
    };

    it('head office adds and edits rewards; each edit is a new version', async () => {
      const created = await call<DistributedReward>('POST', '/api/hq/rewards', SHOES_10);
      expect(created).toMatchObject({ status: 201, body: { ...SHOES_10, version: 1 } });
      const edited = await call<DistributedReward>('PUT', '/api/hq/rewards/SHOES-10', {
        ...SHOES_10,
        maximum: '6.00',
      });
      expect(edited).toMatchObject({ status: 200, body: { maximum: '6.00', version: 2 } });
      await call('PUT', '/api/hq/rewards/SHOES-10', SHOES_10);
      const list = await call<{ items: DistributedReward[] }>('GET', '/api/hq/rewards');
      expect(list.body.items).toEqual([{ ...SHOES_10, version: 3 }]);
    });

    it('refuses a reward priced in points that cannot be redeemed, or unknown ones, writing nothing', async () => {
      const status = await call('POST', '/api/hq/rewards', {
        ...SHOES_10,
        id: 'BAD',
        rewardPoint: 'STATUS',
      });
      expect(status.status).toBe(400);
      expect(status.body.error).toMatchObject({
        code: 'invalidReward',
        problems: [{ path: 'rewardPoint', issue: 'notRedeemable' }],
      });
      const unknown = await call('POST', '/api/hq/rewards', {
        ...SHOES_10,
        id: 'BAD',
        rewardPoint: 'NOPE',
      });
      expect(unknown.body.error?.code).toBe('unknownReference');
      expect((await call('GET', '/api/hq/rewards/BAD')).status).toBe(404);
    });

    it('1050 distributes the active rewards to the stores, with their version', async () => {
      const run = await call<JobRunRecord>('POST', '/api/jobs/distribution-1050/run');
      expect(run.body.status).toBe('succeeded');
      const page = await sync.server.call<FeedPage>('GET', '/api/sync/feed?after=0&limit=5000', {
        token: sync.registers['S2-R1'],
      });
      const feed = FeedPage.parse(page.body);
      const rewards = feed.changes.filter((c) => c.collection === 'reward');
      expect(rewards.map((c) => c.data)).toEqual([{ ...SHOES_10, version: 3 }]);
    });

    it('posts a sale that applied a reward: its price in points, stored per line; a return gives them back', async () => {
      const card = await cardWith(1_000);
      const sale = rewardSale(card, seq, { id: 'SHOES-10', version: 3 });
      await sync.push('S2-R1', [sale]);
      expect(await runJob()).toMatchObject({ posted: 1, rejected: 0 });
      // 1000 - 400 for the reward + 870 earned on the discounted 87.35.
      expect(await posted(card)).toBe(1_000 - 400 + 870);
      const [row] = await db().select().from(sales).where(eq(sales.id, sale.id));
      expect(
        (row?.lines as SaleFact['receipt']['lines']).map((l) => [l.reward?.discount, l.redeemed]),
      ).toEqual([
        ['4.45', { STAR: 356 }],
        ['0.55', { STAR: 44 }],
        [undefined, {}],
      ]);

      const back = returnFact(
        sale,
        [
          { id: '1', quantity: 1 },
          { id: '2', quantity: 2 },
        ],
        {},
        seq,
      );
      await sync.push('S2-R1', [back]);
      expect(await runJob()).toMatchObject({ posted: 1 });
      const earnedOnShoes =
        (sale.receipt.lines[0]?.earned['STAR'] ?? 0) + (sale.receipt.lines[1]?.earned['STAR'] ?? 0);
      expect(await posted(card)).toBe(1_000 - 400 + 870 + 400 - earnedOnShoes);
    });

    it('rejects the points of a sale whose reward discount, price or version is not the reward’s', async () => {
      const card = await cardWith(1_000);
      const greedy = rewardSale(card, seq, { id: 'SHOES-10', version: 3 }, (lines) =>
        lines.map((l, i) =>
          i === 0
            ? { ...l, unitPrice: '80.95', reward: { discount: '5.45', points: { STAR: 356 } } }
            : l,
        ),
      );
      const unknown = rewardSale(card, seq, { id: 'SHOES-10', version: 9 });
      const cheap = rewardSale(
        card,
        seq,
        { id: 'SHOES-10', version: 3 },
        (lines) =>
          lines.map((l, i) =>
            i === 0 ? { ...l, reward: { discount: '4.45', points: { STAR: 300 } } } : l,
          ),
        344,
      );
      await sync.push('S2-R1', [greedy, unknown, cheap]);
      expect(await runJob()).toMatchObject({ posted: 0, loyaltyRejected: 3 });
      const reason = async (id: string) =>
        (await db().select().from(facts).where(eq(facts.id, id)))[0]?.reason;
      expect(await reason(greedy.id)).toMatch(
        /reward SHOES-10 takes 446 off it, the register took 545/,
      );
      expect(await reason(unknown.id)).toMatch(/reward SHOES-10 version 9 was never sent/);
      expect(await reason(cheap.id)).toMatch(
        /its share of reward SHOES-10 is 356 STAR, the register says 300/,
      );
      expect(await posted(card)).toBe(1_000);
    });
    /** The lines of vector 15 before the reward, as a register asks to reserve SHOES-10 on them. */
    const reserveReward = (card: string, tender: string, amount = '5.00', version = 3) =>
      sync.server.call<ReserveAnswer & ErrorBody>('POST', '/api/sync/reserve', {
        token: sync.registers['S2-R1'],
        body: {
          protocol: PROTOCOL_VERSION,
          tender,
          card,
          amount,
          lines: [
            { id: '1', product: 'P1', category: 'SHOES', quantity: 1, netAmount: '79.95' },
            { id: '2', product: 'P2', category: 'SHOES', quantity: 2, netAmount: '9.90' },
            { id: '3', product: 'P3', category: 'DRINKS', quantity: 1, netAmount: '2.50' },
          ],
          reward: { id: 'SHOES-10', version },
        },
      });
    const redeemed = async (card: string) =>
      db()
        .select()
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.cardNumber, card), eq(ledgerEntries.kind, 'redeem')));

    it('reserves a reward online once per reservation id; the sale that uses it posts it once', async () => {
      const card = await cardWith(1_000);
      const tender = randomUUID();
      const first = await reserveReward(card, tender);
      expect(first.body).toMatchObject({ ok: true, covered: '5.00', points: { STAR: 400 } });
      expect(await posted(card)).toBe(600);
      const again = await reserveReward(card, tender);
      expect(again.body).toEqual(first.body);
      expect(await posted(card)).toBe(600);

      const entry = first.body.ok ? first.body.entries?.[0] : undefined;
      expect(entry).toMatchObject({ rewardPoint: 'STAR', points: -400 });
      const sale = rewardSale(card, seq, { id: 'SHOES-10', version: 3 });
      const receipt = {
        ...sale.receipt,
        reward: { id: 'SHOES-10', version: 3, reservation: 'online' as const },
        entries: sale.receipt.entries.map((e) =>
          e.kind === 'redeem' && entry ? { ...e, id: entry.id, lots: entry.lots } : e,
        ),
      };
      await sync.push('S2-R1', [{ ...sale, receipt }]);
      expect(await runJob()).toMatchObject({ posted: 1, rejected: 0 });
      expect(await posted(card)).toBe(1_000 - 400 + 870);
      expect((await redeemed(card)).map((e) => [e.id, e.points])).toEqual([[entry?.id, -400]]);
    });

    it('refuses a reward the card cannot pay, and one whose discount the register got wrong', async () => {
      const poor = await cardWith(300);
      const refused = await reserveReward(poor, randomUUID());
      expect(refused.body).toMatchObject({ ok: false, error: 'insufficient' });
      const card = await cardWith(1_000);
      const wrong = await reserveReward(card, randomUUID(), '6.00');
      expect(wrong.status).toBe(409);
      expect(wrong.body.error?.code).toBe('rewardDiscount');
      const unknown = await reserveReward(card, randomUUID(), '5.00', 9);
      expect(unknown.body.error?.code).toBe('unknownReward');
      expect(await redeemed(card)).toEqual([]);
      expect(await posted(card)).toBe(1_000);
    });

    it('gives a reserved reward’s points back when the register takes the reward back', async () => {
      const card = await cardWith(1_000);
      const tender = randomUUID();
      await reserveReward(card, tender);
      expect(await posted(card)).toBe(600);
      const released = await sync.server.call<{ points: Record<string, number> }>(
        'POST',
        `/api/sync/reserve/${tender}/release`,
        { token: sync.registers['S2-R1'] },
      );
      expect(released.body.points).toEqual({ STAR: 400 });
      expect(await posted(card)).toBe(1_000);
    });

    it('flags for review a reward taken offline beyond the store’s daily allowance, and posts it', async () => {
      const card = await cardWith(1_000);
      // S2 lets a card spend 500 points a day offline: the first reward (400) is within, the
      // second brings the day to 800.
      const offline = { id: 'SHOES-10', version: 3, reservation: 'offline' as const };
      const within = rewardSale(card, seq, offline);
      const beyond = rewardSale(card, seq, offline);
      await sync.push('S2-R1', [within, beyond]);
      expect(await runJob()).toMatchObject({ posted: 2, rejected: 0, flagged: 1 });
      expect(await posted(card)).toBe(1_000 - 800 + 2 * 870);
      const reviews = await db().select().from(factReviews).where(eq(factReviews.cardNumber, card));
      expect(reviews.map((r) => [r.factId, r.kind, r.points, r.storeId])).toEqual([
        [beyond.id, 'offlineOverdraw', 300, 'S2'],
      ]);
      expect(reviews[0]?.reason).toMatch(/800 points, over the allowance of 500/);
    });
  });
}
