import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardNumberFor } from '../../shared/engine/cardNumbers';
import { CARD_NUMBER_FORMAT } from '../../sync-server/src/cards/numberSequence';
import { cardBalances, ledgerEntries } from '../../sync-server/src/db/schema';
import { postPendingFacts } from '../../sync-server/src/posting/postPendingFacts';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import {
  approvalFor,
  cardIssuedFact,
  createCard,
  customerFact,
  DeviceSequence,
  saleFact,
  testCardNumber,
  type SyncTestServer,
  startSyncTestServer,
} from './helpers/facts';
import { BASICS } from './helpers/fixtures';

interface AwardView {
  id: string;
  card: string;
  type: string;
  source: string;
  status: string;
  points: { rewardPoint: string; points: number }[];
}
type Awarded = { entries: unknown[]; waiting: AwardView | null; error?: { code: string } };

const customer = (id: string, newsletter = false) => ({
  id,
  name: id,
  subscriptions: { balanceUpdates: false, expiryWarnings: false, newsletter },
});

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(
    `activities that award themselves, and awards waiting for review (${backendKind.name})`,
    () => {
      let backend: TestBackend;
      let sync: SyncTestServer;
      const seq = new DeviceSequence();

      const hq = (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) =>
        sync.server.call<Awarded & AwardView & { items: AwardView[]; number: string }>(
          method,
          path,
          { token: sync.hq, ...(body === undefined ? {} : { body }) },
        );
      const posted = async (card: string) =>
        (
          await sync.server.database.db
            .select()
            .from(cardBalances)
            .where(eq(cardBalances.cardNumber, card))
        )[0]?.posted ?? 0;
      const awardsOf = async (card: string, type: string) =>
        sync.server.database.db
          .select()
          .from(ledgerEntries)
          .where(and(eq(ledgerEntries.cardNumber, card), eq(ledgerEntries.activityType, type)));
      const issue = async (customerId: string | null) => {
        const answer = await hq('POST', '/api/cards', { customer: customerId, fromSequence: true });
        expect(answer.status).toBe(201);
        return answer.body.number;
      };

      beforeAll(async () => {
        backend = await backendKind.create();
        sync = await startSyncTestServer(backend);
        for (const [id, points, limit, needsReview] of [
          ['REGISTRATION', 25, null, false],
          // The demo names its types in lower case: the self-awarded ones are found whatever the case.
          ['newsletter', 15, null, false],
          ['SURVEY', 40, 1, true],
        ] as const)
          expect(
            (
              await hq('POST', '/api/hq/activity-types', {
                id,
                name: id.toLowerCase(),
                rewardPoint: 'STAR',
                points,
                perCustomerLimit: limit,
                needsReview,
              })
            ).status,
          ).toBe(201);
      }, PGLITE_CREATE_TIMEOUT);

      afterAll(async () => {
        await sync?.server.close();
        await backend?.remove();
      });

      it("awards REGISTRATION for a new customer's first card only, NEWSLETTER once on subscribing", async () => {
        expect((await hq('POST', '/api/hq/customers', customer('NEWBIE'))).status).toBe(201);
        const first = await issue('NEWBIE');
        expect(await posted(first)).toBe(25);
        expect(await awardsOf(first, 'REGISTRATION')).toHaveLength(1);
        // A second card of the same customer is no new customer; an anonymous card has nobody.
        const second = await issue('NEWBIE');
        expect(await posted(second)).toBe(0);
        expect(await posted(await issue(null))).toBe(0);

        // Subscribing awards NEWSLETTER on the newest card; unsubscribing and again does not.
        expect((await hq('PUT', '/api/hq/customers/NEWBIE', customer('NEWBIE', true))).status).toBe(
          200,
        );
        expect(await awardsOf(second, 'newsletter')).toHaveLength(1);
        expect(await posted(second)).toBe(15);
        await hq('PUT', '/api/hq/customers/NEWBIE', customer('NEWBIE', false));
        await hq('PUT', '/api/hq/customers/NEWBIE', customer('NEWBIE', true));
        expect(await posted(second)).toBe(15);
        expect(await posted(first)).toBe(25);
        expect((await hq('GET', '/api/hq/customers/NEWBIE')).body).toMatchObject({
          subscriptions: { newsletter: true },
        });
      });

      it('awards both for a subscribed customer a register created offline with their card', async () => {
        const block = await sync.server.call<{ first: number }>(
          'POST',
          '/api/sync/card-number-blocks',
          { token: sync.registers['S1-R1'], body: { size: 10 } },
        );
        expect(block.status).toBe(201);
        const number = cardNumberFor(CARD_NUMBER_FORMAT, block.body.first);
        const created = customerFact(
          {
            id: 'WALKIN',
            subscriptions: { balanceUpdates: false, expiryWarnings: false, newsletter: true },
          },
          {},
          seq,
        );
        await sync.push('S1-R1', [created, cardIssuedFact(number, { customer: 'WALKIN' }, seq)]);
        await postPendingFacts(sync.server.context, { batchSize: 10 });
        expect(await posted(number)).toBe(40);
        const [registration] = await awardsOf(number, 'REGISTRATION');
        expect(registration).toMatchObject({ storeId: 'S1', registerId: 'S1-R1', points: 25 });
      });

      it("awards NEWSLETTER in the post job's run when a register's customer fact subscribes", async () => {
        expect((await hq('POST', '/api/hq/customers', customer('LATER'))).status).toBe(201);
        const card = await issue('LATER');
        expect(await posted(card)).toBe(25);
        const subscribes = customerFact(customer('LATER', true), {}, seq);
        const approval = approvalFor({ store: 'S1', register: 'S1-R1' }, BASICS.staff.manager, {
          kind: 'customer',
          customer: 'LATER',
        });
        // A sale on the card after it in the same run earns on top of the award.
        const sale = saleFact({ card, lines: [{ net: '2.00' }] }, seq);
        await sync.push('S1-R1', [{ ...subscribes, approval }, sale]);
        await postPendingFacts(sync.server.context, { batchSize: 10 });
        expect(await posted(card)).toBe(25 + 15 + 20);
        const awarded = await awardsOf(card, 'newsletter');
        expect(awarded).toHaveLength(1);
        expect(awarded[0]).toMatchObject({
          status: 'posted',
          points: 15,
          storeId: 'S1',
          registerId: 'S1-R1',
        });
        // Subscribed already: the same fact again from another register awards nothing more.
        const again = customerFact(customer('LATER', true), { register: 'S1-R2' }, seq);
        await sync.push('S1-R2', [again]);
        await postPendingFacts(sync.server.context, { batchSize: 10 });
        expect(await posted(card)).toBe(25 + 15 + 20);
      });

      it('keeps an award of a type that needs review until head office posts or rejects it', async () => {
        const card = await createCard(sync.server.database, testCardNumber(700));
        const other = await createCard(sync.server.database, testCardNumber(701));
        const first = await hq('POST', `/api/cards/${card}/activities`, { type: 'SURVEY' });
        expect(first.status).toBe(202);
        expect(first.body.entries).toEqual([]);
        expect(first.body.waiting).toMatchObject({
          card,
          type: 'SURVEY',
          source: 'api',
          status: 'waiting',
          points: [{ rewardPoint: 'STAR', points: 40 }],
        });
        expect(await posted(card)).toBe(0);
        // A waiting award counts towards the limit of one.
        const again = await hq('POST', `/api/cards/${card}/activities`, { type: 'SURVEY' });
        expect(again.status).toBe(409);
        expect(again.body.error?.code).toBe('activityLimitReached');
        const toReject = await hq('POST', `/api/cards/${other}/activities`, { type: 'SURVEY' });

        const list = await hq('GET', '/api/hq/activity-awards');
        expect(list.status).toBe(200);
        // One clock instant for both: which comes first is not said.
        expect(list.body.items.map((item) => item.card).sort()).toEqual([card, other].sort());

        const id = first.body.waiting?.id ?? '';
        const done = await hq('POST', `/api/hq/activity-awards/${id}/post`);
        expect(done.status).toBe(200);
        expect(done.body).toMatchObject({ status: 'posted' });
        expect(await posted(card)).toBe(40);
        const twice = await hq('POST', `/api/hq/activity-awards/${id}/post`);
        expect(twice.status).toBe(409);
        expect(twice.body.error?.code).toBe('awardDecided');
        expect(await posted(card)).toBe(40);

        const rejected = await hq(
          'POST',
          `/api/hq/activity-awards/${toReject.body.waiting?.id ?? ''}/reject`,
        );
        expect(rejected.body).toMatchObject({ status: 'rejected' });
        expect(await posted(other)).toBe(0);
        expect((await hq('GET', '/api/hq/activity-awards')).body.items).toEqual([]);
        // A rejected award no longer counts: the card may be awarded again.
        expect(
          (await hq('POST', `/api/cards/${other}/activities`, { type: 'SURVEY' })).status,
        ).toBe(202);
        const history = await hq('GET', '/api/hq/activity-awards?status=rejected');
        expect(history.body.items.map((item) => item.card)).toEqual([other]);
      });

      it('keeps a subscription award for review when its type needs it', async () => {
        await hq('PUT', '/api/hq/activity-types/newsletter', {
          name: 'newsletter',
          rewardPoint: 'STAR',
          points: 15,
          perCustomerLimit: null,
          needsReview: true,
        });
        await hq('POST', '/api/hq/customers', customer('READER'));
        const card = await issue('READER');
        await hq('PUT', '/api/hq/customers/READER', customer('READER', true));
        expect(await posted(card)).toBe(25);
        const waiting = (await hq('GET', '/api/hq/activity-awards')).body.items.filter(
          (item) => item.card === card,
        );
        expect(waiting).toMatchObject([{ type: 'newsletter', source: 'newsletter' }]);
        await hq('POST', `/api/hq/activity-awards/${waiting[0]?.id ?? ''}/post`);
        expect(await posted(card)).toBe(40);

        // The same from a register's customer fact: the post job's run keeps it waiting too.
        await hq('POST', '/api/hq/customers', customer('LISTENER'));
        const listener = await issue('LISTENER');
        const approval = approvalFor({ store: 'S1', register: 'S1-R1' }, BASICS.staff.manager, {
          kind: 'customer',
          customer: 'LISTENER',
        });
        const subscribes = customerFact(customer('LISTENER', true), {}, seq);
        await sync.push('S1-R1', [{ ...subscribes, approval }]);
        await postPendingFacts(sync.server.context, { batchSize: 10 });
        expect(await posted(listener)).toBe(25);
        const kept = (await hq('GET', '/api/hq/activity-awards')).body.items.filter(
          (item) => item.card === listener,
        );
        expect(kept).toMatchObject([{ type: 'newsletter', source: 'newsletter' }]);
      });
    },
  );
}
