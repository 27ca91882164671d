import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EarningLine } from '../../shared/domain/loyalty';
import { cardBalances, facts, ledgerEntries, schemes } from '../../sync-server/src/db/schema';
import { refreshStoreSchemes } from '../../sync-server/src/hq/storeSchemes';
import { postPendingFacts } from '../../sync-server/src/posting/postPendingFacts';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import { signIn } from './helpers/fixtures';
import {
  activityFact,
  createCard,
  DeviceSequence,
  testCardNumber,
  type SyncTestServer,
  startSyncTestServer,
} from './helpers/facts';
import { TEST_START } from './helpers/server';

type Awarded = {
  entries: { id: string; kind: string; points: number; rewardPoint: string }[];
  error?: { code: string; message: string };
};

/** An `otherActivity:<type>` earning line. */
const activityLine = (
  id: string,
  type: string,
  points: number,
  tier: string | null = null,
): EarningLine => ({
  id,
  tier,
  affiliation: null,
  activity: `otherActivity:${type}`,
  filter: null,
  per: 1,
  rewardPoint: 'STAR',
  points,
});

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(
    `other activities through the schemes (${backendKind.name})`,
    () => {
      let backend: TestBackend;
      let sync: SyncTestServer;
      let manager: string;
      const seq = new DeviceSequence();
      let nextCard = 300;

      const hqPost = (path: string, body: unknown) =>
        sync.server.call('POST', path, { token: sync.hq, body });
      const newCard = async (customer: string | null, tierId: string) =>
        createCard(sync.server.database, testCardNumber(nextCard++), {
          customerId: customer,
          tierId,
        });
      const posted = async (card: string) =>
        (
          await sync.server.database.db
            .select()
            .from(cardBalances)
            .where(eq(cardBalances.cardNumber, card))
        )[0]?.posted ?? 0;
      const award = (card: string, type: string, atRegister = false) =>
        sync.server.call<Awarded>('POST', `/api/cards/${card}/activities`, {
          ...(atRegister
            ? { token: sync.registers['S1-R1'], staffToken: manager }
            : { token: sync.hq }),
          body: { type },
        });

      beforeAll(async () => {
        backend = await backendKind.create();
        sync = await startSyncTestServer(backend);
        manager = await signIn(sync.server, 'manager');
        await hqPost('/api/hq/affiliations', { id: 'STAFF', name: 'Staff', hiddenInStores: true });
        for (const [id, limit] of [
          ['REGISTRATION', 1],
          ['NEWSLETTER', null],
        ] as const)
          expect(
            (
              await hqPost('/api/hq/activity-types', {
                id,
                name: id.toLowerCase(),
                rewardPoint: 'STAR',
                points: 10,
                perCustomerLimit: limit,
              })
            ).status,
          ).toBeLessThan(300);
        for (const [id, customerAffiliations] of [
          ['GOLDIE', []],
          ['STAFFER', ['STAFF']],
        ] as const)
          expect(
            (
              await hqPost('/api/hq/customers', {
                id,
                name: id,
                affiliations: customerAffiliations,
              })
            ).status,
          ).toBeLessThan(300);
        const scheme = (
          id: string,
          earning: EarningLine[],
          excludedAffiliations: string[] = [],
        ) => ({
          id,
          version: 1,
          programId: 'MAIN',
          status: 'active' as const,
          stores: [],
          earning,
          redemption: [],
          excludedAffiliations,
          activatedAt: new Date(TEST_START - 3_600_000),
        });
        await sync.server.database.db
          .insert(schemes)
          .values([
            scheme('ACTS', [
              activityLine('A1', 'REGISTRATION', 50),
              activityLine('A2', 'REGISTRATION', 100, 'GOLD'),
            ]),
            scheme('PARTNER', [activityLine('A3', 'REGISTRATION', 200)], ['STAFF']),
          ]);
        await refreshStoreSchemes(sync.server.database, new Date(TEST_START));
      }, PGLITE_CREATE_TIMEOUT);

      afterAll(async () => {
        await sync?.server.close();
        await backend?.remove();
      });

      it("awards the schemes' lines for the card's tier, none of an excluded scheme, once per customer", async () => {
        const gold = await newCard('GOLDIE', 'GOLD');
        const first = await award(gold, 'REGISTRATION');
        expect(first.status).toBe(200);
        expect(first.body.entries).toMatchObject([{ kind: 'activity', points: 350 }]);
        expect(await posted(gold)).toBe(350);

        // A second card of the same customer does not reset the limit.
        const again = await award(await newCard('GOLDIE', 'BASE'), 'REGISTRATION', true);
        expect(again.status).toBe(409);
        expect(again.body.error?.code).toBe('activityLimitReached');

        // The hidden STAFF affiliation excludes the customer from PARTNER's line; base tier: A1 only.
        const staffCard = await newCard('STAFFER', 'BASE');
        const atRegister = await award(staffCard, 'REGISTRATION', true);
        expect(atRegister.status).toBe(200);
        expect(await posted(staffCard)).toBe(50);
        const [entry] = await sync.server.database.db
          .select()
          .from(ledgerEntries)
          .where(eq(ledgerEntries.id, atRegister.body.entries[0]?.id ?? ''));
        expect(entry).toMatchObject({ ruleIds: ['A1'], schemeId: 'ACTS', storeId: 'S1' });
      });

      it("uses the type's own points when no scheme has a line for it", async () => {
        const card = await newCard(null, 'BASE');
        expect((await award(card, 'NEWSLETTER')).status).toBe(200);
        expect((await award(card, 'NEWSLETTER')).status).toBe(200);
        expect(await posted(card)).toBe(20);
      });

      it('posts a queued award only with the points the schemes give the card', async () => {
        const gold = await newCard(null, 'GOLD');
        const base = await newCard(null, 'BASE');
        const right = activityFact(gold, 'REGISTRATION', 350, {}, seq);
        // The type's own points are not what the schemes give (A1 and A3: 250).
        const typePoints = activityFact(base, 'REGISTRATION', 10, {}, seq);
        // The limit: a second award to the same card.
        const twice = activityFact(gold, 'REGISTRATION', 350, {}, seq);
        expect((await sync.push('S1-R1', [right, typePoints])).status).toBe(200);
        await postPendingFacts(sync.server.context, { batchSize: 10 });
        expect((await sync.push('S1-R1', [twice])).status).toBe(200);
        await postPendingFacts(sync.server.context, { batchSize: 10 });
        const status = async (id: string) =>
          (await sync.server.database.db.select().from(facts).where(eq(facts.id, id)))[0];
        expect(await status(right.id)).toMatchObject({ status: 'posted' });
        expect(await status(typePoints.id)).toMatchObject({
          status: 'rejected',
          reason: expect.stringMatching(/gives this card 250 STAR, the entry says 10 STAR/),
        });
        expect(await status(twice.id)).toMatchObject({
          status: 'rejected',
          reason: expect.stringMatching(/up to its limit of 1/),
        });
        expect(await posted(gold)).toBe(350);
        expect(await posted(base)).toBe(0);
      });
    },
  );
}
