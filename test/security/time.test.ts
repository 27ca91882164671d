import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type SaleFact } from '../../shared/protocol/sync';
import { factReviews, facts, ledgerEntries } from '../../sync-server/src/db/schema';
import { postPendingFacts } from '../../sync-server/src/posting/postPendingFacts';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from '../server/helpers/backends';
import {
  adjustmentFact,
  createCard,
  saleFact,
  startSyncTestServer,
  testCardNumber,
  type SyncTestServer,
} from '../server/helpers/facts';

const DAY = 86_400_000;

/*
 * Finding 4 of the hostile-register probe: with an honest `sentAt`, a sale dated 4 days back had
 * its points vested at once, and device times in 1970 and year 0001 were posted unflagged. A fact
 * made after the register's last quiet contact (empty outbox) cannot be dated before it; a flagged
 * fact's points are dated by the server's receipt time.
 */
for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(
    `device times checked against the register's own contacts (${backendKind.name})`,
    () => {
      let backend: TestBackend;
      let sync: SyncTestServer;
      let nextSeq = 1;

      beforeAll(async () => {
        backend = await backendKind.create();
        sync = await startSyncTestServer(backend);
      }, PGLITE_CREATE_TIMEOUT);

      afterAll(async () => {
        await sync?.server.close();
        await backend?.remove();
      });

      const now = () => sync.server.clock.now();
      const iso = (ms: number) => new Date(ms).toISOString();
      const sale = (
        card: string,
        deviceTime: string,
        deviceSeq: number,
        register: 'S1-R1' | 'S1-R2' = 'S1-R2',
      ): SaleFact => saleFact({ card, register, lines: [{ net: '10.00' }], deviceTime, deviceSeq });
      const flagged = async (fact: SaleFact) =>
        (await sync.server.database.db.select().from(facts).where(eq(facts.id, fact.id)))[0]
          ?.skewFlagged;
      const reportQuiet = () =>
        sync.server.call('POST', '/api/sync/health', {
          token: sync.registers['S1-R2'],
          body: {
            protocol: PROTOCOL_VERSION,
            outboxDepth: 0,
            distributionVersion: 0,
            sentAt: iso(now()),
          },
        });

      it('flags a fact made after a quiet contact but dated before it, and dates its points by the server', async () => {
        const card = await createCard(sync.server.database, testCardNumber(1901));
        const early = sale(card, iso(now() - 5 * DAY), nextSeq++);
        const made = await sync.server.call('POST', '/api/sync/push', {
          token: sync.registers['S1-R2'],
          body: { protocol: PROTOCOL_VERSION, facts: [early], sentAt: iso(now()) },
        });
        expect(made.status).toBe(200);
        expect((await reportQuiet()).status).toBe(200);
        sync.server.clock.advance(60 * 60_000);

        // Made before the contact but pushed only now (seq below the contact's): honest, not flagged.
        const late = sale(card, iso(now() - 2 * 60 * 60_000), 0);
        const backdated = sale(card, iso(now() - 4 * DAY), nextSeq++);
        const honest = sale(card, iso(now() - 60_000), nextSeq++);
        const pushed = await sync.server.call<{ results: { id: string; clockSkew?: true }[] }>(
          'POST',
          '/api/sync/push',
          {
            token: sync.registers['S1-R2'],
            body: {
              protocol: PROTOCOL_VERSION,
              facts: [late, backdated, honest],
              sentAt: iso(now()),
            },
          },
        );
        expect(pushed.body.results.map((r) => r.clockSkew ?? false)).toEqual([false, true, false]);
        expect(await flagged(backdated)).toBe(true);
        expect(await flagged(honest)).toBe(false);
        expect(await flagged(late)).toBe(false);

        await postPendingFacts(sync.server.context);
        const [entry] = await sync.server.database.db
          .select()
          .from(ledgerEntries)
          .where(eq(ledgerEntries.factId, backdated.id));
        expect(entry?.earnedAt.getTime()).toBe(now());
      });

      it('flags device times no register clock shows: 1970 and year 0001', async () => {
        const card = await createCard(sync.server.database, testCardNumber(1902));
        // A register with no quiet contact yet, and an honest send time: only the date is absurd.
        const epoch = sale(card, '1970-01-01T00:00:00Z', nextSeq++, 'S1-R1');
        const yearOne = sale(card, '0001-01-01T00:00:00Z', nextSeq++, 'S1-R1');
        const pushed = await sync.server.call<{ results: { clockSkew?: true }[] }>(
          'POST',
          '/api/sync/push',
          {
            token: sync.registers['S1-R1'],
            body: { protocol: PROTOCOL_VERSION, facts: [epoch, yearOne], sentAt: iso(now()) },
          },
        );
        expect(pushed.status).toBe(200);
        expect(await flagged(epoch)).toBe(true);
        expect(await flagged(yearOne)).toBe(true);
      });

      it('flags a fact dated before its card was issued, and dates its points by the server', async () => {
        const card = await createCard(sync.server.database, testCardNumber(1903), {
          issuedAt: new Date(now() - DAY),
        });
        const beforeIssue = sale(card, iso(now() - 3 * DAY), nextSeq++, 'S1-R1');
        const afterIssue = sale(card, iso(now() - 60 * 60_000), nextSeq++, 'S1-R1');
        const pushed = await sync.server.call<{ results: { clockSkew?: true }[] }>(
          'POST',
          '/api/sync/push',
          {
            token: sync.registers['S1-R1'],
            body: {
              protocol: PROTOCOL_VERSION,
              facts: [beforeIssue, afterIssue],
              sentAt: iso(now()),
            },
          },
        );
        expect(pushed.body.results.map((r) => r.clockSkew ?? false)).toEqual([true, false]);
        expect(await flagged(beforeIssue)).toBe(true);
        expect(await flagged(afterIssue)).toBe(false);

        await postPendingFacts(sync.server.context);
        const [entry] = await sync.server.database.db
          .select()
          .from(ledgerEntries)
          .where(eq(ledgerEntries.factId, beforeIssue.id));
        expect(entry?.earnedAt.getTime()).toBe(now());
      });

      it('counts backdated offline spends on the day they reached the server: -1, -2, -3 days cannot each pass the allowance', async () => {
        /** A card issued long ago with 2000 points from an approved adjustment. */
        async function funded(n: number) {
          const card = await createCard(sync.server.database, testCardNumber(n), {
            issuedAt: new Date(now() - 10 * DAY),
          });
          const grant = adjustmentFact(card, 2000, {
            deviceTime: iso(now() - 5 * DAY),
            deviceSeq: nextSeq++,
          });
          const pushed = await sync.push('S1-R1', [grant], { sentAt: iso(now()) });
          expect(pushed.body.results[0]?.status).toBe('accepted');
          return card;
        }
        /** 400 points spent offline at store S2, whose allowance is 500 a card a day. */
        const spend = (card: string, daysBack: number) =>
          saleFact({
            card,
            store: 'S2',
            register: 'S2-R1',
            staff: 'C2',
            lines: [{ net: '4.00' }],
            spends: [{ points: -400 }],
            redeemedByLine: { '1': 400 },
            deviceTime: iso(now() - daysBack * DAY),
            deviceSeq: nextSeq++,
          });
        const reviewed = async (card: string) =>
          await sync.server.database.db
            .select()
            .from(factReviews)
            .where(eq(factReviews.cardNumber, card));

        // The control: a register offline for three days since it was last in touch spends
        // 400 a day, each day within the allowance.
        const honestCard = await funded(1904);
        await postPendingFacts(sync.server.context);
        const honest = [3, 2, 1].map((days) => spend(honestCard, days));
        const offline = await sync.push('S2-R1', honest, { sentAt: iso(now()) });
        expect(offline.body.results.map((r) => r.clockSkew ?? false)).toEqual([
          false,
          false,
          false,
        ]);
        await postPendingFacts(sync.server.context);
        expect(await reviewed(honestCard)).toEqual([]);

        // In touch with an empty outbox now: spends made after it cannot be dated before it.
        const quiet = await sync.server.call('POST', '/api/sync/health', {
          token: sync.registers['S2-R1'],
          body: {
            protocol: PROTOCOL_VERSION,
            outboxDepth: 0,
            distributionVersion: 0,
            sentAt: iso(now()),
          },
        });
        expect(quiet.status).toBe(200);
        sync.server.clock.advance(60_000);
        const card = await funded(1905);
        await postPendingFacts(sync.server.context);
        const backdated = [1, 2, 3].map((days) => spend(card, days));
        const pushed = await sync.push('S2-R1', backdated, { sentAt: iso(now()) });
        expect(pushed.body.results.map((r) => r.clockSkew ?? false)).toEqual([true, true, true]);
        await postPendingFacts(sync.server.context);
        const reviews = await reviewed(card);
        expect(reviews.map((r) => r.kind)).toEqual(['offlineOverdraw', 'offlineOverdraw']);
        for (const review of reviews) expect(review.reason).toMatch(/over the allowance of 500/);
      });
    },
  );
}
