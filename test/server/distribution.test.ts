import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distributedTierActivity, provisionalTierOf } from '../../shared/checkout/provisionalTier';
import { Program } from '../../shared/domain/loyalty';
import { CardSummary, FeedPage, type SyncEvent } from '../../shared/protocol/sync';
import {
  affiliations,
  cards,
  customers,
  productPrices,
  products,
  programs,
  schemes,
  staff,
} from '../../sync-server/src/db/schema';
import { distributeStore } from '../../sync-server/src/distribution/distributeStore';
import {
  dropStagedCards,
  stageCards,
  withOneConnection,
} from '../../sync-server/src/distribution/stagedCards';
import { postEntries, type EntryToPost } from '../../sync-server/src/ledger/post';
import { loadRewardPoints } from '../../sync-server/src/ledger/rewardPoints';
import type { JobRunRecord } from '../../sync-server/src/jobs/runner';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import { enrol, seedBasics, signIn } from './helpers/fixtures';
import { startTestServer, type TestServer } from './helpers/server';

const CARD_COUNT = 25;
const cardNumber = (i: number) => String(2_000_000_000 + i);

type Change = FeedPage['changes'][number];
/** What a register holds: collection:key -> item, after applying changes in order. */
type State = Map<string, unknown>;

function apply(state: State, changes: readonly Change[]): State {
  for (const change of changes) {
    const key = `${change.collection}:${change.key}`;
    if (change.data === null) state.delete(key);
    else state.set(key, change.data);
  }
  return state;
}

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(
    `1050 distribution and the registers' pull (${backendKind.name})`,
    () => {
      let backend: TestBackend;
      let server: TestServer;
      let hq: string;
      let s1: string;
      let s2: string;

      const distribute = async () => {
        const run = await server.call<JobRunRecord>('POST', '/api/jobs/distribution-1050/run', {
          token: hq,
        });
        expect(run.status).toBe(200);
        expect(run.body.status).toBe('succeeded');
        return run.body;
      };

      async function feed(token: string, after = 0, limit = 1000) {
        const page = await server.call<FeedPage>(
          'GET',
          `/api/sync/feed?after=${after}&limit=${limit}`,
          {
            token,
          },
        );
        expect(page.status).toBe(200);
        return FeedPage.parse(page.body);
      }

      /** Every change after `after`, page by page. */
      async function pullAll(token: string, after = 0, limit = 1000) {
        const changes: Change[] = [];
        let checkpoint = after;
        for (;;) {
          const page = await feed(token, checkpoint, limit);
          expect(page.checkpoint).toBeGreaterThanOrEqual(checkpoint);
          changes.push(...page.changes);
          checkpoint = page.checkpoint;
          if (!page.hasMore) return { changes, checkpoint, version: page.version };
        }
      }

      const post = async (card: string, points: number, kind: EntryToPost['kind'] = 'earn') => {
        const rps = await loadRewardPoints(server.database);
        const at = new Date(server.clock.now());
        await server.database.transaction((tx) =>
          postEntries(
            tx,
            [
              {
                id: randomUUID(),
                cardNumber: card,
                rewardPointId: 'STAR',
                kind,
                points,
                earnedAt: at,
                origin: 'online',
              },
            ],
            rps,
            at,
          ),
        );
      };

      beforeAll(async () => {
        backend = await backendKind.create();
        server = await startTestServer(backend);
        const db = server.database.db;
        await seedBasics(server.database);
        await db.insert(programs).values({ id: 'OTHER', name: 'Other program' });
        await db.insert(affiliations).values([
          { id: 'VET', name: 'Veterans' },
          { id: 'STAFFAFF', name: 'Staff', hiddenInStores: true },
        ]);
        await db.insert(schemes).values({
          id: 'ALL',
          version: 1,
          programId: 'MAIN',
          status: 'active',
          earning: [
            {
              id: 'E1',
              tier: null,
              affiliation: null,
              activity: 'salesAmount',
              filter: null,
              per: '1.00',
              rewardPoint: 'STAR',
              points: 10,
            },
          ],
          redemption: [],
        });
        await db.insert(products).values([
          { id: 'P1', name: 'Shoe', barcode: '12345678', category: 'SHOES' },
          { id: 'P2', name: 'Sock', barcode: null, category: 'SOCKS' },
          { id: 'P3', name: 'Euro only', barcode: null, category: 'SOCKS' },
        ]);
        await db.insert(productPrices).values([
          { productId: 'P1', currency: 'USD', priceMinor: 1299 },
          { productId: 'P2', currency: 'USD', priceMinor: 500 },
          { productId: 'P2', currency: 'EUR', priceMinor: 450 },
          { productId: 'P3', currency: 'EUR', priceMinor: 100 },
        ]);
        await db.insert(customers).values({ id: 'CU1', name: 'Chris', affiliations: ['VET'] });
        await db.insert(cards).values(
          Array.from({ length: CARD_COUNT }, (_, i) => ({
            number: cardNumber(i),
            programId: 'MAIN',
            customerId: i === 0 ? 'CU1' : null,
            enrolmentSource: 'headOffice' as const,
          })),
        );
        await db.insert(cards).values({
          number: '3000000001',
          programId: 'OTHER',
          enrolmentSource: 'headOffice',
        });
        await post(cardNumber(0), 300);
        await post(cardNumber(1), -40, 'adjust');
        hq = await signIn(server, 'hq');
        s1 = await enrol(server, hq, 'S1', 'S1-R1');
        s2 = await enrol(server, hq, 'S2', 'S2-R1');
      }, PGLITE_CREATE_TIMEOUT);

      afterAll(async () => {
        await server?.close();
        await backend?.remove();
      });

      it('answers an empty feed before the first distribution', async () => {
        const page = await feed(s1);
        expect(page).toMatchObject({
          store: 'S1',
          version: 0,
          checkpoint: 0,
          changes: [],
          hasMore: false,
        });
      });

      it("writes each store's whole state as its first version", async () => {
        const run = await distribute();
        expect(run.counts).toMatchObject({ stores: 2, versions: 2, cards: 2 * CARD_COUNT });
        const { changes, version } = await pullAll(s1);
        expect(version).toBe(1);
        const state = apply(new Map(), changes);
        expect(state.get('store:S1')).toMatchObject({ id: 'S1', currency: 'USD', program: 'MAIN' });
        expect(state.has('store:S2')).toBe(false);
        expect(state.get('rewardPoint:STAR')).toMatchObject({ type: 'quantity', redeemable: true });
        expect(state.get('program:MAIN')).toMatchObject({
          tiers: [
            { id: 'BASE', level: 0 },
            { id: 'GOLD', level: 1 },
          ],
        });
        expect(state.get('affiliation:STAFFAFF')).toMatchObject({ hiddenInStores: true });
        expect(state.get('scheme:ALL')).toMatchObject({
          id: 'ALL',
          version: 1,
          earning: [{ id: 'E1' }],
        });
        expect(state.get('product:P1')).toEqual({
          id: 'P1',
          name: 'Shoe',
          barcode: '12345678',
          category: 'SHOES',
          price: '12.99',
          // The store's country has no VAT rates: its registers print the sale without VAT.
          vatRate: 0,
        });
        expect(state.get('product:P2')).toMatchObject({ price: '5.00' });
        expect(state.has('product:P3')).toBe(false);
        const staffIds = [...state.keys()].filter((k) => k.startsWith('staff:')).sort();
        // Head office PINs never leave the server: a stolen register must not yield them.
        expect(staffIds).toEqual(['staff:C1', 'staff:M1']);
        expect(state.get('staff:C1')).toMatchObject({
          role: 'cashier',
          pinHash: expect.any(String),
        });
        const cardKeys = [...state.keys()].filter((k) => k.startsWith('card:'));
        expect(cardKeys).toHaveLength(CARD_COUNT);
        const rich = CardSummary.parse(state.get(`card:${cardNumber(0)}`));
        expect(rich.customer).toMatchObject({ id: 'CU1', name: 'Chris', affiliations: ['VET'] });
        expect(rich.lots).toMatchObject([{ rewardPoint: 'STAR', remaining: 300 }]);
        expect(CardSummary.parse(state.get(`card:${cardNumber(1)}`)).debt).toEqual({ STAR: 40 });
        // The store config comes first, the cards last.
        expect(changes[0]?.collection).toBe('store');
        expect(changes.at(-1)?.collection).toBe('card');

        const other = apply(new Map(), (await pullAll(s2)).changes);
        const otherStaff = [...other.keys()].filter((k) => k.startsWith('staff:')).sort();
        expect(otherStaff).toEqual(['staff:C2']);
      });

      it('writes no version when nothing changed, and then only what changed', async () => {
        const before = await pullAll(s1);
        const s2Before = await pullAll(s2);
        const idle = await distribute();
        expect(idle.counts.versions ?? 0).toBe(0);
        expect((await feed(s1, before.checkpoint)).changes).toEqual([]);

        await server.database.db
          .update(products)
          .set({ name: 'Shoe II' })
          .where(eq(products.id, 'P1'));
        await post(cardNumber(5), 50);
        await server.database.db.update(staff).set({ active: false }).where(eq(staff.id, 'C1'));
        const run = await distribute();
        expect(run.counts.versions).toBe(2); // the product is in both stores, the cashier in S1 only
        const next = await pullAll(s1, before.checkpoint);
        expect(next.version).toBe(2);
        expect(next.changes.map((c) => `${c.collection}:${c.key}`).sort()).toEqual(
          ['card:' + cardNumber(5), 'product:P1', 'staff:C1'].sort(),
        );
        expect(next.changes.find((c) => c.key === 'P1')?.data).toMatchObject({ name: 'Shoe II' });
        expect(next.changes.find((c) => c.key === 'C1')?.data).toBeNull();
        const s2Next = await pullAll(s2, s2Before.checkpoint);
        expect(s2Next.changes.map((c) => c.key).sort()).toEqual(['P1', cardNumber(5)].sort());
      });

      it('sets aside a changed item its schema refuses: the store keeps its last good copy', async () => {
        await distribute();
        const before = await pullAll(s1);
        const held = apply(new Map(), before.changes).get('scheme:ALL');
        expect(held).toBeDefined();
        const [good] = await server.database.db.select().from(schemes).where(eq(schemes.id, 'ALL'));
        if (!good) throw new Error('the scheme ALL is seeded above');
        // What head office's API refuses ("per" of a visit is a whole number), written straight
        // into the database.
        const broken = [
          ...good.earning,
          { ...good.earning[0], id: 'E9', activity: 'otherActivity:visit', per: '1.5' },
        ];
        await server.database.db
          .update(schemes)
          .set({ earning: broken as typeof good.earning })
          .where(eq(schemes.id, 'ALL'));
        await server.database.db
          .update(products)
          .set({ name: 'Shoe III' })
          .where(eq(products.id, 'P1'));
        const run = await distribute();
        expect(run.counts.itemsSetAside).toBe(2); // the scheme applies to both stores
        // The feed still parses, carries the product's change, and neither sends nor deletes the
        // scheme: the registers keep earning under the copy they hold.
        const next = await pullAll(s1, before.checkpoint);
        expect(next.changes.map((c) => `${c.collection}:${c.key}`)).toEqual(['product:P1']);
        expect(apply(apply(new Map(), before.changes), next.changes).get('scheme:ALL')).toEqual(
          held,
        );
        const snapshot = await server.call<{ rows: unknown[] }>(
          'GET',
          '/api/sync/snapshot/scheme',
          { token: s1 },
        );
        expect(snapshot.status).toBe(200);
        expect(snapshot.body.rows).toEqual([held]);

        await server.database.db
          .update(schemes)
          .set({ earning: good.earning })
          .where(eq(schemes.id, 'ALL'));
        const mended = await distribute();
        expect(mended.counts.itemsSetAside ?? 0).toBe(0);
        expect((await feed(s1, next.checkpoint)).changes).toEqual([]);
      });

      it('pages the feed with checkpoints: small pages add up to the whole feed', async () => {
        const whole = await pullAll(s1, 0, 5000);
        const paged = await pullAll(s1, 0, 7);
        expect(paged.changes).toEqual(whole.changes);
        expect(paged.checkpoint).toBe(whole.checkpoint);
        const seqs = paged.changes.map((c) => c.seq);
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      });

      it("refuses another store's feed and snapshot, and a call without a register token", async () => {
        const foreign = await server.call<{ error: { code: string } }>(
          'GET',
          '/api/sync/feed?store=S2',
          {
            token: s1,
          },
        );
        expect(foreign.status).toBe(403);
        expect(
          (await server.call('GET', '/api/sync/snapshot?store=S2', { token: s1 })).status,
        ).toBe(403);
        expect(
          (await server.call('GET', '/api/sync/snapshot/card?store=S2', { token: s1 })).status,
        ).toBe(403);
        expect((await server.call('GET', '/api/sync/feed')).status).toBe(401);
        expect((await server.call('GET', '/api/sync/feed', { token: hq })).status).toBe(401);
        expect((await server.call('GET', '/api/sync/feed?after=-1', { token: s1 })).status).toBe(
          400,
        );
        expect(
          (await server.call('GET', '/api/sync/snapshot/nonsense', { token: s1 })).status,
        ).toBe(400);
      });

      it('a snapshot plus the feed after its checkpoint equals the whole feed', async () => {
        const manifest = await server.call<{
          version: number;
          checkpoint: number;
          collections: {
            collection: string;
            count: number;
            pages: { after: string | null; upTo: string | null }[];
          }[];
        }>('GET', '/api/sync/snapshot?pageSize=10', { token: s1 });
        expect(manifest.status).toBe(200);
        const cardPages = manifest.body.collections.find((c) => c.collection === 'card');
        expect(cardPages?.count).toBe(CARD_COUNT);
        expect(cardPages?.pages).toHaveLength(3);

        // Head office changes things while the register is still downloading.
        await post(cardNumber(7), 70);
        await server.database.db.insert(cards).values({
          number: cardNumber(99),
          programId: 'MAIN',
          enrolmentSource: 'headOffice',
        });
        await server.database.db.update(staff).set({ active: true }).where(eq(staff.id, 'C1'));
        await distribute();

        const state: State = new Map();
        for (const { collection, pages } of manifest.body.collections) {
          for (const range of pages) {
            const query = new URLSearchParams();
            if (range.after) query.set('after', range.after);
            if (range.upTo) query.set('upTo', range.upTo);
            const page = await server.call<{
              rows: Record<string, unknown>[];
              next: string | null;
            }>('GET', `/api/sync/snapshot/${collection}?${query}`, { token: s1 });
            expect(page.status).toBe(200);
            expect(page.body.next).toBeNull();
            for (const row of page.body.rows)
              state.set(`${collection}:${String(row['number'] ?? row['id'])}`, row);
          }
        }
        apply(state, (await pullAll(s1, manifest.body.checkpoint)).changes);
        const whole = apply(new Map(), (await pullAll(s1)).changes);
        expect(state.size).toBe(whole.size);
        expect(new Map([...state].sort())).toEqual(new Map([...whole].sort()));
        expect(state.has(`card:${cardNumber(99)}`)).toBe(true);
        expect(state.has('staff:C1')).toBe(true);
      });

      it('tells a connected register about its store’s new versions and its own facts only', async () => {
        const controller = new AbortController();
        const response = await fetch(`${server.url}/api/sync/events`, {
          headers: { authorization: `Bearer ${s1}` },
          signal: controller.signal,
        });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toContain('text/event-stream');
        if (!response.body) throw new Error('no stream');
        const reader = response.body.getReader();
        const received: unknown[] = [];
        let buffer = '';
        const waitFor = async (predicate: (events: unknown[]) => boolean) => {
          const deadline = Date.now() + 10_000;
          while (!predicate(received)) {
            if (Date.now() > deadline)
              throw new Error(`no such event; got ${JSON.stringify(received)}`);
            const { value, done } = await reader.read();
            if (done) throw new Error('stream ended');
            buffer += new TextDecoder().decode(value);
            const frames = buffer.split('\n\n');
            buffer = frames.pop() ?? '';
            for (const frame of frames) {
              const data = frame.split('\n').find((line) => line.startsWith('data: '));
              if (data) received.push(JSON.parse(data.slice(6)));
            }
          }
        };
        try {
          const current = (await feed(s1)).version;
          await waitFor((events) => events.length >= 1);
          expect(received[0]).toEqual({ type: 'distribution', store: 'S1', version: current });

          await server.context.events.publish({ type: 'distribution', store: 'S2', version: 99 });
          const fact = (register: string) => ({
            type: 'fact' as const,
            id: randomUUID(),
            status: 'posted' as const,
            register,
          });
          const others = fact('S1-R2');
          const mine = fact('S1-R1');
          await server.context.events.publish(others);
          await server.context.events.publish(mine);
          await post(cardNumber(8), 80);
          await distribute();
          await waitFor((events) =>
            events.some((e) => (e as { version?: number }).version === current + 1),
          );
          expect(received).toContainEqual(mine);
          expect(received).not.toContainEqual(others);
          expect(received).not.toContainEqual(expect.objectContaining({ store: 'S2' }));
        } finally {
          controller.abort();
        }
      });

      it("sends each store of a program a card that joins it, deletes one that leaves, and a customer's change", async () => {
        const before = await pullAll(s1);
        const s2Before = await pullAll(s2);
        const leaving = cardNumber(3);
        const joining = '3000000001';
        await server.database.query(
          `update cards set program_id = case when number = $1 then 'OTHER' else 'MAIN' end,
             updated_at = now() where number in ($1, $2)`,
          [leaving, joining],
        );
        await server.database.query(
          `update customers set name = 'Chris B', updated_at = now() where id = 'CU1'`,
        );
        const run = await distribute();
        expect(run.counts).toMatchObject({ versions: 2, cards: 6 });
        for (const [token, after] of [
          [s1, before.checkpoint],
          [s2, s2Before.checkpoint],
        ] as const) {
          const next = await pullAll(token, after);
          const byKey = new Map(next.changes.map((c) => [c.key, c.data]));
          expect([...byKey.keys()].sort()).toEqual([cardNumber(0), leaving, joining].sort());
          expect(byKey.get(leaving)).toBeNull();
          expect(byKey.get(joining)).toMatchObject({ number: joining, tier: null });
          expect(CardSummary.parse(byKey.get(cardNumber(0))).customer).toMatchObject({
            name: 'Chris B',
          });
        }
        // Looked at again within the lookback, unchanged: nothing is sent twice.
        const again = await distribute();
        expect(again.counts.versions ?? 0).toBe(0);
      });

      it("sends a store whose watermark went missing its program's cards without repeating any", async () => {
        const before = await pullAll(s1);
        await server.database.query(`delete from distribution_watermarks where store_id = 'S1'`);
        const run = await distribute();
        expect(run.counts.versions ?? 0).toBe(0);
        expect((await feed(s1, before.checkpoint)).changes).toEqual([]);
        const marks = await server.database.query<{ n: number }>(
          `select count(*)::int as n from distribution_watermarks where store_id = 'S1'`,
        );
        expect(marks.rows[0]?.n).toBe(1);
      });

      // Numbers with a valid check digit, as the card routes require.
      it('sends a block and an unblock to every store of the program at once; the next 1050 repeats neither', async () => {
        const number = cardNumber(14);
        const heard: SyncEvent[] = [];
        const stop = server.context.events.subscribe((event) => heard.push(event));
        const before = { s1: await pullAll(s1), s2: await pullAll(s2) };
        const blocked = await server.call('POST', `/api/cards/${number}/block`, { token: hq });
        expect(blocked.status).toBe(200);
        for (const [store, token] of [
          ['S1', s1],
          ['S2', s2],
        ] as const) {
          const next = await pullAll(token, before[store === 'S1' ? 's1' : 's2'].checkpoint);
          expect(next.changes).toMatchObject([
            { collection: 'card', key: number, data: { status: 'blocked' } },
          ]);
          expect(heard).toContainEqual({ type: 'distribution', store, version: next.version });
        }
        expect((await distribute()).counts.versions ?? 0).toBe(0);

        const after = await pullAll(s1);
        const unblocked = await server.call('POST', `/api/cards/${number}/unblock`, { token: hq });
        expect(unblocked.status).toBe(200);
        expect((await pullAll(s1, after.checkpoint)).changes).toMatchObject([
          { collection: 'card', key: number, data: { status: 'active' } },
        ]);
        stop();
      });

      it('does not take a block back with a card body staged before it', async () => {
        const number = cardNumber(22);
        const store = { id: 'S1', programId: 'MAIN', currency: 'USD' };
        await server.database.query(`update cards set updated_at = now() where number = $1`, [
          number,
        ]);
        const before = await pullAll(s1);
        await withOneConnection(server.database, async (session) => {
          try {
            const staged = await stageCards(session, [store]);
            const blocked = await server.call('POST', `/api/cards/${number}/block`, { token: hq });
            expect(blocked.status).toBe(200);
            await session.transaction((tx) => distributeStore(tx, store, staged, null));
          } finally {
            await dropStagedCards(session);
          }
        });
        const held = apply(new Map(), (await pullAll(s1, before.checkpoint)).changes);
        expect(held.get(`card:${number}`)).toMatchObject({ status: 'blocked' });
      });

      it('stages the cards a store needs itself when its watermark moved back after the staging', async () => {
        const before = await pullAll(s1);
        const store = { id: 'S1', programId: 'MAIN', currency: 'USD' };
        const result = await withOneConnection(server.database, async (session) => {
          try {
            const staged = await stageCards(session, [store]);
            await server.database.query(
              `delete from distribution_watermarks where store_id = 'S1'`,
            );
            await server.database.db.insert(cards).values({
              number: cardNumber(50),
              programId: 'MAIN',
              enrolmentSource: 'headOffice',
            });
            return await session.transaction((tx) => distributeStore(tx, store, staged, null));
          } finally {
            await dropStagedCards(session);
          }
        });
        expect(result).toMatchObject({ changes: 1, cards: 1 });
        const next = await pullAll(s1, before.checkpoint);
        expect(next.changes).toMatchObject([
          { collection: 'card', key: cardNumber(50), data: { number: cardNumber(50) } },
        ]);
      });

      it('gives a register the points a card earned in the tier window, spent or not: its provisional tier counts them', async () => {
        const number = cardNumber(20);
        await post(number, 900);
        await post(number, -800, 'redeem');
        await distribute();
        const held = apply(new Map(), (await pullAll(s1)).changes);
        const summary = CardSummary.parse(held.get(`card:${number}`));
        const program = Program.parse(held.get('program:MAIN'));
        // Only 100 points are left to spend, but 900 were earned within GOLD's one-year window.
        expect(summary.lots.reduce((sum, lot) => sum + lot.remaining, 0)).toBe(100);
        const now = server.clock.now();
        const unposted = [{ rewardPoint: 'STAR', kind: 'earn', points: 200, at: now }];
        const tier = provisionalTierOf(
          program,
          summary.tier,
          distributedTierActivity(summary),
          unposted,
          now,
        );
        expect(tier?.id).toBe('GOLD');
      });
    },
  );
}
