import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cardBalances,
  facts,
  ledgerEntries,
  registerHealth,
} from '../../sync-server/src/db/schema';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import { signIn } from './helpers/fixtures';
import {
  createCard,
  DeviceSequence,
  pushBody,
  saleFact,
  startSyncTestServer,
  testCardNumber,
  type SyncTestServer,
} from './helpers/facts';
import { TEST_START } from './helpers/server';

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`register push (${backendKind.name})`, () => {
    let backend: TestBackend;
    let sync: SyncTestServer;
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
    const factCount = async () => (await db().select({ id: facts.id }).from(facts)).length;
    const entryCount = async () =>
      (await db().select({ id: ledgerEntries.id }).from(ledgerEntries)).length;
    const pending = async (card: string) =>
      (await db().select().from(cardBalances).where(eq(cardBalances.cardNumber, card)))[0]
        ?.pending ?? 0;

    it('stores valid facts, shows their points as pending at once and records register health', async () => {
      const card = await createCard(sync.server.database, testCardNumber(1));
      const sale = saleFact({ card, lines: [{ net: '12.50' }] }, seq);
      const other = saleFact({ card: null, lines: [{ net: '3.00' }] }, seq);
      const result = await sync.push('S1-R1', [sale, other], {
        health: { outboxDepth: 2, distributionVersion: 7 },
      });
      expect(result.status).toBe(200);
      expect(result.body.results).toEqual([
        { id: sale.id, status: 'accepted' },
        { id: other.id, status: 'accepted' },
      ]);
      expect(result.body.serverTime).toBe(new Date(TEST_START).toISOString());
      expect(await pending(card)).toBe(120);
      const [entry] = await db()
        .select()
        .from(ledgerEntries)
        .where(eq(ledgerEntries.factId, sale.id));
      expect(entry).toMatchObject({ status: 'pending', origin: 'offline', points: 120 });
      const [health] = await db()
        .select()
        .from(registerHealth)
        .where(eq(registerHealth.registerId, 'S1-R1'));
      expect(health).toMatchObject({ outboxDepth: 2, distributionVersion: 7, clockOffsetMs: 0 });
    });

    it('answers a replayed push duplicate and stores it once', async () => {
      const card = await createCard(sync.server.database, testCardNumber(2));
      const sale = saleFact({ card, lines: [{ net: '5.00' }] }, seq);
      expect((await sync.push('S1-R1', [sale])).body.results[0]?.status).toBe('accepted');
      const again = await sync.push('S1-R1', [sale, sale]);
      expect(again.body.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
      expect(await pending(card)).toBe(50);
      const rows = await db().select().from(facts).where(eq(facts.id, sale.id));
      expect(rows).toHaveLength(1);
    });

    it('rejects a fact for another store or register with a reason and writes nothing for it', async () => {
      const card = await createCard(sync.server.database, testCardNumber(3));
      const forgedStore = saleFact(
        { card, store: 'S2', register: 'S2-R1', lines: [{ net: '9.00' }] },
        seq,
      );
      const forgedRegister = saleFact({ card, register: 'S1-R2', lines: [{ net: '9.00' }] }, seq);
      const good = saleFact({ card, lines: [{ net: '1.00' }] }, seq);
      const before = { facts: await factCount(), entries: await entryCount() };
      const result = await sync.push('S1-R1', [forgedStore, forgedRegister, good]);
      expect(result.status).toBe(200);
      const [store, register, ok] = result.body.results;
      expect(store).toMatchObject({
        status: 'rejected',
        reason: expect.stringMatching(/forged store/),
      });
      expect(register).toMatchObject({
        status: 'rejected',
        reason: expect.stringMatching(/forged register/),
      });
      expect(ok?.status).toBe('accepted');
      expect(await factCount()).toBe(before.facts + 1);
      expect(await entryCount()).toBe(before.entries + 1);
      expect(await pending(card)).toBe(10);
    });

    it('answers a bad body with a 400 naming the field, and writes nothing', async () => {
      const card = testCardNumber(1);
      const good = saleFact({ card, lines: [{ net: '2.00' }] }, seq);
      const bad = { ...saleFact({ card, lines: [{ net: '2.00' }] }, seq), deviceSeq: -1 };
      const before = { facts: await factCount(), entries: await entryCount() };
      const result = await sync.server.call<{ error: { code: string; message: string } }>(
        'POST',
        '/api/sync/push',
        { token: sync.registers['S1-R1'], body: pushBody([good, bad as never]) },
      );
      expect(result.status).toBe(400);
      expect(result.body.error.message).toMatch(/facts\.1\.deviceSeq/);
      const noFacts = await sync.server.call<{ error: { message: string } }>(
        'POST',
        '/api/sync/push',
        {
          token: sync.registers['S1-R1'],
          body: { protocol: 1, facts: [] },
        },
      );
      expect(noFacts.status).toBe(400);
      expect(noFacts.body.error.message).toMatch(/facts/);
      expect(await factCount()).toBe(before.facts);
      expect(await entryCount()).toBe(before.entries);
    });

    it('describes the sync routes in the OpenAPI document', async () => {
      const docs = await sync.server.call<{ paths: Record<string, unknown> }>('GET', '/docs/json');
      expect(docs.status).toBe(200);
      for (const path of [
        '/api/sync/push',
        '/api/sync/reserve',
        '/api/sync/reserve/{tender}/release',
        '/api/sync/card-number-blocks',
      ])
        expect(docs.body.paths).toHaveProperty([path]);
    });

    it('needs a register token', async () => {
      const fact = saleFact({ card: null, lines: [{ net: '1.00' }] }, seq);
      expect(
        (await sync.server.call('POST', '/api/sync/push', { body: pushBody([fact]) })).status,
      ).toBe(401);
      const cashier = await signIn(sync.server, 'cashier');
      const asStaff = await sync.server.call('POST', '/api/sync/push', {
        token: cashier,
        body: pushBody([fact]),
      });
      expect(asStaff.status).toBe(401);
    });

    it('flags device time outside the skew window and dates the entries with the server time', async () => {
      const card = await createCard(sync.server.database, testCardNumber(4));
      const skewed = saleFact(
        {
          card,
          lines: [{ net: '1.00' }],
          deviceTime: new Date(TEST_START + 86_400_000).toISOString(),
        },
        seq,
      );
      const result = await sync.push('S1-R1', [skewed]);
      expect(result.body.results[0]).toEqual({
        id: skewed.id,
        status: 'accepted',
        clockSkew: true,
      });
      const [row] = await db().select().from(facts).where(eq(facts.id, skewed.id));
      expect(row?.skewFlagged).toBe(true);
      const [entry] = await db()
        .select()
        .from(ledgerEntries)
        .where(eq(ledgerEntries.factId, skewed.id));
      expect(entry?.earnedAt).toEqual(new Date(TEST_START));
      expect(entry?.deviceTime).toEqual(new Date(TEST_START + 86_400_000));
      const [health] = await db()
        .select()
        .from(registerHealth)
        .where(eq(registerHealth.registerId, 'S1-R1'));
      expect(health?.clockOffsetMs).toBe(86_400_000);
    });

    it('does not take a fact made offline long ago for skew when the register says when it sent', async () => {
      const card = await createCard(sync.server.database, testCardNumber(5));
      const old = saleFact(
        {
          card,
          lines: [{ net: '1.00' }],
          deviceTime: new Date(TEST_START - 3 * 86_400_000).toISOString(),
        },
        seq,
      );
      const result = await sync.push('S1-R1', [old], {
        sentAt: new Date(TEST_START + 1_000).toISOString(),
      });
      expect(result.body.results[0]).toEqual({ id: old.id, status: 'accepted' });
      const [entry] = await db()
        .select()
        .from(ledgerEntries)
        .where(eq(ledgerEntries.factId, old.id));
      expect(entry?.earnedAt).toEqual(new Date(TEST_START - 3 * 86_400_000));
      const [health] = await db()
        .select()
        .from(registerHealth)
        .where(eq(registerHealth.registerId, 'S1-R1'));
      expect(health?.clockOffsetMs).toBe(1_000);
      const offClock = saleFact({ card, lines: [{ net: '1.00' }] }, seq);
      const flagged = await sync.push('S1-R1', [offClock], {
        sentAt: new Date(TEST_START + 3_600_000).toISOString(),
      });
      expect(flagged.body.results[0]?.clockSkew).toBe(true);
    });

    it('bounds integers to their columns with a 400, and answers one fact the store step fails on rejected while the others are stored (review 4)', async () => {
      const card = await createCard(sync.server.database, testCardNumber(40));
      const huge = saleFact({ card, lines: [{ net: '1.00' }] }, seq);
      huge.receipt.scheme = { id: 'SCH', version: 3_000_000_000 };
      const tooBig = await sync.server.call<{ error: { message: string } }>(
        'POST',
        '/api/sync/push',
        { token: sync.registers['S1-R1'], body: pushBody([huge]) },
      );
      expect(tooBig.status).toBe(400);
      expect(tooBig.body.error.message).toMatch(/facts\.0\.receipt\.scheme\.version/);
      const badHealth = await sync.server.call('POST', '/api/sync/push', {
        token: sync.registers['S1-R1'],
        body: pushBody([saleFact({ card: null, lines: [{ net: '1.00' }] }, seq)], {
          health: { outboxDepth: 3_000_000_000, distributionVersion: 1 },
        }),
      });
      expect(badHealth.status).toBe(400);

      const broken = saleFact({ card, lines: [{ net: '2.00' }] }, seq);
      const fine = saleFact({ card, lines: [{ net: '3.00' }] }, seq);
      const unreachable = saleFact({ card, lines: [{ net: '4.00' }] }, seq);
      const database = sync.server.database;
      // Real failures of the store step: one fact's insert fails, another's as a lost connection does.
      await database.query(`create function test_refuse_fact() returns trigger language plpgsql as $$
        begin
          if new.id = '${broken.id}' then raise exception 'storage hiccup'; end if;
          if new.id = '${unreachable.id}' then
            raise exception 'terminating connection' using errcode = '57P01';
          end if;
          return new;
        end $$`);
      await database.query(
        `create trigger test_refuse_fact before insert on facts for each row execute function test_refuse_fact()`,
      );
      try {
        const mixed = await sync.push('S1-R1', [broken, fine]);
        expect(mixed.status).toBe(200);
        expect(mixed.body.results).toEqual([
          {
            id: broken.id,
            status: 'rejected',
            reason: expect.stringMatching(/could not store this fact: .*storage hiccup/),
          },
          { id: fine.id, status: 'accepted' },
        ]);
        expect(await pending(card)).toBe(30);
        const down = await sync.push('S1-R1', [unreachable]);
        expect(down.status).toBe(503);
      } finally {
        await database.query(`drop trigger if exists test_refuse_fact on facts`);
        await database.query(`drop function if exists test_refuse_fact()`);
      }
      expect((await sync.push('S1-R1', [unreachable])).body.results[0]?.status).toBe('accepted');
    });
  });
}
