import { isPlainSale } from '../shared/protocol/plainSale';
import type { SaleFact } from '../shared/protocol/sync';
import { postPendingFacts } from '../sync-server/src/posting/postPendingFacts';
import { saleFact, TEST_SCHEME } from '../test/server/helpers/facts';
import { TEST_START } from '../test/server/helpers/server';
import {
  fasterThan,
  round,
  secondsSince,
  type BenchContext,
  type BenchResult,
} from './lib/results';
import { loadNote } from './lib/machine';
import { benchCardNumber, seedCards, startBenchServer, type BenchServer } from './lib/server';

/** The plain sale every seeded fact copies, and the mixed one (an offline spend: a run of one). */
function templates(): { plain: SaleFact; mixed: SaleFact } {
  const card = benchCardNumber(1);
  const plain = saleFact({ card, lines: [{ net: '12.50' }, { net: '3.20' }], scheme: TEST_SCHEME });
  // 10 points spent offline on a card with none: posted, flagged for review as an overdraw.
  const mixed = saleFact({
    card,
    lines: [{ net: '12.50', paid: '0.10' }, { net: '3.20' }],
    scheme: TEST_SCHEME,
    spends: [{ points: -10 }],
    redeemedByLine: { '1': 10 },
  });
  return { plain, mixed };
}

/** Every how many facts one is mixed (0: none) for a share of mixed facts between 0 and 1. */
function mixedEvery(share: number): number {
  if (!(share >= 0 && share <= 1)) throw new Error(`BENCH_POST_MIX ${share}: a share from 0 to 1`);
  return share === 0 ? 0 : Math.max(1, Math.round(1 / share));
}

/**
 * Pending facts as pushes leave them (fact rows plus their pending ledger entries and pending
 * sums), written by SQL from one engine-computed sale, with its ids, card and sequence changed;
 * every `every`-th fact (0: none) from the mixed sale instead.
 */
async function seedPending(
  bench: BenchServer,
  facts: number,
  cards: number,
  every: number,
): Promise<void> {
  const { plain, mixed } = templates();
  const database = bench.sync.server.database;
  const chunk = 100_000;
  for (let from = 1; from <= facts; from += chunk) {
    const to = Math.min(facts, from + chunk - 1);
    await database.query(
      `insert into facts (id, store_id, register_id, type, body, device_time, device_seq, server_time, plain_sale)
       select f.id, 'S1', 'S1-R1', 'sale',
         jsonb_set(jsonb_set(jsonb_set(jsonb_set(t.body, '{id}', to_jsonb(f.id::text)),
           '{deviceSeq}', to_jsonb(n)), '{receipt,card}', to_jsonb(f.card)),
           '{receipt,entries}', (select jsonb_agg(e || jsonb_build_object('id', gen_random_uuid(), 'card', f.card))
                                   from jsonb_array_elements(t.body -> 'receipt' -> 'entries') e)),
         $2::timestamptz, n, $2::timestamptz + n * interval '1 millisecond', t.plain
       from generate_series($3::int, $4::int) n,
         lateral (select gen_random_uuid() as id,
                         '9' || lpad((((n - 1) % $5::int) + 1)::text, 9, '0') as card) f,
         lateral (select case when $7::int > 0 and n % $7::int = 0 then $8::jsonb else $1::jsonb end
                           as body,
                         not ($7::int > 0 and n % $7::int = 0) and $6::boolean as plain) t`,
      [
        JSON.stringify(plain),
        new Date(TEST_START).toISOString(),
        from,
        to,
        cards,
        isPlainSale(plain),
        every,
        JSON.stringify(mixed),
      ],
    );
  }
  await database.query(
    `insert into ledger_entries (id, card_number, reward_point_id, kind, points, cropped, store_id,
       register_id, receipt_id, line_id, scheme_id, scheme_version, rule_ids, earned_at, origin,
       status, device_time, device_seq, server_time, lots, fact_id)
     select (e ->> 'id')::uuid, e ->> 'card', e ->> 'rewardPoint', e ->> 'kind', (e ->> 'points')::bigint,
       (e ->> 'cropped')::bigint, f.store_id, f.register_id, f.id::text, e ->> 'line',
       f.body -> 'receipt' -> 'scheme' ->> 'id', (f.body -> 'receipt' -> 'scheme' ->> 'version')::int,
       coalesce((select jsonb_agg(k) from jsonb_object_keys(e -> 'rules') k), '[]'::jsonb),
       f.device_time, 'offline', 'pending', f.device_time, f.device_seq, f.server_time, e -> 'lots', f.id
     from facts f, jsonb_array_elements(f.body -> 'receipt' -> 'entries') e`,
  );
  await database.query(
    `insert into card_balances (card_number, reward_point_id, posted, pending)
     select card_number, reward_point_id, 0, sum(points) from ledger_entries
     where status = 'pending' group by 1, 2`,
  );
  await database.query('analyze');
}

/** The baseline: the same entries copied as posted by one INSERT ... SELECT. */
async function insertSelect(bench: BenchServer): Promise<number> {
  const database = bench.sync.server.database;
  await database.query('create table bench_posted as select * from ledger_entries with no data');
  const started = performance.now();
  await database.query(
    `insert into bench_posted select * from ledger_entries where status = 'pending'`,
  );
  return secondsSince(started);
}

const mixNote = (every: number) =>
  every === 0 ? '' : `one in ${every} with an offline spend (BENCH_POST_MIX), `;

/**
 * server.postJob.seconds: the post-offline-earnings job over pending facts, with the engine's
 * re-check, on the real PostgreSQL. The full size posts a sample of BENCH_POST_SAMPLE facts (all,
 * when set to the total) and projects the whole from its rate; the note says which.
 */
export async function run(context: BenchContext): Promise<BenchResult[]> {
  const facts = Number(process.env['BENCH_POST_FACTS'] ?? (context.quick ? 2_000 : 1_000_000));
  const cards = Number(process.env['BENCH_POST_CARDS'] ?? (context.quick ? 200 : 100_000));
  const sample = Math.min(facts, Number(process.env['BENCH_POST_SAMPLE'] ?? facts));
  const mix = Number(process.env['BENCH_POST_MIX'] ?? 0);
  const every = mixedEvery(mix);
  const bench = await startBenchServer();
  try {
    await seedCards(bench.sync, cards);
    context.log(`postJob: seeding ${facts} pending facts over ${cards} cards, 1 in ${every} mixed`);
    await seedPending(bench, facts, cards, every);
    const baseline = await insertSelect(bench);
    context.log(`postJob: baseline ${baseline.toFixed(1)} s; posting ${sample}`);
    const started = performance.now();
    const summary = await postPendingFacts(bench.sync.server.context, { limit: sample });
    const measured = secondsSince(started);
    if (summary.posted !== sample)
      throw new Error(
        `posted ${summary.posted} of ${sample} (rejected ${summary.rejected}, retrying ${summary.retrying}): ${JSON.stringify(summary.outcomes.find((o) => o.status === 'rejected'))}`,
      );
    const seconds = (measured * facts) / sample;
    const ratio = fasterThan(baseline, seconds, 5);
    const projected =
      sample < facts
        ? `projected from ${sample.toLocaleString('en')} posted in ${round(measured, 1)} s, `
        : '';
    return [
      {
        name: 'server.postJob.seconds',
        value: round(seconds, 1),
        unit: 's',
        baseline: round(baseline, 3),
        ratio,
        target: '< 60 s, within 5x of the baseline (ratio >= 0.2)',
        met: seconds < 60 && ratio >= 0.2,
        note: `${facts.toLocaleString('en')} pending offline sales over ${cards.toLocaleString('en')} cards, ${mixNote(every)}${projected}${Math.round(sample / measured)} facts/s; ${loadNote()}`,
      },
    ];
  } finally {
    await bench.close();
  }
}
