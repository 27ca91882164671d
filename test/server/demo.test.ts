import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../sync-server/src/db/database';
import { DEMO_CARD_COUNT, seedDemo, type SeedOutcome } from '../../sync-server/src/demo/seed';
import { writeBalanceUpdates } from '../../sync-server/src/notifications/notices';
import { updateAllTiers } from '../../sync-server/src/tiers/updateAll';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import { startTestServer, TEST_START, type TestServer } from './helpers/server';

const SEED_TIMEOUT = 240_000;

/** Row counts and the ledger's last sequence: what "nothing changed" compares. */
async function footprint(session: Session): Promise<Record<string, number>> {
  const { rows } = await session.query<Record<string, number>>(
    `select (select count(*) from programs)::int as programs,
            (select count(*) from stores)::int as stores,
            (select count(*) from registers)::int as registers,
            (select count(*) from staff)::int as staff,
            (select count(*) from products)::int as products,
            (select count(*) from product_prices)::int as prices,
            (select count(*) from customers)::int as customers,
            (select count(*) from cards)::int as cards,
            (select count(*) from sales)::int as sales,
            (select count(*) from ledger_entries)::int as entries,
            (select coalesce(max(seq), 0)::int from ledger_entries) as last_seq,
            (select count(*) from lots)::int as lots,
            (select count(*) from counters)::int as counters`,
  );
  return rows[0] ?? {};
}

for (const backendKind of TEST_BACKENDS) {
  // The full demo on the embedded database (what `npm start` makes); a smaller one on PostgreSQL
  // checks the same code there without doubling the slowest test of the suite.
  const cardCount = backendKind.name === 'PGlite' ? DEMO_CARD_COUNT : 600;

  describe.skipIf(backendKind.skip)(`seed-demo (${backendKind.name})`, () => {
    let backend: TestBackend;
    let server: TestServer | undefined;
    let outcome: SeedOutcome;

    beforeAll(async () => {
      backend = await backendKind.create();
      server = await startTestServer(backend);
      outcome = await seedDemo(server.database, { now: TEST_START, cardCount });
    }, PGLITE_CREATE_TIMEOUT + SEED_TIMEOUT);

    afterAll(async () => {
      await server?.close();
      await backend?.remove();
    });

    const db = () => {
      if (!server) throw new Error('the server is closed');
      return server.database;
    };
    /** The one value a `select count(*) ...` answers. */
    const count = async (sql: string) => {
      const [row] = (await db().query<Record<string, unknown>>(sql)).rows;
      return Number(Object.values(row ?? {})[0] ?? -1);
    };

    it('makes the program, scheme, stores, registers, staff and catalogue it promises', async () => {
      expect(outcome.created).toBe(true);
      const { rows: tierRows } = await db().query<{ id: string; level: number; rules: unknown[] }>(
        'select id, level, rules from tiers order by level',
      );
      expect(tierRows.map((t) => t.id)).toEqual(['BASE', 'SILVER', 'GOLD']);
      expect(tierRows.slice(1).every((t) => t.rules.length > 0)).toBe(true);
      const { rows: rps } = await db().query<{ id: string; redeemable: boolean }>(
        'select id, redeemable from reward_points order by id',
      );
      expect(rps).toEqual([
        { id: 'STAR', redeemable: true },
        { id: 'TIER', redeemable: false },
      ]);
      const { rows: schemeRows } = await db().query<{
        status: string;
        earning: { affiliation: string | null; filter: unknown }[];
        redemption: unknown[];
        stores: string[];
      }>('select status, earning, redemption, stores from schemes');
      expect(schemeRows).toHaveLength(1);
      const scheme = schemeRows[0];
      expect(scheme?.status).toBe('active');
      expect(scheme?.earning.some((l) => l.affiliation !== null)).toBe(true);
      expect(scheme?.earning.some((l) => JSON.stringify(l.filter).includes('category'))).toBe(true);
      expect(scheme?.redemption).toHaveLength(2);
      expect(scheme?.stores).toEqual(['AMS', 'UTR']);
      expect(await count('select count(*) from affiliations where hidden_in_stores')).toBe(1);
      expect(
        await count(
          `select count(*) from stores where profile->'offlineRedemption' is not null and profile->'offlineRedemption' != 'null'`,
        ),
      ).toBe(1);
      expect(await count('select count(*) from registers')).toBe(4);
      expect(await count('select count(distinct role) from staff')).toBe(3);
      expect(await count('select count(*) from products')).toBeGreaterThanOrEqual(300);
      expect(await count('select count(*) from product_prices')).toBe(
        await count('select count(*) from products'),
      );
      expect(await count('select count(*) from other_activity_types')).toBeGreaterThanOrEqual(3);
      // Receipts head with the store's address and show VAT: every product has its country's rate.
      expect(
        await count('select count(*) from stores where address is null or country is null'),
      ).toBe(0);
      expect(
        await count(`select count(*) from products p join stores st on true
          where not exists (select 1 from vat_rates v
            where v.country = st.country and v.category = p.category and v.rate > 0)`),
      ).toBe(0);
    });

    it('makes a few thousand cards with a history whose balances are the fold', async () => {
      expect(await count('select count(*) from cards')).toBe(cardCount);
      expect(await count('select count(*) from customers')).toBeGreaterThan(cardCount / 2);
      const { rows: kinds } = await db().query<{ kind: string }>(
        'select distinct kind from ledger_entries order by kind',
      );
      expect(kinds.map((k) => k.kind)).toEqual(
        expect.arrayContaining(['activity', 'earn', 'expire', 'redeem', 'returnEarn']),
      );
      expect(await count('select count(*) from ledger_entries')).toBeGreaterThan(cardCount * 5);
      expect(await count(`select count(*) from ledger_entries where status <> 'posted'`)).toBe(0);
      // Every card's balance equals the sum of its entries: nothing lost or made up by the fold.
      expect(
        await count(`select count(*) from (
          select b.card_number from card_balances b
          join (select card_number, reward_point_id, sum(points) as total from ledger_entries
                group by card_number, reward_point_id) l
            on l.card_number = b.card_number and l.reward_point_id = b.reward_point_id
          where l.total <> b.posted) mismatched`),
      ).toBe(0);
      const { rows: tiers } = await db().query<{ tier_id: string }>(
        'select distinct tier_id from cards order by tier_id',
      );
      expect(tiers.map((t) => t.tier_id)).toEqual(['BASE', 'GOLD', 'SILVER']);
    });

    it('gives cards the tiers the update-card-tiers job would', async () => {
      const report = await updateAllTiers(db(), new Date(TEST_START));
      expect(report).toEqual({ cards: cardCount, changed: 0 });
    });

    it('does not tell customers about the seeded history as balance updates', async () => {
      expect(await writeBalanceUpdates(db(), new Date(TEST_START))).toBe(0);
    });

    it('prints staff whose PINs sign in, and cards that exist', async () => {
      const { summary } = outcome;
      expect(summary.stores).toEqual([
        { id: 'AMS', registers: ['AMS-R1', 'AMS-R2'] },
        { id: 'UTR', registers: ['UTR-R1', 'UTR-R2'] },
      ]);
      expect(new Set(summary.staff.map((s) => s.role))).toEqual(
        new Set(['cashier', 'manager', 'headOffice']),
      );
      for (const person of summary.staff) {
        const result = await server?.call<{ staff: { role: string } }>(
          'POST',
          '/api/auth/sign-in',
          {
            body: { staff: person.id, pin: person.pin },
          },
        );
        expect(result?.status).toBe(200);
        expect(result?.body.staff.role).toBe(person.role);
      }
      expect(summary.cards.length).toBeGreaterThanOrEqual(3);
      const { rows } = await db().query<{ number: string }>(
        'select number from cards where number = any($1::text[])',
        [summary.cards],
      );
      expect(rows).toHaveLength(summary.cards.length);
    });

    it('changes nothing when run again, and gives the same summary', async () => {
      const before = await footprint(db());
      const again = await seedDemo(db(), { now: TEST_START + 86_400_000 });
      expect(again.created).toBe(false);
      expect(again.summary).toEqual(outcome.summary);
      expect(await footprint(db())).toEqual(before);
    });

    if (backendKind.name === 'PGlite')
      it('`npm run server -- seed-demo` on the demo prints the summary as its last line', async () => {
        await server?.close();
        server = undefined;
        const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: backend.dataDir ?? '' };
        delete env.DATABASE_URL;
        const { stdout } = await promisify(execFile)(
          path.resolve('node_modules/.bin/tsx'),
          [path.resolve('sync-server/src/cli.ts'), 'seed-demo'],
          { env },
        );
        const lines = stdout.trim().split('\n');
        expect(lines[0]).toContain('already there');
        expect(JSON.parse(lines[lines.length - 1] ?? '')).toEqual(outcome.summary);
      }, 60_000);
  });
}
