import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol/sync';
import {
  cardBalances,
  factReviews,
  facts,
  ledgerEntries,
  programs,
  schemes,
} from '../../sync-server/src/db/schema';
import { postEntries } from '../../sync-server/src/ledger/post';
import { loadRewardPoints } from '../../sync-server/src/ledger/rewardPoints';
import { postPendingFacts } from '../../sync-server/src/posting/postPendingFacts';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import {
  createCard,
  DeviceSequence,
  saleFact,
  startSyncTestServer,
  TEST_SCHEME,
  testCardNumber,
  type SyncTestServer,
} from './helpers/facts';
import { TEST_START } from './helpers/server';

interface Granted {
  ok: true;
  tender: string;
  covered: string;
  points: Record<string, number>;
  lots: { id: string; points: number }[];
  entries: {
    id: string;
    rewardPoint: string;
    points: number;
    lots: { id: string; points: number }[];
  }[];
}
interface Refused {
  ok: false;
  tender: string;
  error: string;
  canCover: string;
}
type Answer = Granted | Refused;

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`online redemption (${backendKind.name})`, () => {
    let backend: TestBackend;
    let sync: SyncTestServer;
    let nextCard = 500;
    const seq = new DeviceSequence();

    beforeAll(async () => {
      backend = await backendKind.create();
      sync = await startSyncTestServer(backend);
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await sync?.server.close();
      await backend?.remove();
    });

    const db = () => sync.server.database.db;
    /** A card holding `points` posted stars. */
    const cardWith = async (points: number, values: Parameters<typeof createCard>[2] = {}) => {
      const card = await createCard(sync.server.database, testCardNumber(nextCard++), values);
      if (points > 0) {
        const rps = await loadRewardPoints(sync.server.database);
        await sync.server.database.transaction((tx) =>
          postEntries(
            tx,
            [
              {
                id: randomUUID(),
                cardNumber: card,
                rewardPointId: 'STAR',
                kind: 'adjust',
                points,
                earnedAt: new Date(TEST_START - 86_400_000),
                origin: 'online',
              },
            ],
            rps,
            new Date(TEST_START),
          ),
        );
      }
      return card;
    };
    const posted = async (card: string) =>
      (await db().select().from(cardBalances).where(eq(cardBalances.cardNumber, card)))[0]
        ?.posted ?? 0;
    const reserve = (
      card: string,
      amount: string,
      tender: string = randomUUID(),
      register: 'S1-R1' | 'S1-R2' = 'S1-R1',
    ) =>
      sync.server.call<Answer>('POST', '/api/sync/reserve', {
        token: sync.registers[register],
        body: {
          protocol: PROTOCOL_VERSION,
          tender,
          card,
          amount,
          lines: [{ id: '1', product: 'P1', category: 'GENERAL', quantity: 1, netAmount: '10.00' }],
        },
      });
    const release = (tender: string, register: 'S1-R1' | 'S1-R2' | 'S2-R1' = 'S1-R1') =>
      sync.server.call<{ released: boolean; points: Record<string, number> }>(
        'POST',
        `/api/sync/reserve/${tender}/release`,
        { token: sync.registers[register] },
      );

    it('reserves the points of a tender once, however often the tender is retried', async () => {
      const card = await cardWith(500);
      const tender = randomUUID();
      const first = await reserve(card, '2.50', tender);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        ok: true,
        tender,
        covered: '2.50',
        points: { STAR: 250 },
      });
      const granted = first.body as Granted;
      expect(granted.entries).toHaveLength(1);
      expect(granted.entries[0]).toMatchObject({ rewardPoint: 'STAR', points: -250 });
      expect(await posted(card)).toBe(250);

      const retried = await Promise.all([
        reserve(card, '2.50', tender),
        reserve(card, '2.50', tender),
      ]);
      for (const again of retried) expect(again.body).toEqual(first.body);
      expect(await posted(card)).toBe(250);
      const spends = await db()
        .select()
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.cardNumber, card), eq(ledgerEntries.kind, 'redeem')));
      expect(spends.map((s) => s.id)).toEqual([granted.entries[0]?.id]);
      expect(spends[0]).toMatchObject({ origin: 'online', status: 'posted', registerId: 'S1-R1' });
    });

    it('refuses what the points cannot cover, and unknown or blocked cards, spending nothing', async () => {
      const card = await cardWith(250);
      const short = await reserve(card, '3.00');
      expect(short.body).toMatchObject({ ok: false, error: 'insufficient', canCover: '2.50' });
      expect(await posted(card)).toBe(250);
      const unknown = await reserve(testCardNumber(99_998), '1.00');
      expect(unknown.body).toMatchObject({ ok: false, error: 'unknownCard', canCover: '0.00' });
      const blocked = await cardWith(0, { status: 'blocked' });
      expect((await reserve(blocked, '1.00')).body).toMatchObject({
        ok: false,
        error: 'blockedCard',
      });
    });

    it('never lets two registers redeeming one card at once overdraw it', async () => {
      const card = await cardWith(300);
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          reserve(card, '1.00', randomUUID(), i % 2 ? 'S1-R2' : 'S1-R1'),
        ),
      );
      expect(answers.every((a) => a.status === 200)).toBe(true);
      expect(answers.filter((a) => a.body.ok)).toHaveLength(3);
      expect(answers.filter((a) => !a.body.ok).map((a) => (a.body as Refused).error)).toEqual([
        'insufficient',
        'insufficient',
        'insufficient',
      ]);
      expect(await posted(card)).toBe(0);
    });

    it('answers a sale that repeats the reserved spends as already posted: nothing is spent twice', async () => {
      const card = await cardWith(1_000);
      const granted = (await reserve(card, '4.00')).body as Granted;
      expect(await posted(card)).toBe(600);
      const sale = saleFact(
        {
          card,
          offline: false,
          lines: [{ net: '10.00', paid: '4.00' }],
          spends: granted.entries.map((e) => ({ id: e.id, points: e.points, lots: e.lots })),
          redeemedByLine: { '1': 400 },
        },
        seq,
      );
      expect((await sync.push('S1-R1', [sale])).body.results[0]?.status).toBe('accepted');
      expect(await postPendingFacts(sync.server.context)).toMatchObject({
        posted: 1,
        rejected: 0,
        flagged: 0,
      });
      // 6.00 not paid with points earns 60 stars.
      expect(await posted(card)).toBe(660);
      const reviews = await db().select().from(factReviews).where(eq(factReviews.cardNumber, card));
      expect(reviews).toEqual([]);
      const forged = saleFact(
        {
          card,
          offline: false,
          lines: [{ net: '1.00' }],
          spends: [{ id: granted.entries[0]?.id, points: -1 }],
        },
        seq,
      );
      await sync.push('S1-R1', [forged]);
      expect(await postPendingFacts(sync.server.context)).toMatchObject({
        posted: 0,
        rejected: 0,
        loyaltyRejected: 1,
      });
    });

    it('gives the points of an abandoned tender back once', async () => {
      const card = await cardWith(500);
      const tender = randomUUID();
      await reserve(card, '3.00', tender);
      expect(await posted(card)).toBe(200);
      expect((await release(tender, 'S1-R2')).status).toBe(403);
      const first = await release(tender);
      expect(first).toMatchObject({ status: 200, body: { released: true, points: { STAR: 300 } } });
      expect(await posted(card)).toBe(500);
      expect((await release(tender)).body).toEqual(first.body);
      expect(await posted(card)).toBe(500);
      expect((await release(randomUUID())).status).toBe(404);
    });

    it('will not release a tender a pushed sale paid with', async () => {
      const card = await cardWith(500);
      const granted = (await reserve(card, '1.00')).body as Granted;
      const sale = saleFact({ card, offline: false, lines: [{ net: '1.00', paid: '1.00' }] }, seq);
      sale.receipt.tenders = [
        {
          id: granted.tender,
          kind: 'points',
          amount: '1.00',
          points: { STAR: 100 },
          reservation: 'online',
        },
      ];
      sale.receipt.entries = granted.entries.map((e) => ({
        id: e.id,
        card,
        rewardPoint: 'STAR',
        kind: 'redeem',
        points: e.points,
        rules: {},
        cropped: 0,
        line: null,
        lots: e.lots,
        reverses: null,
        staff: null,
        comment: null,
      }));
      await sync.push('S1-R1', [sale]);
      const refused = await release(granted.tender);
      expect(refused.status).toBe(409);
      expect(await posted(card)).toBe(400);
    });

    it('answers a bad request with a 400 naming the field', async () => {
      const card = await cardWith(100);
      const bad = await sync.server.call<{ error: { message: string } }>(
        'POST',
        '/api/sync/reserve',
        {
          token: sync.registers['S1-R1'],
          body: {
            protocol: PROTOCOL_VERSION,
            tender: 'not-a-uuid',
            card,
            amount: '1.00',
            lines: [],
          },
        },
      );
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/tender/);
      expect(bad.body.error.message).toMatch(/lines/);
      const zero = await reserve(card, '0.00');
      expect(zero.status).toBe(400);
      expect(await posted(card)).toBe(100);
    });

    /** A sale that pays `granted` as an online points tender, repeating its spends. */
    const paidWith = (card: string, granted: Granted) => {
      const spent = granted.entries.reduce((sum, e) => sum - e.points, 0);
      const sale = saleFact(
        {
          card,
          offline: false,
          lines: [{ net: '10.00', paid: granted.covered }],
          spends: granted.entries.map((e) => ({ id: e.id, points: e.points, lots: e.lots })),
          redeemedByLine: { '1': spent },
        },
        seq,
      );
      // The reservation pays its part, cash the rest.
      sale.receipt.tenders = [
        {
          id: granted.tender,
          kind: 'points',
          amount: granted.covered,
          points: granted.points,
          reservation: 'online',
        },
        ...sale.receipt.tenders.filter((tender) => tender.kind === 'cash'),
      ];
      return sale;
    };
    const statusOf = async (id: string) => {
      const [row] = await db().select().from(facts).where(eq(facts.id, id));
      return { status: row?.status, reason: row?.reason };
    };

    it('refuses a sale paying with a released reservation, and a release or a second sale once a sale used it (review 2)', async () => {
      const card = await cardWith(1_000);
      const released = (await reserve(card, '5.00')).body as Granted;
      expect((await release(released.tender)).status).toBe(200);
      expect(await posted(card)).toBe(1_000);
      const late = paidWith(card, released);
      await sync.push('S1-R1', [late]);
      await postPendingFacts(sync.server.context);
      // The goods left: the sale is kept (posted with the reason), its points part rejected.
      expect(await statusOf(late.id)).toEqual({
        status: 'posted',
        reason: expect.stringMatching(/tender .* was released/),
      });
      expect(await posted(card)).toBe(1_000);

      const used = (await reserve(card, '2.00')).body as Granted;
      const sale = paidWith(card, used);
      const again = paidWith(card, used);
      await sync.push('S1-R1', [sale]);
      await postPendingFacts(sync.server.context);
      expect((await statusOf(sale.id)).status).toBe('posted');
      expect((await release(used.tender)).status).toBe(409);
      await sync.push('S1-R1', [again]);
      await postPendingFacts(sync.server.context);
      expect(await statusOf(again.id)).toEqual({
        status: 'posted',
        reason: expect.stringMatching(new RegExp(`already paid for sale ${sale.id}`)),
      });
      // 8.00 of the first sale not paid with points earns 80.
      expect(await posted(card)).toBe(1_000 - 200 + 80);
    });

    it('answers a line amount with too many decimals or too large with a 400 naming the line (review 4)', async () => {
      const card = await cardWith(100);
      for (const netAmount of ['1.005', '999999999999999999.00']) {
        const answer = await sync.server.call<{ error: { message: string } }>(
          'POST',
          '/api/sync/reserve',
          {
            token: sync.registers['S1-R1'],
            body: {
              protocol: PROTOCOL_VERSION,
              tender: randomUUID(),
              card,
              amount: '1.00',
              lines: [{ id: '1', product: 'P1', category: 'GENERAL', quantity: 1, netAmount }],
            },
          },
        );
        expect(answer.status).toBe(400);
        expect(answer.body.error.message).toMatch(/lines\.0\.netAmount/);
      }
      expect(await posted(card)).toBe(100);
    });

    // Last: it adds schemes the tests above do not expect.
    it('pays under every processed scheme of the card program, each line at the cheapest line of all', async () => {
      const scheme = (id: string, values: Partial<typeof schemes.$inferInsert>) => ({
        id,
        version: 1,
        programId: TEST_SCHEME.program,
        status: 'active' as const,
        stores: [],
        earning: [],
        excludedAffiliations: [],
        redemption: [],
        activatedAt: new Date(TEST_START - 3_600_000),
        ...values,
      });
      const redemptionLine = (id: string, points: number, category: string | null) => ({
        ...(TEST_SCHEME.redemption[0] as (typeof TEST_SCHEME.redemption)[0]),
        id,
        points,
        filter: category ? { category } : null,
      });
      await db().insert(programs).values({ id: 'OTHER', name: 'Another program' });
      await db()
        .insert(schemes)
        .values([
          scheme('PROMO', { redemption: [redemptionLine('R2', 50, 'SPECIAL')] }),
          // Activated last, but of another program: it must not price this card's points.
          scheme('FOREIGN', {
            programId: 'OTHER',
            redemption: [redemptionLine('R3', 1, null)],
            activatedAt: new Date(TEST_START - 60_000),
          }),
        ]);
      const processed = await sync.server.call('POST', '/api/jobs/process-loyalty-schemes/run', {
        token: sync.hq,
      });
      expect(processed.status).toBe(200);
      const card = await cardWith(1_000);
      const answer = await sync.server.call<Answer>('POST', '/api/sync/reserve', {
        token: sync.registers['S1-R1'],
        body: {
          protocol: PROTOCOL_VERSION,
          tender: randomUUID(),
          card,
          amount: '15.00',
          lines: [
            { id: '1', product: 'P9', category: 'SPECIAL', quantity: 1, netAmount: '10.00' },
            { id: '2', product: 'P1', category: 'GENERAL', quantity: 1, netAmount: '10.00' },
          ],
        },
      });
      // 10.00 at 50 points per 1.00 (PROMO) and 5.00 at 100 per 1.00 (SCH).
      expect(answer.body).toMatchObject({ ok: true, covered: '15.00', points: { STAR: 1_000 } });
      expect(await posted(card)).toBe(0);
    });
  });
}
