import { distributionJob } from '../sync-server/src/jobs/distribution';
import { startJob } from '../sync-server/src/jobs/runner';
import { round, secondsSince, type BenchContext, type BenchResult } from './lib/results';
import { loadNote } from './lib/machine';
import { enrolRegisters, startBenchServer, type BenchServer } from './lib/server';

export interface Sizes {
  readonly programs: number;
  readonly storesPerProgram: number;
  readonly cardsPerProgram: number;
  readonly changes: number;
  readonly snapshotCards: number;
}

const FULL: Sizes = {
  programs: 10,
  storesPerProgram: 10,
  cardsPerProgram: 10_000,
  changes: 10_000,
  snapshotCards: 1_000_000,
};
const QUICK: Sizes = {
  programs: 2,
  storesPerProgram: 5,
  cardsPerProgram: 2_500,
  changes: 1_000,
  snapshotCards: 20_000,
};

/**
 * Programs P00.. with stores ST000.. (every store receives its program's cards) and one more
 * program PBIG whose one store SBIG holds the big snapshot. Cards were last changed a day ago, so
 * only the changes the benchmark makes count as recent.
 */
export async function seed(bench: BenchServer, sizes: Sizes): Promise<void> {
  const database = bench.sync.server.database;
  const programs = [
    ...Array.from({ length: sizes.programs }, (_, p) => `P${String(p).padStart(2, '0')}`),
    'PBIG',
  ];
  for (const program of programs) {
    await database.query(`insert into programs (id, name) values ($1, $1)`, [program]);
    await database.query(
      `insert into tiers (id, program_id, name, level, rules) values ($1 || '-BASE', $1, 'Base', 0, '[]')`,
      [program],
    );
  }
  const profile = { generateCardNumbers: true, offlineEarning: true, offlineRedemption: null };
  await database.query(
    `insert into stores (id, name, currency, time_zone, program_id, profile)
     select 'ST' || lpad(n::text, 3, '0'), 'Store ' || n, 'USD', 'Europe/Amsterdam',
            'P' || lpad((n % $1::int)::text, 2, '0'), $3::jsonb
     from generate_series(0, $2::int - 1) n
     union all select 'SBIG', 'Big store', 'USD', 'Europe/Amsterdam', 'PBIG', $3::jsonb`,
    [sizes.programs, sizes.programs * sizes.storesPerProgram, JSON.stringify(profile)],
  );
  await database.query(
    `insert into cards (number, program_id, tier_id, enrolment_source, issued_at, updated_at)
     select lpad(n::text, 12, '0'), 'P' || lpad((n % $1::int)::text, 2, '0'),
            'P' || lpad((n % $1::int)::text, 2, '0') || '-BASE', 'headOffice',
            now() - interval '1 day', now() - interval '1 day'
     from generate_series(1, $1::int * $2::int) n`,
    [sizes.programs, sizes.cardsPerProgram],
  );
  await database.query(
    `insert into cards (number, program_id, tier_id, enrolment_source, issued_at, updated_at)
     select '8' || lpad(n::text, 11, '0'), 'PBIG', 'PBIG-BASE', 'headOffice',
            now() - interval '1 day', now() - interval '1 day'
     from generate_series(1, $1::int) n`,
    [sizes.snapshotCards],
  );
  await database.query('analyze');
}

/** Runs job 1050 as the job runner does (its lock, its run record) and waits for it to end. */
export async function runDistribution(bench: BenchServer): Promise<Record<string, number>> {
  const started = await startJob(bench.sync.server.context, distributionJob, 'bench');
  const run = await started.done;
  if (run.status !== 'succeeded')
    throw new Error(`job 1050 did not succeed: ${JSON.stringify(run)}`);
  return run.counts;
}

/** A register of SBIG downloads the whole snapshot: the manifest, then the pages four at a time. */
async function downloadSnapshot(bench: BenchServer, token: string): Promise<number> {
  const base = bench.sync.server.url;
  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    return response.text();
  };
  const manifest = JSON.parse(await get('/api/sync/snapshot?pageSize=10000')) as {
    collections: { collection: string; pages: { after: string | null; upTo: string | null }[] }[];
  };
  const queue = manifest.collections.flatMap(({ collection, pages }) =>
    pages.map((page) => ({ collection, ...page })),
  );
  let rows = 0;
  const lane = async () => {
    for (let page = queue.shift(); page; page = queue.shift()) {
      let after = page.after;
      for (;;) {
        const query = new URLSearchParams();
        if (after !== null) query.set('after', after);
        if (page.upTo !== null) query.set('upTo', page.upTo);
        const body = JSON.parse(await get(`/api/sync/snapshot/${page.collection}?${query}`)) as {
          rows: unknown[];
          next: string | null;
        };
        if (page.collection === 'card') rows += body.rows.length;
        if (body.next === null) break;
        after = body.next;
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, lane));
  return rows;
}

/**
 * server.distribution.seconds: job 1050 for every store after card changes (a delta), and
 * server.distribution.snapshot.seconds: a register's full snapshot download of a store's cards.
 */
export async function run(context: BenchContext): Promise<BenchResult[]> {
  const sizes = context.quick ? QUICK : FULL;
  const stores = sizes.programs * sizes.storesPerProgram;
  const bench = await startBenchServer();
  try {
    context.log(
      `distribution: seeding ${stores} stores, ${sizes.programs * sizes.cardsPerProgram} + ${sizes.snapshotCards} cards`,
    );
    await seed(bench, sizes);
    const [token] = await enrolRegisters(bench.sync, [{ id: 'SBIG-R1', store: 'SBIG' }]);
    context.log('distribution: first distribution of every store');
    const firstStarted = performance.now();
    await runDistribution(bench);
    const first = secondsSince(firstStarted);
    context.log(`distribution: first run ${first.toFixed(1)} s; changing ${sizes.changes} cards`);
    // The first run wrote millions of rows: let PostgreSQL's housekeeping of them (which autovacuum
    // would otherwise do in the middle of the measurement) happen now, as it would between runs.
    await bench.sync.server.database.query('vacuum analyze');
    await bench.sync.server.database.query(
      `update cards set tier_valid_until = now() + interval '1 year', updated_at = now()
       where number in (select number from cards where program_id <> 'PBIG' order by number limit $1)`,
      [sizes.changes],
    );
    const deltaStarted = performance.now();
    const counts = await runDistribution(bench);
    const delta = secondsSince(deltaStarted);
    const deltaLoad = loadNote();
    const expected = sizes.changes * sizes.storesPerProgram;
    if (counts['cards'] !== expected)
      throw new Error(`the delta sent ${counts['cards']} cards, ${expected} expected`);
    context.log(`distribution: delta ${delta.toFixed(1)} s; snapshot download`);
    const snapshotStarted = performance.now();
    const downloaded = await downloadSnapshot(bench, token ?? '');
    const snapshot = secondsSince(snapshotStarted);
    if (downloaded !== sizes.snapshotCards)
      throw new Error(`the snapshot held ${downloaded} cards, ${sizes.snapshotCards} expected`);
    return [
      {
        name: 'server.distribution.seconds',
        value: round(delta, 2),
        unit: 's',
        baseline: null,
        ratio: null,
        target: '< 5 s',
        met: delta < 5,
        note: `job 1050 for ${stores + 3} stores after ${sizes.changes.toLocaleString('en')} card changes (${expected.toLocaleString('en')} card upserts over ${stores} stores of ${sizes.programs} programs of ${sizes.cardsPerProgram.toLocaleString('en')} cards); the first run over all ${(stores * sizes.cardsPerProgram + sizes.snapshotCards).toLocaleString('en')} store cards took ${round(first, 1)} s; ${deltaLoad}`,
      },
      {
        name: 'server.distribution.snapshot.seconds',
        value: round(snapshot, 2),
        unit: 's',
        baseline: null,
        ratio: null,
        target: '< 10 s',
        met: snapshot < 10,
        note: `manifest and every page of a ${sizes.snapshotCards.toLocaleString('en')}-card store over HTTP, four pages at a time; ${loadNote()}`,
      },
    ];
  } finally {
    await bench.close();
  }
}
