import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardBalances, lots } from '../../sync-server/src/db/schema';
import { postEntries } from '../../sync-server/src/ledger/post';
import { loadRewardPoints } from '../../sync-server/src/ledger/rewardPoints';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import { createCard, testCardNumber } from './helpers/facts';
import { seedBasics, signIn } from './helpers/fixtures';
import { startTestServer, type TestServer } from './helpers/server';

/** Moving points between cards keeps their dates: nothing vests again, nothing lives longer. */
for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`dates of moved points (${backendKind.name})`, () => {
    let backend: TestBackend;
    let server: TestServer;
    let hq: string;

    beforeAll(async () => {
      backend = await backendKind.create();
      server = await startTestServer(backend);
      await seedBasics(server.database);
      hq = await signIn(server, 'hq');
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await server?.close();
      await backend?.remove();
    });

    /** Earns on a card at the given dates (STAR expires a year after it is earned). */
    async function cardWithLots(n: number, earnings: [string, number][]): Promise<string> {
      const card = await createCard(server.database, testCardNumber(n));
      const rewardPoints = await loadRewardPoints(server.database);
      await server.database.transaction((tx) =>
        postEntries(
          tx,
          earnings.map(([date, points]) => ({
            id: randomUUID(),
            cardNumber: card,
            rewardPointId: 'STAR',
            kind: 'earn' as const,
            points,
            earnedAt: new Date(date),
            origin: 'online' as const,
          })),
          rewardPoints,
          new Date(date0),
        ),
      );
      return card;
    }
    const date0 = '2026-03-01T10:00:00Z';

    const lotsOf = (card: string) =>
      server.database.db
        .select()
        .from(lots)
        .where(and(eq(lots.cardNumber, card), eq(lots.rewardPointId, 'STAR')));
    const posted = async (card: string) =>
      (
        await server.database.db
          .select()
          .from(cardBalances)
          .where(eq(cardBalances.cardNumber, card))
      )[0]?.posted ?? 0;

    it('a replacement moves only unexpired points, and their lot keeps the soonest expiry', async () => {
      const old = await cardWithLots(700, [
        ['2025-02-01T00:00:00Z', 100], // expired on 2026-02-01, not yet taken by the expire job
        ['2025-06-01T00:00:00Z', 40], // expires 2026-06-01
        ['2026-02-01T00:00:00Z', 60], // expires 2027-02-01
      ]);
      const replaced = await server.call<{ to: { number: string } }>(
        'POST',
        `/api/cards/${old}/replace`,
        {
          token: hq,
          body: { fromSequence: true },
        },
      );
      expect(replaced.status).toBe(201);
      const fresh = replaced.body.to.number;
      expect(await posted(fresh)).toBe(100);
      expect(await posted(old)).toBe(100);
      const [moved] = await lotsOf(fresh);
      expect(moved).toMatchObject({
        remaining: 100,
        vestsAt: null,
        expiresAt: new Date('2026-06-01T00:00:00Z'),
      });
    });

    it('a transfer never extends the life of the points it moves', async () => {
      const from = await cardWithLots(710, [
        ['2025-09-01T00:00:00Z', 50], // expires 2026-09-01: spent first
        ['2026-01-01T00:00:00Z', 50], // expires 2027-01-01
      ]);
      const to = await createCard(server.database, testCardNumber(711));
      const moved = await server.call('POST', `/api/cards/${from}/transfer`, {
        token: hq,
        body: { to, rewardPoint: 'STAR', points: 70 },
      });
      expect(moved.status).toBeLessThan(300);
      const [lot] = await lotsOf(to);
      expect(lot).toMatchObject({
        remaining: 70,
        vestsAt: null,
        expiresAt: new Date('2026-09-01T00:00:00Z'),
      });
    });
  });
}
