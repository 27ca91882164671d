import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardNumberFor } from '../../shared/engine/cardNumbers';
import type { SyncEvent } from '../../shared/protocol/sync';
import { CARD_NUMBER_FORMAT } from '../../sync-server/src/cards/numberSequence';
import {
  cardBalances,
  cards,
  customers,
  factAttempts,
  factReviews,
  facts,
  ledgerEntries,
  lots,
  programs,
  rewardPoints,
  sales,
  schemes,
} from '../../sync-server/src/db/schema';
import { postRun } from '../../sync-server/src/posting/batch/postRun';
import { loadRunSettings } from '../../sync-server/src/posting/batch/startRun';
import { NO_AUTHORITY } from '../../sync-server/src/posting/authority';
import { postPendingFacts } from '../../sync-server/src/posting/postPendingFacts';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import {
  adjustmentFact,
  cardIssuedFact,
  createCard,
  customerFact,
  DeviceSequence,
  engineEarning,
  returnFact,
  saleFact,
  startSyncTestServer,
  TEST_SCHEME,
  testCardNumber,
  type SyncTestServer,
} from './helpers/facts';
import { TEST_START } from './helpers/server';

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`post offline earnings (${backendKind.name})`, () => {
    let backend: TestBackend;
    let sync: SyncTestServer;
    const events: SyncEvent[] = [];
    const seq = new DeviceSequence();
    let nextCard = 100;

    beforeAll(async () => {
      backend = await backendKind.create();
      sync = await startSyncTestServer(backend);
      sync.server.context.events.subscribe((event) => events.push(event));
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await sync?.server.close();
      await backend?.remove();
    });

    const db = () => sync.server.database.db;
    const newCard = (values: Parameters<typeof createCard>[2] = {}) =>
      createCard(sync.server.database, testCardNumber(nextCard++), values);
    const balance = async (card: string) => {
      const [row] = await db().select().from(cardBalances).where(eq(cardBalances.cardNumber, card));
      return { posted: row?.posted ?? 0, pending: row?.pending ?? 0 };
    };
    const factStatus = async (id: string) =>
      (await db().select().from(facts).where(eq(facts.id, id)))[0];
    const runJob = () => postPendingFacts(sync.server.context, { batchSize: 3 });

    it('posts a pushed sale so the balance equals what the engine computes', async () => {
      const card = await newCard();
      const gold = await newCard({ tierId: 'GOLD' });
      const lines = [{ net: '12.50' }, { net: '7.25' }];
      const sale = saleFact({ card, lines }, seq);
      const goldSale = saleFact(
        { card: gold, lines, standing: { tier: 'GOLD', affiliations: [] } },
        seq,
      );
      expect((await sync.push('S1-R1', [sale, goldSale])).status).toBe(200);
      expect(await balance(card)).toEqual({ posted: 0, pending: 190 });

      const summary = await runJob();
      expect(summary).toMatchObject({ posted: 2, rejected: 0 });
      const expected = engineEarning({ card, lines }).earning.earned['STAR'];
      const expectedGold = engineEarning({
        card: gold,
        lines,
        standing: { tier: 'GOLD', affiliations: [] },
      }).earning.earned['STAR'];
      expect(expected).toBe(190);
      expect(expectedGold).toBe(285);
      expect(await balance(card)).toEqual({ posted: expected, pending: 0 });
      expect(await balance(gold)).toEqual({ posted: expectedGold, pending: 0 });
      const [lot] = await db().select().from(lots).where(eq(lots.cardNumber, card));
      expect(lot?.expiresAt).toEqual(new Date('2027-03-01T10:00:00Z'));
      expect((await factStatus(sale.id))?.status).toBe('posted');
      const [stored] = await db().select().from(sales).where(eq(sales.id, sale.id));
      expect(stored).toMatchObject({ cardNumber: card, totalMinor: 1975, offline: true });
      // On PostgreSQL events travel through LISTEN/NOTIFY: they arrive a moment after the job.
      await expect
        .poll(() => events)
        .toContainEqual({
          type: 'fact',
          id: sale.id,
          status: 'posted',
          register: 'S1-R1',
        });
    });

    it('recomputes the tier of the card after posting a sale that qualifies it', async () => {
      const card = await newCard({ tierId: 'BASE' });
      const sale = saleFact({ card, lines: [{ net: '100.00' }] }, seq);
      expect((await sync.push('S1-R1', [sale])).status).toBe(200);
      await runJob();
      const [row] = await db().select().from(cards).where(eq(cards.number, card));
      expect(row?.tierId).toBe('GOLD');
      expect(row?.tierValidUntil).toEqual(new Date('2027-03-01T10:00:00Z'));
    });

    it('keeps a sale with tampered points, rejecting only its loyalty part, while the other facts of the push still post', async () => {
      const card = await newCard();
      const lines = [{ net: '10.00' }];
      const first = saleFact({ card, lines }, seq);
      const inflated = saleFact(
        { card, lines, tamper: (es) => es.map((e) => ({ ...e, points: e.points + 50 })) },
        seq,
      );
      const rewritten = saleFact(
        {
          card,
          lines,
          tamper: (es) => es.map((e) => ({ ...e, points: 500, rules: { E1: 500 } })),
        },
        seq,
      );
      const upgraded = saleFact({ card, lines, standing: { tier: 'GOLD', affiliations: [] } }, seq);
      const last = saleFact({ card, lines }, seq);
      const pushed = await sync.push('S1-R1', [first, inflated, rewritten, upgraded, last]);
      expect(pushed.body.results.every((r) => r.status === 'accepted')).toBe(true);
      expect((await balance(card)).pending).toBe(100 + 150 + 500 + 150 + 100);

      const summary = await runJob();
      expect(summary).toMatchObject({ posted: 2, rejected: 0, loyaltyRejected: 3 });
      expect(await balance(card)).toEqual({ posted: 200, pending: 0 });
      // The money was taken and the goods left: each sale is kept, with no points on its lines.
      for (const [fact, reason] of [
        [inflated, /tampered points: .*claimed 150 STAR.*gives 100/],
        [rewritten, /earning line E1: the register claimed 500 points, the scheme gives 100/],
        [upgraded, /tier GOLD/],
      ] as const) {
        expect(await factStatus(fact.id)).toMatchObject({ status: 'posted', reason });
        const [kept] = await db().select().from(sales).where(eq(sales.id, fact.id));
        expect(kept).toMatchObject({ cardNumber: card, totalMinor: 1000, staffId: 'C1' });
        expect((kept?.lines as { earned: object }[]).map((l) => l.earned)).toEqual([{}]);
        const [review] = await db()
          .select()
          .from(factReviews)
          .where(eq(factReviews.factId, fact.id));
        expect(review).toMatchObject({ kind: 'loyaltyRejected', cardNumber: card, reason });
      }
      const [entry] = await db()
        .select()
        .from(ledgerEntries)
        .where(eq(ledgerEntries.factId, inflated.id));
      expect(entry).toMatchObject({
        status: 'rejected',
        reason: expect.stringMatching(/tampered/),
      });
      // On PostgreSQL events travel through LISTEN/NOTIFY: they arrive a moment after the job.
      await expect
        .poll(() => events)
        .toContainEqual(
          expect.objectContaining({
            id: inflated.id,
            status: 'loyaltyRejected',
            register: 'S1-R1',
          }),
        );
    });

    it('keeps a sale whose staff member is unknown; rejects whole only a receipt it cannot record', async () => {
      const card = await newCard();
      const unknownStaff = saleFact({ card, lines: [{ net: '3.00' }], staff: 'NOBODY' }, seq);
      const plain = saleFact({ card, lines: [{ net: '3.00' }] }, seq);
      const otherCurrency = { ...plain, receipt: { ...plain.receipt, currency: 'SEK' } };
      expect((await sync.push('S1-R1', [unknownStaff, otherCurrency])).status).toBe(200);
      expect(await runJob()).toMatchObject({ posted: 0, rejected: 1, loyaltyRejected: 1 });
      expect(await factStatus(unknownStaff.id)).toMatchObject({
        status: 'posted',
        reason: expect.stringMatching(/staff member NOBODY is unknown/),
      });
      const [kept] = await db().select().from(sales).where(eq(sales.id, unknownStaff.id));
      // The staff column names only known staff; the fact keeps what the register sent.
      expect(kept).toMatchObject({ cardNumber: card, totalMinor: 300, staffId: null });
      expect(await factStatus(otherCurrency.id)).toMatchObject({
        status: 'rejected',
        reason: expect.stringMatching(/in SEK, store S1 sells in USD/),
      });
      expect(await db().select().from(sales).where(eq(sales.id, otherCurrency.id))).toEqual([]);
      expect(await balance(card)).toEqual({ posted: 0, pending: 0 });
    });

    it('posts nothing twice: a second run and a later push of the same facts change nothing', async () => {
      const card = await newCard();
      const sale = saleFact({ card, lines: [{ net: '4.00' }] }, seq);
      await sync.push('S1-R1', [sale]);
      expect((await runJob()).posted).toBe(1);
      expect(await balance(card)).toEqual({ posted: 40, pending: 0 });

      expect(await runJob()).toMatchObject({ posted: 0, rejected: 0 });
      const again = await sync.push('S1-R1', [sale]);
      expect(again.body.results[0]?.status).toBe('duplicate');
      expect(await runJob()).toMatchObject({ posted: 0, rejected: 0 });
      expect(await balance(card)).toEqual({ posted: 40, pending: 0 });
      const entries = await db()
        .select()
        .from(ledgerEntries)
        .where(eq(ledgerEntries.cardNumber, card));
      expect(entries).toHaveLength(1);
    });

    it('leaves a fact pending and untouched when its transaction dies mid-posting, then posts it once', async () => {
      const card = await newCard();
      const sale = saleFact({ card, lines: [{ net: '4.00' }] }, seq);
      await sync.push('S1-R1', [sale]);
      const settings = await loadRunSettings(
        sync.server.database,
        new Date(TEST_START),
        NO_AUTHORITY,
      );
      await expect(
        sync.server.database.transaction(async (tx) => {
          expect(await postRun(tx, [sale.id], settings)).toMatchObject([{ status: 'posted' }]);
          throw new Error('killed mid-run');
        }),
      ).rejects.toThrow('killed mid-run');
      expect((await factStatus(sale.id))?.status).toBe('pending');
      expect(await balance(card)).toEqual({ posted: 0, pending: 40 });
      expect((await runJob()).posted).toBe(1);
      expect(await balance(card)).toEqual({ posted: 40, pending: 0 });
    });

    it('issues cards from the register block, for customers the same push created', async () => {
      const blocked = await sync.server.call<{ first: number; last: number }>(
        'POST',
        '/api/sync/card-number-blocks',
        { token: sync.registers['S1-R1'], body: { size: 10 } },
      );
      expect(blocked.status).toBe(201);
      const inBlock = (k: number) => cardNumberFor(CARD_NUMBER_FORMAT, blocked.body.first + k);
      const outside = cardNumberFor(CARD_NUMBER_FORMAT, blocked.body.last + 1_000);
      const badDigit = inBlock(1).slice(0, -1) + String((Number(inBlock(1).slice(-1)) + 1) % 10);

      const customer = customerFact({ id: 'CUST-1', name: 'Ada' }, {}, seq);
      const blockedCustomer = customerFact({ id: 'CUST-2', blockedForEnrolment: true }, {}, seq);
      const issued = cardIssuedFact(inBlock(0), { customer: 'CUST-1' }, seq);
      const saleOnIt = saleFact({ card: inBlock(0), lines: [{ net: '3.00' }] }, seq);
      const notOurs = cardIssuedFact(outside, {}, seq);
      const mistyped = cardIssuedFact(badDigit, {}, seq);
      const forBlocked = cardIssuedFact(inBlock(2), { customer: 'CUST-2' }, seq);
      const byCashier = cardIssuedFact(inBlock(3), { staff: 'C1' }, seq);
      const twice = cardIssuedFact(inBlock(0), {}, seq);
      await sync.push('S1-R1', [
        customer,
        blockedCustomer,
        issued,
        saleOnIt,
        notOurs,
        mistyped,
        forBlocked,
        byCashier,
        twice,
      ]);
      await runJob();

      const [card] = await db()
        .select()
        .from(cards)
        .where(eq(cards.number, inBlock(0)));
      expect(card).toMatchObject({
        customerId: 'CUST-1',
        enrolmentSource: 'register',
        enrolmentStoreId: 'S1',
        enrolmentRegisterId: 'S1-R1',
        status: 'active',
        tierId: 'BASE',
      });
      expect(await balance(inBlock(0))).toEqual({ posted: 30, pending: 0 });
      const [ada] = await db().select().from(customers).where(eq(customers.id, 'CUST-1'));
      expect(ada?.name).toBe('Ada');
      expect((await factStatus(notOurs.id))?.reason).toMatch(
        /not in a block handed to register S1-R1/,
      );
      expect((await factStatus(mistyped.id))?.reason).toMatch(/check digit/);
      expect((await factStatus(forBlocked.id))?.reason).toMatch(/blocked for loyalty enrolment/);
      expect((await factStatus(byCashier.id))?.reason).toMatch(/needs a manager/);
      expect((await factStatus(twice.id))?.reason).toMatch(/already taken/);
    });

    it('posts a return as exactly the points the receipt stored, and refuses a tampered one', async () => {
      const card = await newCard();
      const sale = saleFact({ card, lines: [{ net: '10.00', quantity: 2 }, { net: '5.00' }] }, seq);
      await sync.push('S1-R1', [sale]);
      await runJob();
      expect((await balance(card)).posted).toBe(150);

      const back = returnFact(sale, [{ id: '1', quantity: 1 }], {}, seq);
      const greedy = returnFact(
        sale,
        [{ id: '2', quantity: 1 }],
        { tamper: (es) => es.map((e) => ({ ...e, points: e.points + 20 })) },
        seq,
      );
      const tooMany = returnFact(sale, [{ id: '1', quantity: 2 }], {}, seq);
      await sync.push('S1-R1', [back, greedy, tooMany]);
      const summary = await runJob();
      // The goods came back: each return is kept, a tampered one without its points.
      expect(summary).toMatchObject({ posted: 1, rejected: 0, loyaltyRejected: 2 });
      expect((await balance(card)).posted).toBe(100);
      const kept = await db().select().from(sales).where(eq(sales.returnOf, sale.id));
      expect(kept.map((r) => r.id).sort()).toEqual([back.id, greedy.id, tooMany.id].sort());
      expect((await factStatus(greedy.id))?.reason).toMatch(
        /takes back 30 STAR, the receipt stored 50 STAR/,
      );
      expect((await factStatus(tooMany.id))?.reason).toMatch(/only 1 left to return/);
    });

    it('posts offline spends, flagging for review those beyond the daily allowance or the store rules', async () => {
      const card = await newCard();
      await sync.push('S1-R1', [adjustmentFact(card, 1_000, {}, seq)]);
      await runJob();
      expect((await balance(card)).posted).toBe(1_000);

      const s2 = { store: 'S2', register: 'S2-R1', staff: 'C2' };
      const spent = (points: number) => ({
        spends: [{ points: -points }],
        redeemedByLine: { '1': points },
      });
      const within = saleFact({ card, ...s2, lines: [{ net: '4.00' }], ...spent(400) }, seq);
      const beyond = saleFact({ card, ...s2, lines: [{ net: '3.00' }], ...spent(300) }, seq);
      const inS1 = saleFact({ card, lines: [{ net: '1.00' }], ...spent(100) }, seq);
      await sync.push('S2-R1', [within, beyond]);
      await sync.push('S1-R1', [inS1]);
      expect(await runJob()).toMatchObject({ posted: 3, rejected: 0, flagged: 2 });
      expect((await balance(card)).posted).toBe(1_000 - 800 + 40 + 30 + 10);

      const reviews = await db().select().from(factReviews).where(eq(factReviews.cardNumber, card));
      expect(reviews.map((r) => r.factId).sort()).toEqual([beyond.id, inS1.id].sort());
      const over = reviews.find((r) => r.factId === beyond.id);
      expect(over).toMatchObject({ kind: 'offlineOverdraw', points: 200, storeId: 'S2' });
      expect(over?.reason).toMatch(/700 points, over the allowance of 500/);
      expect(reviews.find((r) => r.factId === inS1.id)?.reason).toMatch(
        /store S1 does not allow redeeming offline/,
      );
    });

    it('posts a manager adjustment with a reason and rejects one by a cashier or without a reason', async () => {
      const card = await newCard();
      const byManager = adjustmentFact(card, -20, {}, seq);
      const byCashier = adjustmentFact(card, 50, { staff: 'C1' }, seq);
      const noReason = adjustmentFact(card, 50, { comment: ' ' }, seq);
      await sync.push('S1-R1', [
        adjustmentFact(card, 100, {}, seq),
        byManager,
        byCashier,
        noReason,
      ]);
      expect(await runJob()).toMatchObject({ posted: 2, rejected: 2 });
      expect(await balance(card)).toEqual({ posted: 80, pending: 0 });
      expect((await factStatus(byCashier.id))?.reason).toMatch(/needs a manager/);
      expect((await factStatus(noReason.id))?.reason).toMatch(/needs a reason/);
      const [adjusted] = await db()
        .select()
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.factId, byManager.id), eq(ledgerEntries.status, 'posted')));
      expect(adjusted).toMatchObject({ kind: 'adjust', staffId: 'M1', comment: 'goodwill' });
    });

    it('keeps a sale on an unknown or blocked card, rejecting only its points, listed for review', async () => {
      const blockedCard = await newCard({ status: 'blocked' });
      const unknownNumber = testCardNumber(99_999);
      const unknown = saleFact({ card: unknownNumber, lines: [{ net: '1.00' }] }, seq);
      const blocked = saleFact({ card: blockedCard, lines: [{ net: '2.00', quantity: 2 }] }, seq);
      await sync.push('S1-R1', [unknown, blocked]);
      expect(await runJob()).toMatchObject({ posted: 0, rejected: 0, loyaltyRejected: 2 });

      // The sales are kept as facts of their own, with no points on their lines.
      for (const [fact, reason] of [
        [unknown, /is unknown/],
        [blocked, /is blocked/],
      ] as const) {
        expect(await factStatus(fact.id)).toMatchObject({ status: 'posted', reason });
        const [sale] = await db().select().from(sales).where(eq(sales.id, fact.id));
        expect(sale).toMatchObject({ cardNumber: fact.receipt.card, factId: fact.id });
        expect((sale?.lines as { earned: object }[])[0]?.earned).toEqual({});
        const entries = await db()
          .select()
          .from(ledgerEntries)
          .where(eq(ledgerEntries.factId, fact.id));
        // An unknown card's entries could not be stored at push; a blocked card's are rejected.
        expect(entries.length).toBe(fact === unknown ? 0 : 1);
        for (const entry of entries)
          expect(entry).toMatchObject({
            status: 'rejected',
            reason: expect.stringMatching(reason),
          });
        const [review] = await db()
          .select()
          .from(factReviews)
          .where(eq(factReviews.factId, fact.id));
        expect(review).toMatchObject({
          kind: 'loyaltyRejected',
          reason: expect.stringMatching(reason),
        });
        // On PostgreSQL events travel through LISTEN/NOTIFY: they arrive a moment after the job.
        await expect
          .poll(() => events)
          .toContainEqual(
            expect.objectContaining({ type: 'fact', id: fact.id, status: 'loyaltyRejected' }),
          );
      }
      expect(await balance(blockedCard)).toEqual({ posted: 0, pending: 0 });

      // The register asking after them hears the same outcome.
      const asked = await sync.server.call<{
        facts: { id: string; status: string; reason?: string }[];
      }>('POST', '/api/sync/fact-status', {
        token: sync.registers['S1-R1'],
        body: { protocol: 1, ids: [blocked.id] },
      });
      expect(asked.body.facts).toEqual([
        { id: blocked.id, status: 'loyaltyRejected', reason: expect.stringMatching(/is blocked/) },
      ]);

      // A return of the kept sale is kept too; one that takes back points the sale never posted
      // has only its points rejected.
      const back = { ...returnFact(blocked, [{ id: '1', quantity: 1 }], {}, seq) };
      const plain = returnFact(blocked, [{ id: '1', quantity: 1 }], {}, seq);
      const noPoints = { ...plain, receipt: { ...plain.receipt, entries: [] } };
      await sync.push('S1-R1', [back]);
      expect(await runJob()).toMatchObject({ loyaltyRejected: 1 });
      expect((await factStatus(back.id))?.reason).toMatch(/kept without its points/);
      await sync.push('S1-R1', [noPoints]);
      expect(await runJob()).toMatchObject({ posted: 1, loyaltyRejected: 0 });
      const returnsOfIt = await db().select().from(sales).where(eq(sales.returnOf, blocked.id));
      expect(returnsOfIt.map((r) => r.id).sort()).toEqual([back.id, noPoints.id].sort());
    });

    it('dates the points of a skewed fact with the server time', async () => {
      const card = await newCard();
      const skewed = saleFact(
        { card, lines: [{ net: '1.00' }], deviceTime: '2020-01-01T00:00:00Z' },
        seq,
      );
      expect((await sync.push('S1-R1', [skewed])).body.results[0]?.clockSkew).toBe(true);
      await runJob();
      const [lot] = await db().select().from(lots).where(eq(lots.cardNumber, card));
      expect(lot?.earnedAt).toEqual(new Date(TEST_START));
      expect(lot?.expiresAt).toEqual(new Date('2027-03-01T10:00:00Z'));
    });

    it('stores the server split of a sale per line, after the cap, and a return reverses only that (review 1)', async () => {
      const card = await newCard();
      const lying = saleFact(
        { card, lines: [{ net: '12.99' }], redeemedByLine: { '1': 5000 } },
        seq,
      );
      const capped = await newCard();
      await sync.push('S1-R1', [adjustmentFact(capped, 950, {}, seq)]);
      await runJob();
      const sale = saleFact({ card: capped, lines: [{ net: '10.00' }, { net: '5.00' }] }, seq);
      await db().update(rewardPoints).set({ maxPerCard: 1_000 }).where(eq(rewardPoints.id, 'STAR'));
      try {
        await sync.push('S1-R1', [lying, sale]);
        expect(await runJob()).toMatchObject({ posted: 1, rejected: 0, loyaltyRejected: 1 });
      } finally {
        await db()
          .update(rewardPoints)
          .set({ maxPerCard: null })
          .where(eq(rewardPoints.id, 'STAR'));
      }
      expect((await factStatus(lying.id))?.reason).toMatch(
        /line 1 says it redeemed 5000 STAR.*redeem entries spend 0 STAR/,
      );
      expect(await balance(capped)).toEqual({ posted: 1_000, pending: 0 });
      const [stored] = await db().select().from(sales).where(eq(sales.id, sale.id));
      const storedLines = stored?.lines as { id: string; earned: Record<string, number> }[];
      // 50 kept of 150: split 100 : 50 by largest remainder.
      expect(storedLines.map((l) => l.earned)).toEqual([{ STAR: 33 }, { STAR: 17 }]);

      // Each returns a line of its own: a kept return counts as returned, whatever its points.
      const asTheRegisterSawIt = returnFact(sale, [{ id: '2', quantity: 1 }], {}, seq);
      const asPosted = returnFact(
        sale,
        [{ id: '1', quantity: 1 }],
        { tamper: (es) => es.map((e) => ({ ...e, points: -33 })) },
        seq,
      );
      await sync.push('S1-R1', [asTheRegisterSawIt, asPosted]);
      // The goods came back either way: the return is kept, only its points are refused.
      expect(await runJob()).toMatchObject({ posted: 1, rejected: 0, loyaltyRejected: 1 });
      expect((await factStatus(asTheRegisterSawIt.id))?.reason).toMatch(
        /takes back 50 STAR, the receipt stored 17 STAR/,
      );
      expect(await balance(capped)).toEqual({ posted: 967, pending: 0 });
    });

    it('keeps a fact that fails unexpectedly pending, retries it later and sets it aside after 5 attempts (review 3)', async () => {
      const card = await newCard();
      const doomed = saleFact({ card, lines: [{ net: '2.00' }] }, seq);
      const flaky = saleFact({ card, lines: [{ net: '3.00' }] }, seq);
      const fine = saleFact({ card, lines: [{ net: '4.00' }] }, seq);
      const database = sync.server.database;
      // A real failure inside the posting transaction: the receipt cannot be written.
      await database.query(`create table test_failing_sales (id text primary key)`);
      await database.query(`create function test_fail_sale() returns trigger language plpgsql as $$
        begin
          if exists (select 1 from test_failing_sales where id = new.id) then
            raise exception 'disk on fire for %', new.id;
          end if;
          return new;
        end $$`);
      await database.query(
        `create trigger test_fail_sale before insert on sales for each row execute function test_fail_sale()`,
      );
      try {
        await database.query(`insert into test_failing_sales values ($1), ($2)`, [
          doomed.id,
          flaky.id,
        ]);
        await sync.push('S1-R1', [doomed, flaky, fine]);
        expect(await runJob()).toMatchObject({ posted: 1, rejected: 0, retrying: 2 });
        expect((await factStatus(doomed.id))?.status).toBe('pending');
        expect(await balance(card)).toEqual({ posted: 40, pending: 50 });
        const [attempt] = await db()
          .select()
          .from(factAttempts)
          .where(eq(factAttempts.factId, doomed.id));
        expect(attempt).toMatchObject({
          attempts: 1,
          lastError: expect.stringMatching(/disk on fire/),
        });
        // Not again before its retry time.
        expect(await runJob()).toMatchObject({ posted: 0, rejected: 0, retrying: 0 });

        await database.query(`delete from test_failing_sales where id = $1`, [flaky.id]);
        for (let attempt = 2; attempt <= 5; attempt++) {
          sync.server.clock.advance(60 * 60_000);
          await runJob();
        }
        expect((await factStatus(flaky.id))?.status).toBe('posted');
        expect(await factStatus(doomed.id)).toMatchObject({
          status: 'rejected',
          reason: expect.stringMatching(/after 5 attempts.*disk on fire/),
        });
        expect(await balance(card)).toEqual({ posted: 70, pending: 0 });
      } finally {
        sync.server.clock.set(TEST_START);
        await database.query(`drop trigger if exists test_fail_sale on sales`);
        await database.query(`drop function if exists test_fail_sale()`);
        await database.query(`drop table if exists test_failing_sales`);
      }
    });

    it('posts a return against a replaced card on its successor, and one against a blocked card (review 6)', async () => {
      const card = await newCard();
      const other = await newCard();
      const sale = saleFact({ card, lines: [{ net: '10.00' }, { net: '5.00' }] }, seq);
      const otherSale = saleFact({ card: other, lines: [{ net: '6.00' }] }, seq);
      await sync.push('S1-R1', [sale, otherSale]);
      expect(await runJob()).toMatchObject({ posted: 2 });
      const successor = testCardNumber(nextCard++);
      const replaced = await sync.server.call('POST', `/api/cards/${card}/replace`, {
        token: sync.hq,
        body: { number: successor },
      });
      expect(replaced.status).toBe(201);
      expect(await balance(successor)).toEqual({ posted: 150, pending: 0 });
      await db().update(cards).set({ status: 'blocked' }).where(eq(cards.number, other));

      const back = returnFact(sale, [{ id: '1', quantity: 1 }], {}, seq);
      const otherBack = returnFact(otherSale, [{ id: '1', quantity: 1 }], {}, seq);
      await sync.push('S1-R1', [back, otherBack]);
      expect(await runJob()).toMatchObject({ posted: 2, rejected: 0 });
      expect(await balance(card)).toEqual({ posted: 0, pending: 0 });
      expect(await balance(successor)).toEqual({ posted: 50, pending: 0 });
      expect(await balance(other)).toEqual({ posted: 0, pending: 0 });
      const onSuccessor = await db()
        .select()
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.factId, back.id), eq(ledgerEntries.status, 'posted')));
      expect(onSuccessor).toMatchObject([
        { cardNumber: successor, kind: 'returnEarn', points: -100 },
      ]);
    });

    it('checks earnings only under a scheme version that was active, valid then and of the card program (review 7)', async () => {
      const card = await newCard();
      const lines = [{ net: '3.00' }];
      const store = async (
        scheme: typeof TEST_SCHEME,
        values: Partial<typeof schemes.$inferInsert>,
      ) =>
        db()
          .insert(schemes)
          .values({
            id: scheme.id,
            version: scheme.version,
            programId: scheme.program,
            status: 'active',
            stores: [],
            earning: scheme.earning,
            redemption: scheme.redemption,
            excludedAffiliations: [],
            activatedAt: new Date(TEST_START - 86_400_000),
            ...values,
          });
      const draft = { ...TEST_SCHEME, version: 2 };
      const superseded = { ...TEST_SCHEME, version: 3 };
      const expired = { ...TEST_SCHEME, id: 'EXPIRED' };
      const foreign = { ...TEST_SCHEME, id: 'FOREIGN', program: 'OTHER' };
      await db().insert(programs).values({ id: 'OTHER', name: 'Another program' });
      await store(draft, { status: 'draft', activatedAt: null });
      await store(superseded, { status: 'draft' });
      await store(expired, { validTo: new Date(TEST_START - 3_600_000) });
      await store(foreign, {});
      const stamped = [draft, superseded, expired, foreign].map((scheme) =>
        saleFact({ card, lines, scheme }, seq),
      );
      await sync.push('S1-R1', stamped);
      expect(await runJob()).toMatchObject({ posted: 1, rejected: 0, loyaltyRejected: 3 });
      const [underDraft, underSuperseded, underExpired, underForeign] = stamped;
      expect((await factStatus(underDraft?.id ?? ''))?.reason).toMatch(
        /scheme SCH version 2 was never active/,
      );
      expect((await factStatus(underSuperseded?.id ?? ''))?.status).toBe('posted');
      expect((await factStatus(underExpired?.id ?? ''))?.reason).toMatch(
        /scheme EXPIRED version 1 is not valid at 2026-03-01T10:00:00.000Z/,
      );
      expect((await factStatus(underForeign?.id ?? ''))?.reason).toMatch(
        /scheme FOREIGN version 1 is of program OTHER, the card is of program MAIN/,
      );
      expect(await balance(card)).toEqual({ posted: 30, pending: 0 });
    });

    it("re-checks with the customer's affiliations as the server knows them (issue 17)", async () => {
      await db()
        .insert(schemes)
        .values({
          id: 'NO-STAFF',
          version: 1,
          programId: TEST_SCHEME.program,
          status: 'active',
          stores: ['S2'],
          earning: [{ ...(TEST_SCHEME.earning[0] as (typeof TEST_SCHEME.earning)[0]), id: 'N1' }],
          redemption: [],
          excludedAffiliations: ['STAFF'],
          activatedAt: new Date(TEST_START - 86_400_000),
        });
      await db()
        .insert(customers)
        .values({ id: 'CUST-STAFF', name: 'Sam', affiliations: ['STAFF'] });
      const card = await newCard({ customerId: 'CUST-STAFF' });
      const both = [TEST_SCHEME, { ...TEST_SCHEME, id: 'NO-STAFF', stores: ['S2'] }];
      const sale = (affiliations: string[]) =>
        saleFact(
          {
            card,
            lines: [{ net: '2.00' }],
            store: 'S2',
            register: 'S2-R1',
            schemes: both.map((s) => ({
              ...s,
              earning:
                s.id === 'NO-STAFF'
                  ? [{ ...(s.earning[0] as (typeof s.earning)[0]), id: 'N1' }]
                  : s.earning,
              excludedAffiliations: s.id === 'NO-STAFF' ? ['STAFF'] : [],
            })),
            standing: { tier: 'BASE', affiliations },
          },
          seq,
        );
      const honest = sale(['STAFF']);
      const leftOut = sale([]);
      const added = sale(['STAFF', 'HIDDEN-VIP']);
      await sync.push('S2-R1', [honest, leftOut, added]);
      await runJob();
      expect((await factStatus(honest.id))?.status).toBe('posted');
      expect((await factStatus(leftOut.id))?.reason).toMatch(
        /earning line N1: the register claimed 20 points, the scheme gives 0/,
      );
      expect((await factStatus(added.id))?.reason).toMatch(
        /claims affiliation HIDDEN-VIP, which the customer does not have/,
      );
      expect(await balance(card)).toEqual({ posted: 20, pending: 0 });
    });

    it('re-checks a sale under every scheme it names, recording each version on its entries', async () => {
      const promotion = {
        ...TEST_SCHEME,
        id: 'PROMO',
        earning: [
          { ...(TEST_SCHEME.earning[0] as (typeof TEST_SCHEME.earning)[0]), id: 'P1', points: 3 },
        ],
        redemption: [],
      };
      await db()
        .insert(schemes)
        .values({
          id: promotion.id,
          version: 1,
          programId: promotion.program,
          status: 'active',
          stores: [],
          earning: promotion.earning,
          redemption: [],
          excludedAffiliations: [],
          activatedAt: new Date(TEST_START - 86_400_000),
        });
      const card = await newCard();
      const both = saleFact(
        { card, lines: [{ net: '4.00' }], schemes: [TEST_SCHEME, promotion] },
        seq,
      );
      const older = saleFact({ card, lines: [{ net: '2.00' }], olderStamp: true }, seq);
      const padded = saleFact(
        {
          card,
          lines: [{ net: '1.00' }],
          schemes: [promotion],
          tamper: (entries) => entries.map((e) => ({ ...e, scheme: { id: 'SCH', version: 1 } })),
        },
        seq,
      );
      const twice = saleFact(
        { card, lines: [{ net: '1.00' }], schemes: [TEST_SCHEME, TEST_SCHEME] },
        seq,
      );
      await sync.push('S1-R1', [both, older, padded, twice]);
      expect(await runJob()).toMatchObject({ posted: 2, rejected: 0, loyaltyRejected: 2 });
      expect((await factStatus(padded.id))?.reason).toMatch(
        /names scheme SCH version 1, which the sale does not/,
      );
      expect((await factStatus(twice.id))?.reason).toMatch(/names scheme SCH more than once/);
      const earned = await db()
        .select()
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.cardNumber, card), eq(ledgerEntries.kind, 'earn')));
      expect(
        earned
          .filter((e) => e.status === 'posted')
          .map((e) => `${e.schemeId}@${e.schemeVersion}:${e.ruleIds.join(',')}:${e.points}`)
          .sort(),
      ).toEqual(['PROMO@1:P1:12', 'SCH@1:E1:20', 'SCH@1:E1:40']);
      expect(await balance(card)).toEqual({ posted: 72, pending: 0 });
    });
  });
}
