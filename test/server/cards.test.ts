import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardNumberFor, luhnCheckDigit } from '../../shared/engine/cardNumbers';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import { enrol, seedBasics, signIn } from './helpers/fixtures';
import { startTestServer, type TestServer } from './helpers/server';

type ErrorBody = { error: { code: string; message: string } };
type Balance = {
  rewardPoint: string;
  posted: number;
  available: number;
  unvested: number;
  pending: number;
  expiring30: number;
};
type Card = {
  number: string;
  status: string;
  tier: string | null;
  replacedBy: string | null;
  customer: { id: string } | null;
  source: { kind: string; store?: string; register?: string };
  balances: Balance[];
};
type Entry = { id: string; card: string; kind: string; points: number; status: string };
type HistoryEntry = Entry & {
  seq: number;
  reverses: string | null;
  comment: string | null;
  staff: string | null;
};

const DAY = 86_400_000;
/** Numbers outside the server's own sequence format (prefix 6001), with a valid check digit. */
const given = (n: number) => cardNumberFor({ prefix: '7', sequenceDigits: 9 }, n);
const withWrongCheckDigit = (number: string) =>
  number.slice(0, -1) + String((Number(number.slice(-1)) + 1) % 10);

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`card operations (${backendKind.name})`, () => {
    let backend: TestBackend;
    let server: TestServer;
    let hq: string;
    let manager: string;
    let cashier: string;
    let s1Register: string;
    let s2Register: string;

    const issue = async (
      body: unknown,
      auth: { token?: string; staffToken?: string } = { token: hq },
    ) => server.call<Card & ErrorBody>('POST', '/api/cards', { ...auth, body });
    const read = async (number: string) =>
      (await server.call<Card>('GET', `/api/cards/${number}`, { token: hq })).body;
    const posted = (card: Card, rp = 'STAR') =>
      card.balances.find((b) => b.rewardPoint === rp)?.posted ?? 0;
    const adjust = (number: string, points: number, extra: Record<string, unknown> = {}) =>
      server.call<{ card: Card; entries: Entry[] } & ErrorBody>(
        'POST',
        `/api/cards/${number}/adjust`,
        {
          token: hq,
          body: { rewardPoint: 'STAR', points, comment: 'goodwill', ...extra },
        },
      );
    const history = async (number: string, query = '') =>
      (
        await server.call<{ items: HistoryEntry[]; next: number | null }>(
          'GET',
          `/api/cards/${number}/history${query}`,
          { token: hq },
        )
      ).body;
    const customer = (id: string, extra: Record<string, unknown> = {}) =>
      server.call('POST', '/api/hq/customers', {
        token: hq,
        body: {
          id,
          name: `Customer ${id}`,
          email: `${id.toLowerCase()}@example.com`,
          phone: `+3160000${id}`,
          ...extra,
        },
      });

    /** Moves the clock; staff sessions last hours, so everyone signs in again after a long jump. */
    const travel = async (ms: number) => {
      server.clock.advance(ms);
      hq = await signIn(server, 'hq');
      manager = await signIn(server, 'manager');
      cashier = await signIn(server, 'cashier');
    };

    beforeAll(async () => {
      backend = await backendKind.create();
      server = await startTestServer(backend);
      await seedBasics(server.database);
      hq = await signIn(server, 'hq');
      manager = await signIn(server, 'manager');
      cashier = await signIn(server, 'cashier');
      s1Register = await enrol(server, hq, 'S1', 'S1-R1');
      s2Register = await enrol(server, hq, 'S2', 'S2-R1');
      await customer('ANN', { name: 'Ann Smith' });
      await customer('BOB', { name: 'Bob Jones' });
      await customer('EVE', { name: 'Eve Blocked', blockedForEnrolment: true });
      await server.call('POST', '/api/hq/activity-types', {
        token: hq,
        body: {
          id: 'REVIEW',
          name: 'Review',
          rewardPoint: 'STAR',
          points: 25,
          perCustomerLimit: 2,
        },
      });
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await server?.close();
      await backend?.remove();
    });

    describe('issuing', () => {
      it('issues a given number, at the base tier, for a customer', async () => {
        const result = await issue({ number: given(1), customer: 'ANN' });
        expect(result.status).toBe(201);
        expect(result.body).toMatchObject({
          number: given(1),
          status: 'active',
          tier: 'BASE',
          customer: { id: 'ANN' },
          source: { kind: 'headOffice' },
        });
      });

      it('issues the next number of the sequence, each with a valid check digit', async () => {
        const first = await issue({ fromSequence: true });
        const second = await issue({ fromSequence: true });
        expect([first.status, second.status]).toEqual([201, 201]);
        expect(first.body.number).toMatch(/^6001\d{12}$/);
        expect(second.body.number).not.toBe(first.body.number);
        const payload = second.body.number.slice(0, -1);
        expect(second.body.number.endsWith(String(luhnCheckDigit(payload)))).toBe(true);
      });

      it('answers a clear 400 with neither a number nor fromSequence (or both)', async () => {
        const neither = await issue({ customer: 'BOB' });
        expect(neither.status).toBe(400);
        expect(neither.body.error.code).toBe('cardNumberRequired');
        expect(neither.body.error.message).toMatch(/fromSequence/);
        expect((await issue({ number: given(2), fromSequence: true })).status).toBe(400);
      });

      it('refuses a bad check digit at once, a taken number and a number of the sequence', async () => {
        const typo = await issue({ number: withWrongCheckDigit(given(3)) });
        expect(typo.status).toBe(400);
        expect(typo.body.error.code).toBe('invalidCardNumber');
        expect(typo.body.error.message).toMatch(/check digit/);
        const taken = await issue({ number: given(1) });
        expect(taken.status).toBe(409);
        const ours = await issue({
          number: cardNumberFor({ prefix: '6001', sequenceDigits: 11 }, 999),
        });
        expect(ours.status).toBe(400);
        expect(ours.body.error.code).toBe('reservedCardNumber');
      });

      it('refuses a customer blocked for loyalty enrolment (409) and an unknown one (400)', async () => {
        const blocked = await issue({ number: given(4), customer: 'EVE' });
        expect(blocked.status).toBe(409);
        expect(blocked.body.error.code).toBe('customerBlockedForEnrolment');
        const unknown = await issue({ number: given(4), customer: 'NOBODY' });
        expect(unknown.status).toBe(400);
        expect(unknown.body.error.message).toMatch(/^customer:/);
        expect((await server.call('GET', `/api/cards/${given(4)}`, { token: hq })).status).toBe(
          404,
        );
      });

      it('lets a manager issue only at a register of their own store', async () => {
        const atRegister = await issue(
          { fromSequence: true },
          { token: s1Register, staffToken: manager },
        );
        expect(atRegister.status).toBe(201);
        expect(atRegister.body.source).toEqual({
          kind: 'register',
          store: 'S1',
          register: 'S1-R1',
        });
        expect((await issue({ fromSequence: true }, { token: manager })).status).toBe(403);
        expect(
          (await issue({ fromSequence: true }, { token: s2Register, staffToken: manager })).status,
        ).toBe(403);
        expect(
          (await issue({ fromSequence: true }, { token: s1Register, staffToken: cashier })).status,
        ).toBe(403);
        expect((await issue({ fromSequence: true }, {})).status).toBe(401);
      });
    });

    describe('reading and searching', () => {
      it('shows available, pending and expiring points at the server clock, to any staff', async () => {
        await travel(DAY);
        expect((await adjust(given(1), 400)).status).toBe(200);
        const now = await server.call<Card>('GET', `/api/cards/${given(1)}`, { token: cashier });
        expect(now.status).toBe(200);
        expect(now.body.balances).toEqual([
          {
            rewardPoint: 'STAR',
            posted: 400,
            available: 400,
            unvested: 0,
            pending: 0,
            expiring30: 0,
          },
        ]);
        await travel(340 * DAY);
        expect((await read(given(1))).balances[0]).toMatchObject({
          available: 400,
          expiring30: 400,
        });
        await travel(-340 * DAY);
        expect((await server.call('GET', `/api/cards/${given(1)}`)).status).toBe(401);
        const typo = await server.call<ErrorBody>(
          'GET',
          `/api/cards/${withWrongCheckDigit(given(1))}`,
          { token: hq },
        );
        expect(typo.status).toBe(400);
      });

      it('finds cards by number prefix, name prefix, phone or e-mail, paged', async () => {
        await issue({ number: given(10), customer: 'BOB' });
        await issue({ number: given(11), customer: 'BOB' });
        const search = async (query: string) =>
          server.call<{
            items: { number: string; customer: { id: string } | null }[];
            next: string | null;
          }>('GET', `/api/cards?${query}`, { token: cashier });
        const byName = await search('name=bob');
        expect(byName.body.items.map((c) => c.number)).toEqual([given(10), given(11)]);
        expect((await search('phone=%2B3160000BOB')).body.items).toHaveLength(2);
        expect((await search('email=BOB@example.com')).body.items).toHaveLength(2);
        const byPrefix = await search(`number=${given(10).slice(0, 9)}&limit=1`);
        expect(byPrefix.body.items.map((c) => c.number)).toEqual([given(10)]);
        const next = await search(
          `number=${given(10).slice(0, 9)}&limit=1&after=${byPrefix.body.next}`,
        );
        expect(next.body.items.map((c) => c.number)).toEqual([given(11)]);
        expect(next.body.next).toBeNull();
        expect((await search('name=%25')).body.items).toEqual([]);
        expect((await search('')).status).toBe(400);
      });
    });

    describe('manager operations', () => {
      it('blocks a card, and a blocked card cannot receive or give points', async () => {
        const card = (await issue({ number: given(20) })).body.number;
        const blocked = await server.call<Card>('POST', `/api/cards/${card}/block`, {
          token: s1Register,
          staffToken: manager,
        });
        expect(blocked.status).toBe(200);
        expect(blocked.body.status).toBe('blocked');
        const transfer = await server.call<ErrorBody>('POST', `/api/cards/${given(1)}/transfer`, {
          token: hq,
          body: { to: card, rewardPoint: 'STAR', points: 1 },
        });
        expect(transfer.status).toBe(409);
        expect(
          (
            await server.call('POST', `/api/cards/${card}/block`, {
              token: s1Register,
              staffToken: cashier,
            })
          ).status,
        ).toBe(403);
      });

      it('links an anonymous card to a customer, never to one blocked for enrolment', async () => {
        const card = (await issue({ number: given(21) })).body.number;
        const link = (customerId: string) =>
          server.call<Card & ErrorBody>('POST', `/api/cards/${card}/link`, {
            token: hq,
            body: { customer: customerId },
          });
        expect((await link('EVE')).status).toBe(409);
        const linked = await link('ANN');
        expect(linked.status).toBe(200);
        expect(linked.body.customer?.id).toBe('ANN');
        expect((await link('BOB')).body.error.code).toBe('cardLinked');
      });

      it('adjusts with a required comment, once per id, never below zero', async () => {
        const card = (await issue({ number: given(22) })).body.number;
        const noComment = await server.call<ErrorBody>('POST', `/api/cards/${card}/adjust`, {
          token: hq,
          body: { rewardPoint: 'STAR', points: 10 },
        });
        expect(noComment.status).toBe(400);
        expect(noComment.body.error.message).toMatch(/comment/);
        const id = '6f1c4c4e-8d8e-4a0e-9d7b-1b2c3d4e5f60';
        const first = await adjust(card, 100, { id });
        const retry = await adjust(card, 100, { id });
        expect(first.body.entries[0]).toMatchObject({
          id,
          kind: 'adjust',
          points: 100,
          status: 'posted',
        });
        expect(retry.body.entries[0]?.status).toBe('duplicate');
        expect(posted(retry.body.card)).toBe(100);
        const tooMuch = await adjust(card, -101);
        expect(tooMuch.status).toBe(409);
        expect((await adjust(card, -40)).status).toBe(200);
        const [latest] = (await history(card)).items;
        expect(latest).toMatchObject({
          kind: 'adjust',
          points: -40,
          comment: 'goodwill',
          staff: 'HQ1',
        });
        expect((await adjust(card, 5, { rewardPoint: 'GHOST' })).status).toBe(400);
      });

      it('replaces a card: the whole balance moves as two linked entries, the total is kept', async () => {
        const old = (await issue({ number: given(30), customer: 'BOB' })).body.number;
        server.clock.advance(1000);
        await adjust(old, 750);
        server.clock.advance(1000);
        const replaced = await server.call<{ from: Card; to: Card; entries: Entry[] }>(
          'POST',
          `/api/cards/${old}/replace`,
          { token: s1Register, staffToken: manager, body: { fromSequence: true } },
        );
        expect(replaced.status).toBe(201);
        const { from, to, entries } = replaced.body;
        expect(from).toMatchObject({ status: 'replaced', replacedBy: to.number });
        expect(to).toMatchObject({ status: 'active', customer: { id: 'BOB' }, tier: 'BASE' });
        expect([posted(from), posted(to)]).toEqual([0, 750]);
        expect(entries.map((e) => [e.card, e.kind, e.points])).toEqual([
          [old, 'transferOut', -750],
          [to.number, 'transferIn', 750],
        ]);
        const [transferIn] = (await history(to.number)).items;
        expect(transferIn?.reverses).toBe(entries[0]?.id);
        const again = await server.call<ErrorBody>('POST', `/api/cards/${old}/replace`, {
          token: hq,
          body: { fromSequence: true },
        });
        expect(again.status).toBe(409);
        expect(again.body.error.code).toBe('cardReplaced');
      });

      it('transfers part or all of the available points as two linked entries, keeping the total', async () => {
        const a = (await issue({ number: given(40) })).body.number;
        const b = (await issue({ number: given(41) })).body.number;
        server.clock.advance(1000);
        await adjust(a, 300);
        server.clock.advance(1000);
        const transfer = (body: Record<string, unknown>) =>
          server.call<{ from: Card; to: Card; entries: Entry[] } & ErrorBody>(
            'POST',
            `/api/cards/${a}/transfer`,
            {
              token: hq,
              body: { to: b, rewardPoint: 'STAR', ...body },
            },
          );
        const part = await transfer({ points: 120, comment: 'family' });
        expect(part.status).toBe(200);
        expect([posted(part.body.from), posted(part.body.to)]).toEqual([180, 120]);
        expect(part.body.entries.map((e) => [e.kind, e.points])).toEqual([
          ['transferOut', -120],
          ['transferIn', 120],
        ]);
        const [inHalf] = (await history(b)).items;
        expect(inHalf?.reverses).toBe(part.body.entries[0]?.id);
        expect((await transfer({ points: 181 })).status).toBe(409);
        server.clock.advance(1000);
        const all = await transfer({});
        expect([posted(all.body.from), posted(all.body.to)]).toEqual([0, 300]);
        expect((await transfer({})).body.error.code).toBe('insufficientPoints');
        expect((await transfer({ to: a })).status).toBe(400);
        const typo = await transfer({ to: withWrongCheckDigit(b) });
        expect(typo.status).toBe(400);
        expect(typo.body.error.message).toMatch(/^to:/);
      });

      it("awards an other activity within its per-customer limit, across the customer's cards", async () => {
        const first = (await issue({ number: given(50), customer: 'ANN' })).body.number;
        const award = (card: string, type = 'REVIEW') =>
          server.call<{ card: Card; entries: Entry[] } & ErrorBody>(
            'POST',
            `/api/cards/${card}/activities`,
            {
              token: hq,
              body: { type },
            },
          );
        expect((await award(first)).status).toBe(200);
        const second = await award(given(1));
        expect(second.status).toBe(200);
        expect(second.body.entries[0]).toMatchObject({ kind: 'activity', points: 25 });
        const third = await award(first);
        expect(third.status).toBe(409);
        expect(third.body.error.code).toBe('activityLimitReached');
        expect((await award(first, 'NOPE')).status).toBe(400);
        expect(posted(await read(first))).toBe(25);
      });
    });

    it('lets only one of two simultaneous awards through a limit of one', async () => {
      await customer('CAR');
      await server.call('POST', '/api/hq/activity-types', {
        token: hq,
        body: { id: 'VISIT', name: 'Visit', rewardPoint: 'STAR', points: 5, perCustomerLimit: 1 },
      });
      const cardsOfCar = await Promise.all(
        [70, 71].map(async (n) => (await issue({ number: given(n), customer: 'CAR' })).body.number),
      );
      const results = await Promise.all(
        cardsOfCar.map((card) =>
          server.call('POST', `/api/cards/${card}/activities`, {
            token: hq,
            body: { type: 'VISIT' },
          }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    });

    it("pages a card's history, newest first, with every entry once", async () => {
      const card = (await issue({ number: given(60) })).body.number;
      for (const points of [10, 20, 30, 40, 50]) {
        server.clock.advance(1000);
        await adjust(card, points);
      }
      const seen: number[] = [];
      let query = '?limit=2';
      for (;;) {
        const page = await history(card, query);
        seen.push(...page.items.map((e) => e.points));
        if (page.next === null) break;
        query = `?limit=2&before=${page.next}`;
      }
      expect(seen).toEqual([50, 40, 30, 20, 10]);
    });
  });
}
