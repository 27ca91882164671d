import type { Fact, SaleFact } from '../shared/protocol/sync';
import { saleFact, DeviceSequence } from '../test/server/helpers/facts';
import { round, secondsSince, type BenchContext, type BenchResult } from './lib/results';
import { loadNote } from './lib/machine';
import { benchCardNumber, seedCards, startBenchServer } from './lib/server';
import type { Session } from '../sync-server/src/db/database';

const PUSH_SIZE = 500;
const CARDS = 10_000;

/** An offline backlog as one register's outbox holds it: sales with a card, made offline. */
function backlog(count: number): SaleFact[] {
  const seq = new DeviceSequence();
  const template = saleFact({
    card: benchCardNumber(1),
    lines: [{ net: '12.50' }, { net: '3.20' }],
  });
  return Array.from({ length: count }, (_, i) => {
    const fact = saleFact(
      { card: benchCardNumber((i % CARDS) + 1), lines: [{ net: '12.50' }, { net: '3.20' }] },
      seq,
    );
    return {
      ...fact,
      deviceTime: new Date(Date.parse(template.deviceTime) + i * 1000).toISOString(),
    };
  });
}

/** Pushes the backlog in outbox-sized pushes, each after the previous one is answered. */
async function pushAll(
  push: (facts: Fact[]) => Promise<{ status: number; body: { results: { status: string }[] } }>,
  facts: readonly Fact[],
): Promise<void> {
  for (let at = 0; at < facts.length; at += PUSH_SIZE) {
    const answer = await push(facts.slice(at, at + PUSH_SIZE));
    if (answer.status !== 200) throw new Error(`push answered ${answer.status}`);
    const refused = answer.body.results.find((r) => r.status !== 'accepted');
    if (refused) throw new Error(`a fact was not accepted: ${JSON.stringify(refused)}`);
  }
}

/** The baseline: the same fact rows, 500 to a multi-row insert, into a table shaped like facts. */
async function insertPlain(database: Session, facts: readonly Fact[]): Promise<void> {
  await database.query('create table bench_plain_facts (like facts including defaults)');
  const now = new Date().toISOString();
  for (let at = 0; at < facts.length; at += PUSH_SIZE) {
    const slice = facts.slice(at, at + PUSH_SIZE);
    const values = slice.map((_, i) => {
      const p = i * 6;
      return `($${p + 1}::uuid, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}::jsonb, $${p + 6}::timestamptz, ${i}, '${now}')`;
    });
    await database.query(
      `insert into bench_plain_facts (id, store_id, register_id, type, body, device_time, device_seq, server_time)
       values ${values.join(',')}`,
      slice.flatMap((f) => [f.id, f.store, f.register, f.type, JSON.stringify(f), f.deviceTime]),
    );
  }
}

/** server.push.factsPerSec: one register pushing an offline backlog until every fact is acknowledged. */
export async function run(context: BenchContext): Promise<BenchResult[]> {
  const count = Number(process.env['BENCH_PUSH_FACTS'] ?? (context.quick ? 5_000 : 100_000));
  const bench = await startBenchServer();
  try {
    const { sync } = bench;
    await seedCards(sync, CARDS);
    context.log(`push: building ${count} facts`);
    const facts = backlog(count);
    context.log('push: pushing');
    const started = performance.now();
    await pushAll(
      (batch) => sync.push('S1-R1', batch, { sentAt: facts.at(-1)?.deviceTime }),
      facts,
    );
    const seconds = secondsSince(started);
    const load = loadNote();
    context.log(`push: ${seconds.toFixed(1)} s; baseline`);
    const baselineStarted = performance.now();
    await insertPlain(sync.server.database, facts);
    const baselineSeconds = secondsSince(baselineStarted);
    const rate = count / seconds;
    const baselineRate = count / baselineSeconds;
    return [
      {
        name: 'server.push.factsPerSec',
        value: Math.round(rate),
        unit: 'facts/s',
        baseline: Math.round(baselineRate),
        ratio: round(rate / baselineRate, 2),
        target: '> 10,000 /s',
        met: rate > 10_000,
        note: `${count.toLocaleString('en')} offline sales (2 lines, a card each) in pushes of ${PUSH_SIZE}, PostgreSQL; ${load}`,
      },
    ];
  } finally {
    await bench.close();
  }
}
