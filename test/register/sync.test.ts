import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cards as cardsTable, productPrices, products } from '../../sync-server/src/db/schema';
import type { JobRunRecord } from '../../sync-server/src/jobs/runner';
import { postEntries } from '../../sync-server/src/ledger/post';
import { loadRewardPoints } from '../../sync-server/src/ledger/rewardPoints';
import { CardStore } from '../../renderer/register/localdb/cardStore';
import { getItem } from '../../renderer/register/localdb/items';
import { RegisterDb } from '../../renderer/register/localdb/schema';
import { pullFeed } from '../../renderer/register/sync/feed';
import { ServerLink } from '../../renderer/register/sync/link';
import { inThreadLoader, type PageLoader } from '../../renderer/register/sync/pageLoaders';
import { hasSnapshot, loadSnapshot } from '../../renderer/register/sync/snapshot';
import type { PagePlan } from '../../renderer/register/sync/snapshotPages';
import { pgliteBackend, PGLITE_CREATE_TIMEOUT, type TestBackend } from '../server/helpers/backends';
import { enrol, seedBasics, signIn } from '../server/helpers/fixtures';
import { startTestServer, type TestServer } from '../server/helpers/server';

const CARD_COUNT = 30;
const cardNumber = (i: number) => String(4_000_000_000 + i);

/** The register's pull in Node (fake-indexeddb) against the real server. */
describe("the register's snapshot and feed", () => {
  let backend: TestBackend;
  let server: TestServer;
  let hq: string;
  let link: ServerLink;

  const distribute = async () => {
    const run = await server.call<JobRunRecord>('POST', '/api/jobs/distribution-1050/run', {
      token: hq,
    });
    expect(run.body.status).toBe('succeeded');
  };

  const earn = async (card: string, points: number) => {
    const at = new Date(server.clock.now());
    const rewardPoints = await loadRewardPoints(server.database);
    await server.database.transaction((tx) =>
      postEntries(
        tx,
        [
          {
            id: randomUUID(),
            cardNumber: card,
            rewardPointId: 'STAR',
            kind: 'earn',
            points,
            earnedAt: at,
            origin: 'online',
          },
        ],
        rewardPoints,
        at,
      ),
    );
  };

  beforeAll(async () => {
    backend = await pgliteBackend();
    server = await startTestServer(backend);
    await seedBasics(server.database);
    await server.database.db.insert(cardsTable).values(
      Array.from({ length: CARD_COUNT }, (_, i) => ({
        number: cardNumber(i),
        programId: 'MAIN',
        enrolmentSource: 'headOffice' as const,
      })),
    );
    await earn(cardNumber(3), 250);
    hq = await signIn(server, 'hq');
    await distribute();
    link = new ServerLink({ serverUrl: server.url, token: await enrol(server, hq, 'S1', 'S1-R1') });
  }, PGLITE_CREATE_TIMEOUT);

  afterAll(async () => {
    await server?.close();
    await backend?.remove();
  });

  it('resumes an interrupted first load where it stopped, then follows the feed', async () => {
    const db = new RegisterDb(`sync-${randomUUID()}`);
    const cards = await CardStore.open(db);
    const loaded: string[] = [];
    // Loads pages for real, and breaks off (as a closed laptop would) after the first two.
    const breaking = (limit: number): PageLoader => {
      const real = inThreadLoader(link, db);
      return {
        parallel: 1,
        close: () => undefined,
        load: async (plan: PagePlan) => {
          if (loaded.length >= limit) throw new Error('the network went away');
          await real.load(plan);
          loaded.push(plan.id);
        },
      };
    };
    const progress: [number, number][] = [];
    await expect(
      loadSnapshot(link, db, cards, { loader: breaking(2), pageSize: 10 }),
    ).rejects.toThrow('the network went away');
    expect(await hasSnapshot(db)).toBe(false);
    const firstPart = [...loaded];

    await loadSnapshot(link, db, cards, {
      loader: breaking(Infinity),
      pageSize: 10,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(await hasSnapshot(db)).toBe(true);
    // The second run loaded only what the first did not, and started its progress past it.
    expect(loaded.slice(2).filter((id) => firstPart.includes(id))).toEqual([]);
    expect(new Set(loaded).size).toBe(loaded.length);
    expect(loaded.filter((id) => id.startsWith('card:'))).toHaveLength(3);
    expect(progress[0]?.[0]).toBeGreaterThan(0);
    expect(progress.at(-1)?.[0]).toBe(progress.at(-1)?.[1]);

    const card = await cards.lookup(cardNumber(3));
    expect(card?.lots.reduce((sum, lot) => sum + lot.remaining, 0)).toBe(250);
    for (let i = 0; i < CARD_COUNT; i++)
      expect((await cards.lookup(cardNumber(i)))?.number).toBe(cardNumber(i));
    expect((await getItem(db, 'store', 'S1'))?.currency).toBe('USD');

    // A change after the snapshot arrives through the feed.
    await earn(cardNumber(3), 50);
    await server.database.db
      .insert(products)
      .values({ id: 'P9', name: 'Hat', barcode: null, category: 'HATS' });
    await server.database.db
      .insert(productPrices)
      .values({ productId: 'P9', currency: 'USD', priceMinor: 700 });
    await distribute();
    const pulled = await pullFeed(link, db, cards);
    expect(pulled.version).toBe(2);
    expect(cards.overlaySize).toBe(1);
    const after = await cards.lookup(cardNumber(3));
    expect(after?.lots.reduce((sum, lot) => sum + lot.remaining, 0)).toBe(300);
    expect((await getItem(db, 'product', 'P9'))?.price).toBe('7.00');
    db.close();
  });
});
