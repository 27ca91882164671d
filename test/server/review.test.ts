import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SaleFact, SyncEvent } from '../../shared/protocol/sync';
import {
  cardBalances,
  facts,
  ledgerEntries,
  repostedEntries,
  reviewActions,
  sales,
} from '../../sync-server/src/db/schema';
import { postPendingFacts } from '../../sync-server/src/posting/postPendingFacts';
import { repostedEntryId, uuidV5 } from '../../sync-server/src/review/entryIds';
import type { ReviewItem } from '../../shared/protocol/api/reviewWire';
import type { RepostResult } from '../../sync-server/src/review/repost';
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
import { signIn } from './helpers/fixtures';

interface Page {
  items: ReviewItem[];
  next: string | null;
}

/** A sale whose earn entries claim `extra` more points than the scheme gives. */
const inflated = (card: string, net: string, extra: number, seq: DeviceSequence) =>
  saleFact(
    { card, lines: [{ net }], tamper: (es) => es.map((e) => ({ ...e, points: e.points + extra })) },
    seq,
  );

/** A sale in a currency its store does not sell in: a receipt the server cannot record. */
const unrecordable = (card: string, seq: DeviceSequence): SaleFact => {
  const sale = saleFact({ card, lines: [{ net: '1.00' }] }, seq);
  return { ...sale, receipt: { ...sale.receipt, currency: 'SEK' } };
};

/** The same sale with the claim put right: the points the scheme gives. */
const corrected = (sale: SaleFact, extra: number): SaleFact => ({
  ...sale,
  receipt: {
    ...sale.receipt,
    entries: sale.receipt.entries.map((e) => ({ ...e, points: e.points - extra })),
  },
});

describe('reposted entry ids', () => {
  it('are name-based UUIDs (v5): the RFC example, and the same id for the same fact and entry', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
    const fact = '0b5e7c1e-3f7a-4c1e-9d7b-2a6f1c9e8d70';
    const entry = '8f14e45f-ceea-467f-a0e6-4b8a1b2c3d4e';
    expect(repostedEntryId(fact, entry)).toBe(repostedEntryId(fact, entry));
    expect(repostedEntryId(fact, entry)).not.toBe(repostedEntryId(entry, fact));
  });
});

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`head office review list (${backendKind.name})`, () => {
    let backend: TestBackend;
    let sync: SyncTestServer;
    let cashier: string;
    let manager: string;
    const seq = new DeviceSequence();
    const events: SyncEvent[] = [];
    let nextCard = 300;

    beforeAll(async () => {
      backend = await backendKind.create();
      sync = await startSyncTestServer(backend);
      cashier = await signIn(sync.server, 'cashier');
      manager = await signIn(sync.server, 'manager');
      sync.server.context.events.subscribe((event) => events.push(event));
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await sync?.server.close();
      await backend?.remove();
    });

    const db = () => sync.server.database.db;
    const newCard = () => createCard(sync.server.database, testCardNumber(nextCard++));
    const posted = async (card: string) =>
      (await db().select().from(cardBalances).where(eq(cardBalances.cardNumber, card)))[0]
        ?.posted ?? 0;
    const cardEntries = (card: string) =>
      db().select().from(ledgerEntries).where(eq(ledgerEntries.cardNumber, card));
    const factRow = async (id: string) =>
      (await db().select().from(facts).where(eq(facts.id, id)))[0];
    const list = async (query = '') => {
      const answer = await sync.server.call<Page>('GET', `/api/hq/review${query}`, {
        token: sync.hq,
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body;
    };
    const openIds = async (query = '') => (await list(query)).items.map((i) => i.fact);
    const repost = (id: string, body: object = {}, token = sync.hq) =>
      sync.server.call<RepostResult>('POST', `/api/hq/review/${id}/repost`, { token, body });
    const pushAndPost = async (facts: SaleFact[], register: 'S1-R1' | 'S2-R1' = 'S1-R1') => {
      const pushed = await sync.push(register, facts);
      expect(pushed.body.results.every((r) => r.status === 'accepted')).toBe(true);
      return postPendingFacts(sync.server.context);
    };

    it('lists a tampered sale the post job kept without its points, with its reason and body', async () => {
      const card = await newCard();
      const sale = inflated(card, '10.00', 50, seq);
      expect(await pushAndPost([sale])).toMatchObject({ posted: 0, loyaltyRejected: 1 });

      const page = await list();
      const item = page.items.find((i) => i.fact === sale.id);
      expect(item).toMatchObject({
        kind: 'loyaltyRejected',
        store: 'S1',
        register: 'S1-R1',
        type: 'sale',
        reason: expect.stringMatching(/tampered points: .*claimed 150 STAR.*gives 100/),
        deviceTime: sale.deviceTime,
        card,
        points: 150,
        failedReposts: 0,
        resolution: null,
      });
      expect((item?.body as SaleFact).receipt.entries[0]?.points).toBe(150);
      expect(await openIds('?store=S2')).not.toContain(sale.id);
      expect(await openIds('?register=S1-R1&kind=loyaltyRejected')).toContain(sale.id);
      expect(await openIds('?kind=rejected')).not.toContain(sale.id);
      expect(await openIds('?kind=offlineOverdraw')).not.toContain(sale.id);
    });

    it('lists a receipt it cannot record as rejected whole', async () => {
      const card = await newCard();
      const sale = unrecordable(card, seq);
      expect(await pushAndPost([sale])).toMatchObject({ posted: 0, rejected: 1 });
      const item = (await list('?kind=rejected')).items.find((i) => i.fact === sale.id);
      expect(item).toMatchObject({
        kind: 'rejected',
        reason: expect.stringMatching(/in SEK, store S1 sells in USD/),
        card: null,
      });
    });

    it('reposts the corrected loyalty part of a kept sale once: new entry ids, a repeat changes nothing', async () => {
      const card = await newCard();
      const sale = inflated(card, '10.00', 50, seq);
      await pushAndPost([sale]);
      const [original] = await cardEntries(card);
      expect(original).toMatchObject({ status: 'rejected', points: 150 });
      const keptLines = async () =>
        ((await db().select().from(sales).where(eq(sales.id, sale.id)))[0]?.lines ?? []) as {
          earned: object;
        }[];
      expect((await keptLines()).map((l) => l.earned)).toEqual([{}]);

      const first = await repost(sale.id, { fact: corrected(sale, 50), comment: 'points fixed' });
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      const earnId = sale.receipt.entries[0]?.id as string;
      expect(first.body).toEqual({
        fact: sale.id,
        outcome: 'posted',
        reason: null,
        repeated: false,
        flagged: false,
        entryIds: { [earnId]: repostedEntryId(sale.id, earnId) },
      });
      expect(await posted(card)).toBe(100);
      expect(await factRow(sale.id)).toMatchObject({ status: 'posted', reason: null });
      const entries = await cardEntries(card);
      expect(entries).toHaveLength(2);
      expect(entries.find((e) => e.id === earnId)).toMatchObject({ status: 'rejected' });
      expect(entries.find((e) => e.id === repostedEntryId(sale.id, earnId))).toMatchObject({
        status: 'posted',
        points: 100,
        factId: sale.id,
        kind: 'earn',
      });
      expect(await db().select().from(sales).where(eq(sales.id, sale.id))).toHaveLength(1);
      // The kept receipt now carries the points its lines earned.
      expect((await keptLines()).map((l) => l.earned)).toEqual([{ STAR: 100 }]);
      // On PostgreSQL events travel through LISTEN/NOTIFY: they arrive a moment later.
      await expect
        .poll(() => events)
        .toContainEqual({
          type: 'fact',
          id: sale.id,
          status: 'posted',
          register: 'S1-R1',
        });

      const again = await repost(sale.id, { fact: corrected(sale, 50) });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ outcome: 'posted', repeated: true });
      expect(again.body.entryIds).toEqual(first.body.entryIds);
      expect(await posted(card)).toBe(100);
      expect(await cardEntries(card)).toHaveLength(2);
      expect(
        await db().select().from(reviewActions).where(eq(reviewActions.factId, sale.id)),
      ).toHaveLength(1);
      expect(
        await db().select().from(repostedEntries).where(eq(repostedEntries.factId, sale.id)),
      ).toEqual([
        expect.objectContaining({ originalId: earnId, entryId: repostedEntryId(sale.id, earnId) }),
      ]);

      expect(await openIds()).not.toContain(sale.id);
      const resolved = (await list('?state=resolved')).items.find((i) => i.fact === sale.id);
      expect(resolved).toMatchObject({
        kind: 'loyaltyRejected',
        reason: expect.stringMatching(/tampered/),
        resolution: { action: 'repost', outcome: 'posted', staff: 'HQ1', comment: 'points fixed' },
      });
      // Nothing is left for the post job to do twice.
      expect(await postPendingFacts(sync.server.context)).toMatchObject({ posted: 0, rejected: 0 });
    });

    it('keeps a repost the checks refuse on the list with the new reason; a later fix posts', async () => {
      const card = await newCard();
      const sale = inflated(card, '5.00', 20, seq);
      await pushAndPost([sale]);

      const asIs = await repost(sale.id);
      expect(asIs.body).toMatchObject({
        outcome: 'rejected',
        reason: expect.stringMatching(/claimed 70 STAR.*gives 50/),
      });
      const stillWrong = await repost(sale.id, { fact: corrected(sale, 10) });
      expect(stillWrong.body).toMatchObject({
        outcome: 'rejected',
        reason: expect.stringMatching(/claimed 60 STAR.*gives 50/),
      });
      expect(await posted(card)).toBe(0);
      // The sale stays kept: only its loyalty part was refused again.
      expect(await factRow(sale.id)).toMatchObject({ status: 'posted' });
      expect(await db().select().from(sales).where(eq(sales.id, sale.id))).toHaveLength(1);
      const item = (await list()).items.find((i) => i.fact === sale.id);
      expect(item).toMatchObject({
        failedReposts: 2,
        reason: expect.stringMatching(/claimed 60 STAR/),
      });
      // On PostgreSQL events travel through LISTEN/NOTIFY: they arrive a moment later.
      await expect
        .poll(() => events)
        .toContainEqual(
          expect.objectContaining({ id: sale.id, status: 'loyaltyRejected', register: 'S1-R1' }),
        );
      expect(events).not.toContainEqual(
        expect.objectContaining({ id: sale.id, status: 'rejected' }),
      );

      const fixed = await repost(sale.id, { fact: corrected(sale, 20) });
      expect(fixed.body).toMatchObject({ outcome: 'posted', repeated: false });
      expect(await posted(card)).toBe(50);
      expect(await cardEntries(card)).toHaveLength(2);
      expect(await openIds()).not.toContain(sale.id);
    });

    it('points a reposted return at the entries its sale was reposted under', async () => {
      const card = await newCard();
      const sale = inflated(card, '8.00', 5, seq);
      await pushAndPost([sale]);
      expect((await repost(sale.id, { fact: corrected(sale, 5) })).body.outcome).toBe('posted');
      expect(await posted(card)).toBe(80);
      const earnId = sale.receipt.entries[0]?.id as string;

      // The register names the sale's entry by its own id, and gets the points wrong.
      const reversing = (points: number) => (es: SaleFact['receipt']['entries']) =>
        es.map((e) => ({ ...e, points, reverses: earnId }));
      const giveBack = returnFact(
        corrected(sale, 5),
        [{ id: '1', quantity: 1 }],
        { tamper: reversing(-70) },
        seq,
      );
      expect(await pushAndPost([giveBack])).toMatchObject({ posted: 0, loyaltyRejected: 1 });
      const fixed = reversing(-80)(giveBack.receipt.entries);
      const answer = await repost(giveBack.id, {
        fact: { ...giveBack, receipt: { ...giveBack.receipt, entries: fixed } },
      });
      expect(answer.body).toMatchObject({ outcome: 'posted' });
      expect(await posted(card)).toBe(0);
      const returnId = fixed[0]?.id as string;
      const [row] = await db()
        .select()
        .from(ledgerEntries)
        .where(eq(ledgerEntries.id, repostedEntryId(giveBack.id, returnId)));
      expect(row).toMatchObject({
        kind: 'returnEarn',
        points: -80,
        status: 'posted',
        reverses: repostedEntryId(sale.id, earnId),
      });
    });

    it('refuses a corrected fact that is not the same fact, or not a fact, and changes nothing', async () => {
      const card = await newCard();
      const sale = inflated(card, '3.00', 3, seq);
      await pushAndPost([sale]);
      const other = await repost(sale.id, {
        fact: { ...corrected(sale, 3), id: '00000000-0000-4000-8000-000000000001' },
      });
      expect(other.status).toBe(400);
      expect(JSON.stringify(other.body)).toMatch(/body\.fact\.id/);
      const moved = await repost(sale.id, { fact: { ...corrected(sale, 3), register: 'S1-R2' } });
      expect(moved.status).toBe(400);
      expect(JSON.stringify(moved.body)).toMatch(/body\.fact\.register/);
      const otherStore = await repost(sale.id, { fact: { ...corrected(sale, 3), store: 'S2' } });
      expect(otherStore.status).toBe(400);
      expect(JSON.stringify(otherStore.body)).toMatch(/body\.fact\.store/);
      const fixedLine = corrected(sale, 3);
      const zeroQuantity = {
        ...fixedLine,
        receipt: {
          ...fixedLine.receipt,
          lines: fixedLine.receipt.lines.map((line) => ({ ...line, quantity: 0 })),
        },
      };
      const badLine = await repost(sale.id, { fact: zeroQuantity });
      expect(badLine.status).toBe(400);
      expect(JSON.stringify(badLine.body)).toContain('body.fact.receipt.lines.0.quantity');
      const broken = await repost(sale.id, {
        fact: { ...sale, receipt: { ...sale.receipt, lines: [] } },
      });
      expect(broken.status).toBe(400);
      expect(JSON.stringify(broken.body)).toMatch(/body\.fact/);
      const notUuid = await repost('not-a-uuid');
      expect(notUuid.status).toBe(400);
      const unknown = await repost('00000000-0000-4000-8000-000000000002');
      expect(unknown.status).toBe(404);
      expect(await factRow(sale.id)).toMatchObject({ status: 'posted', body: sale });
      expect(
        await db().select().from(reviewActions).where(eq(reviewActions.factId, sale.id)),
      ).toHaveLength(0);
    });

    it('voids a rejected fact: it leaves the open list, nothing is posted, it cannot be reposted', async () => {
      const card = await newCard();
      const kept = inflated(card, '6.00', 6, seq);
      const sale = unrecordable(card, seq);
      await pushAndPost([kept, sale]);
      // A kept sale is not voided: its loyalty part is reposted or the review resolved.
      const voidKept = await sync.server.call('POST', `/api/hq/review/${kept.id}/void`, {
        token: sync.hq,
        body: { comment: 'no' },
      });
      expect(voidKept.status).toBe(409);
      const noComment = await sync.server.call('POST', `/api/hq/review/${sale.id}/void`, {
        token: sync.hq,
        body: { comment: ' ' },
      });
      expect(noComment.status).toBe(400);

      const voided = await sync.server.call<{ outcome: string; repeated: boolean }>(
        'POST',
        `/api/hq/review/${sale.id}/void`,
        { token: sync.hq, body: { comment: 'customer left, duplicate receipt' } },
      );
      expect(voided.status).toBe(200);
      expect(voided.body).toMatchObject({ outcome: 'voided', staff: 'HQ1', repeated: false });
      expect(await openIds()).not.toContain(sale.id);
      expect(await posted(card)).toBe(0);
      expect(await factRow(sale.id)).toMatchObject({ status: 'rejected' });
      const resolved = (await list('?state=resolved&kind=rejected')).items.find(
        (i) => i.fact === sale.id,
      );
      expect(resolved?.resolution).toMatchObject({
        action: 'void',
        outcome: 'voided',
        staff: 'HQ1',
        comment: 'customer left, duplicate receipt',
      });

      const twice = await sync.server.call<{ repeated: boolean }>(
        'POST',
        `/api/hq/review/${sale.id}/void`,
        { token: sync.hq, body: { comment: 'again' } },
      );
      expect(twice.body.repeated).toBe(true);
      expect((await repost(sale.id)).status).toBe(409);
    });

    it('lists an offline overdraw as flagged, and resolving it takes it off the open list', async () => {
      const card = await newCard();
      await pushAndPost([saleFact({ card, lines: [{ net: '5.00' }] }, seq)]);
      expect(await posted(card)).toBe(50);
      const overdraw = saleFact(
        {
          card,
          lines: [{ net: '2.00' }],
          spends: [{ points: -80 }],
          redeemedByLine: { '1': 80 },
          store: 'S2',
          register: 'S2-R1',
          staff: 'C2',
        },
        seq,
      );
      expect(await pushAndPost([overdraw], 'S2-R1')).toMatchObject({ posted: 1, flagged: 1 });

      const item = (await list('?kind=offlineOverdraw')).items.find((i) => i.fact === overdraw.id);
      expect(item).toMatchObject({
        kind: 'offlineOverdraw',
        store: 'S2',
        register: 'S2-R1',
        card,
        points: 30,
        reason: expect.stringMatching(/overdraw: 80 STAR spent offline, 50 were available/),
      });
      expect(await openIds('?kind=rejected')).not.toContain(overdraw.id);
      expect((await repost(overdraw.id)).status).toBe(409);
      const voidIt = await sync.server.call('POST', `/api/hq/review/${overdraw.id}/void`, {
        token: sync.hq,
        body: { comment: 'no' },
      });
      expect(voidIt.status).toBe(409);

      const resolved = await sync.server.call<{ outcome: string }>(
        'POST',
        `/api/hq/review/${overdraw.id}/resolve`,
        { token: sync.hq, body: { comment: 'called the store; goodwill' } },
      );
      expect(resolved.status).toBe(200);
      expect(resolved.body).toMatchObject({ outcome: 'resolved', repeated: false });
      expect(await openIds()).not.toContain(overdraw.id);
      const done = (await list('?state=resolved&kind=offlineOverdraw')).items;
      expect(done.find((i) => i.fact === overdraw.id)).toMatchObject({
        kind: 'offlineOverdraw',
        points: 30,
        resolution: { action: 'resolve', staff: 'HQ1', comment: 'called the store; goodwill' },
      });
      const rejected = unrecordable(card, seq);
      await pushAndPost([rejected]);
      const notFlagged = await sync.server.call('POST', `/api/hq/review/${rejected.id}/resolve`, {
        token: sync.hq,
        body: { comment: 'x' },
      });
      expect(notFlagged.status).toBe(404);
    });

    it('pages newest first with a cursor, and refuses a cursor it did not give', async () => {
      const card = await newCard();
      sync.server.clock.advance(1_000);
      const older = inflated(card, '1.00', 1, seq);
      await pushAndPost([older]);
      sync.server.clock.advance(1_000);
      const newer = inflated(card, '1.00', 2, seq);
      await pushAndPost([newer]);

      const first = await list('?kind=loyaltyRejected&limit=1');
      expect(first.items.map((i) => i.fact)).toEqual([newer.id]);
      expect(first.next).not.toBeNull();
      const second = await list(`?kind=loyaltyRejected&limit=1&before=${first.next}`);
      expect(second.items.map((i) => i.fact)).toEqual([older.id]);
      const all = await openIds('?kind=loyaltyRejected&limit=200');
      expect(all.indexOf(newer.id)).toBeLessThan(all.indexOf(older.id));

      const bad = await sync.server.call('GET', '/api/hq/review?before=yesterday', {
        token: sync.hq,
      });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toMatch(/before/);
      const badKind = await sync.server.call('GET', '/api/hq/review?kind=lost', {
        token: sync.hq,
      });
      expect(badKind.status).toBe(400);
    });

    it('answers a cashier and a manager 403 on the list and every action', async () => {
      const card = await newCard();
      const sale = inflated(card, '2.00', 2, seq);
      await pushAndPost([sale]);
      for (const token of [cashier, manager]) {
        const calls = [
          sync.server.call('GET', '/api/hq/review', { token }),
          sync.server.call('POST', `/api/hq/review/${sale.id}/void`, {
            token,
            body: { comment: 'x' },
          }),
          repost(sale.id, { fact: corrected(sale, 2) }, token),
          sync.server.call('POST', `/api/hq/review/${sale.id}/resolve`, {
            token,
            body: { comment: 'x' },
          }),
        ];
        for (const answer of await Promise.all(calls)) expect(answer.status).toBe(403);
      }
      expect(await factRow(sale.id)).toMatchObject({
        status: 'posted',
        reason: expect.any(String),
      });
      expect(await posted(card)).toBe(0);
    });
  });
}
