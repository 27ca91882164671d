import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardNumberFor } from '../../shared/engine/cardNumbers';
import { DAY_MS } from '../../shared/units/time';
import { cardTierChanges, cards } from '../../sync-server/src/db/schema';
import { postEntries } from '../../sync-server/src/ledger/post';
import { loadRewardPoints } from '../../sync-server/src/ledger/rewardPoints';
import { reevaluateTier } from '../../sync-server/src/tiers/evaluate';
import { updateAllTiers } from '../../sync-server/src/tiers/updateAll';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import { enrol, seedBasics, signIn } from './helpers/fixtures';
import { startTestServer, TEST_START, type TestServer } from './helpers/server';

type Reply = {
  tier?: string | null;
  tierValidUntil?: string | null;
  to?: { number: string; tier: string | null };
  error?: { code: string; problems?: { path: string; issue: string }[] };
};

/** Numbers outside the server's own sequence, with a valid check digit. */
const given = (n: number) => cardNumberFor({ prefix: '7', sequenceDigits: 9 }, n);
const HELD = given(101);
const BELOW = given(102);
const UNTIL = new Date(TEST_START + 30 * DAY_MS).toISOString();

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`a tier set by hand (${backendKind.name})`, () => {
    let backend: TestBackend;
    let server: TestServer;
    let hq: string;
    let manager: string;
    let cashier: string;
    let s1Register: string;
    let s2Register: string;

    const setTier = (number: string, body: unknown, auth: Record<string, string>) =>
      server.call<Reply>('PUT', `/api/cards/${number}/tier`, { ...auth, body });

    const standing = async (number: string) => {
      const [row] = await server.database.db
        .select({ tier: cards.tierId, heldUntil: cards.tierHeldUntil })
        .from(cards)
        .where(eq(cards.number, number));
      return row;
    };

    const earn = async (number: string, points: number, at: number) => {
      const rps = await loadRewardPoints(server.database);
      await server.database.transaction(async (tx) => {
        await postEntries(
          tx,
          [
            {
              id: randomUUID(),
              cardNumber: number,
              rewardPointId: 'STAR',
              kind: 'earn',
              points,
              earnedAt: new Date(at),
              origin: 'online',
            },
          ],
          rps,
          new Date(at),
        );
        await reevaluateTier(tx, number, new Date(at));
      });
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
      for (const number of [HELD, BELOW])
        await server.database.db
          .insert(cards)
          .values({ number, programId: 'MAIN', enrolmentSource: 'headOffice', tierId: 'BASE' });
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await server?.close();
      await backend?.remove();
    });

    it('refuses a cashier, a register token alone, a manager elsewhere, and writes nothing', async () => {
      const body = { tier: 'GOLD', reason: 'complaint', until: UNTIL };
      expect((await setTier(HELD, body, { token: s1Register, staffToken: cashier })).status).toBe(
        403,
      );
      expect((await setTier(HELD, body, { token: s1Register })).status).toBe(401);
      expect((await setTier(HELD, body, { token: manager })).status).toBe(403);
      expect((await setTier(HELD, body, { token: s2Register, staffToken: manager })).status).toBe(
        403,
      );
      expect(await standing(HELD)).toEqual({ tier: 'BASE', heldUntil: null });
    });

    it('refuses a missing or blank reason, and an end in the past, with their own codes', async () => {
      const missing = await setTier(HELD, { tier: 'GOLD', until: UNTIL }, { token: hq });
      expect(missing.status).toBe(400);
      expect(missing.body.error?.code).toBe('tierReasonRequired');
      expect(missing.body.error?.problems).toEqual([{ path: 'reason', issue: 'required' }]);
      const blank = await setTier(
        HELD,
        { tier: 'GOLD', reason: '  ', until: UNTIL },
        { token: hq },
      );
      expect(blank.body.error?.code).toBe('tierReasonRequired');
      const past = await setTier(
        HELD,
        { tier: 'GOLD', reason: 'complaint', until: new Date(TEST_START - DAY_MS).toISOString() },
        { token: hq },
      );
      expect(past.status).toBe(400);
      expect(past.body.error?.code).toBe('tierHoldInPast');
      const unknown = await setTier(
        HELD,
        { tier: 'DIAMOND', reason: 'complaint', until: UNTIL },
        { token: hq },
      );
      expect(unknown.body.error?.code).toBe('unknownReference');
      expect(await standing(HELD)).toEqual({ tier: 'BASE', heldUntil: null });
    });

    it('sets the tier with its reason in the history, held against postings until it ends', async () => {
      const set = await setTier(
        HELD,
        { tier: 'GOLD', reason: 'store complaint', until: UNTIL },
        { token: s1Register, staffToken: manager },
      );
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({ tier: 'GOLD', tierValidUntil: UNTIL });
      const history = await server.database.db
        .select()
        .from(cardTierChanges)
        .where(eq(cardTierChanges.cardNumber, HELD));
      expect(history).toEqual([
        expect.objectContaining({
          previousTierId: 'BASE',
          tierId: 'GOLD',
          reason: 'store complaint',
          setBy: expect.any(String),
        }),
      ]);

      // Enough for GOLD would keep it; nothing earned would drop it: the hold keeps GOLD either way.
      await earn(HELD, 5, TEST_START + DAY_MS);
      expect(await standing(HELD)).toMatchObject({ tier: 'GOLD' });
      const during = await updateAllTiers(server.database, new Date(TEST_START + 2 * DAY_MS));
      expect(during.changed).toBe(0);
      expect(await standing(HELD)).toMatchObject({ tier: 'GOLD' });

      // After the end date the tier job evaluates it as usual: 5 points give the base tier.
      await updateAllTiers(server.database, new Date(TEST_START + 31 * DAY_MS));
      expect((await standing(HELD))?.tier).toBe('BASE');
    });

    it('holds a tier below what the card earns, and a replacement card carries the hold', async () => {
      const number = BELOW;
      await setTier(
        number,
        { tier: 'BASE', reason: 'points under review', until: UNTIL },
        { token: hq },
      );
      await earn(number, 1500, TEST_START + DAY_MS);
      expect((await standing(number))?.tier).toBe('BASE');

      const replaced = await server.call<Reply>('POST', `/api/cards/${number}/replace`, {
        token: hq,
        body: { fromSequence: true },
      });
      expect(replaced.status).toBe(201);
      const to = replaced.body.to?.number ?? '';
      expect(await standing(to)).toEqual({ tier: 'BASE', heldUntil: new Date(UNTIL) });
      // Points moved across do not count towards a tier; what the new card earns does.
      await earn(to, 1500, TEST_START + 2 * DAY_MS);
      await updateAllTiers(server.database, new Date(TEST_START + 3 * DAY_MS));
      expect((await standing(to))?.tier).toBe('BASE');
      await updateAllTiers(server.database, new Date(TEST_START + 31 * DAY_MS));
      expect((await standing(to))?.tier).toBe('GOLD');
    });
  });
}
