import { setTimeout as sleep } from 'node:timers/promises';
import { migrate } from '../sync-server/src/db/migrate';
import { PROTOCOL_VERSION, type Fact } from '../shared/protocol/sync';
import { postgresBackend } from '../test/server/helpers/backends';
import { BASICS, PINS, seedBasics } from '../test/server/helpers/fixtures';
import { DeviceSequence, saleFact, seedScheme } from '../test/server/helpers/facts';
import { startServerProcess } from '../test/server/helpers/process';
import { percentile, round, type BenchContext, type BenchResult } from './lib/results';
import { loadNote } from './lib/machine';
import { requireDatabaseUrl } from './lib/server';
import { hashToken, randomToken } from '../sync-server/src/auth/secrets';
import { REGISTER_TOKEN_PREFIX } from '../sync-server/src/auth/principal';
import type { Database } from '../sync-server/src/db/database';
import { jobDefinitions } from '../sync-server/src/jobs/registry';

const CARDS = 10_000;
/**
 * A register's pause between rounds (a feed pull and a one-sale push), drawn evenly around this.
 * A register pulls every minute (or when told by its event stream) and pushes after a sale, so a
 * round every 5 s is a busy store: 500 registers make about 200 requests a second.
 */
const PAUSE_MS = 5_000;

interface Sizes {
  readonly registers: number;
  readonly streams: number;
  readonly seconds: number;
}

interface Register {
  readonly id: string;
  readonly store: 'S1' | 'S2';
  readonly token: string;
}

async function seed(database: Database, count: number): Promise<Register[]> {
  await migrate(database);
  await seedBasics(database);
  await seedScheme(database);
  await database.query(
    `insert into cards (number, program_id, tier_id, enrolment_source)
     select '9' || lpad(n::text, 9, '0'), 'MAIN', 'BASE', 'headOffice' from generate_series(1, $1::int) n`,
    [CARDS],
  );
  // BENCH_LOAD_JOBS=off (or a list of job names): those jobs do not run during the measurement,
  // to tell their share of the tail.
  const off = jobsOff();
  if (off.length > 0)
    await database.query(
      `insert into job_schedules (name, cron, enabled)
       select name, '* * * * *', false from unnest($1::text[]) name`,
      [off],
    );
  const registers: Register[] = [];
  for (let i = 0; i < count; i += 1) {
    const store = i % 2 === 0 ? 'S1' : 'S2';
    const register = {
      id: `LOAD-${i}`,
      store,
      token: `${REGISTER_TOKEN_PREFIX}${randomToken()}`,
    } as const;
    await database.query(
      `insert into registers (id, store_id, name, enrolment_state, token_hash, enrolled_at)
       values ($1, $2, $1, 'enrolled', $3, now())`,
      [register.id, register.store, await hashToken(register.token)],
    );
    registers.push(register);
  }
  return registers;
}

function jobsOff(): string[] {
  const setting = process.env['BENCH_LOAD_JOBS'] ?? '';
  if (setting === 'off') return jobDefinitions.map((job) => job.name);
  return setting.split(',').filter((name) => jobDefinitions.some((job) => job.name === name));
}

/** Timings and failures of every request the simulated registers made. */
class Tally {
  readonly times: number[] = [];
  readonly byKind = new Map<string, number[]>();
  readonly errors: string[] = [];

  async time(what: string, request: () => Promise<Response>): Promise<Response | null> {
    const started = performance.now();
    try {
      const response = await request();
      const body = await response.text();
      const took = performance.now() - started;
      this.times.push(took);
      this.byKind.set(what, [...(this.byKind.get(what) ?? []), took]);
      if (response.status !== 200)
        this.errors.push(`${what}: ${response.status} ${body.slice(0, 200)}`);
      return response.status === 200 ? new Response(body) : null;
    } catch (error) {
      this.errors.push(`${what}: ${(error as Error).message}`);
      return null;
    }
  }
}

/**
 * One register: pull the feed, push a sale it made, pause; until the deadline. It starts from
 * `checkpoint`, as a register that has loaded its store's data.
 */
async function simulate(
  base: string,
  register: Register,
  deadline: number,
  tally: Tally,
  from: number,
) {
  const seq = new DeviceSequence();
  const headers = { authorization: `Bearer ${register.token}`, 'content-type': 'application/json' };
  let checkpoint = from;
  await sleep(Math.random() * PAUSE_MS);
  while (Date.now() < deadline) {
    const feed = await tally.time('feed', () =>
      fetch(`${base}/api/sync/feed?after=${checkpoint}&limit=1000`, { headers }),
    );
    if (feed) checkpoint = ((await feed.json()) as { checkpoint: number }).checkpoint;
    const card = `9${String(1 + Math.floor(Math.random() * CARDS)).padStart(9, '0')}`;
    const fact: Fact = saleFact(
      {
        card,
        lines: [{ net: '12.50' }, { net: '3.20' }],
        store: register.store,
        register: register.id,
        deviceTime: new Date().toISOString(),
      },
      seq,
    );
    await tally.time('push', () =>
      fetch(`${base}/api/sync/push`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          protocol: PROTOCOL_VERSION,
          facts: [fact],
          sentAt: new Date().toISOString(),
        }),
      }),
    );
    await sleep(PAUSE_MS / 2 + Math.random() * PAUSE_MS);
  }
}

/**
 * Job 1050 once before the measurement, and each store's checkpoint after it: the registers start
 * where a register stands once it has loaded its store (a first start is measured on its own, by
 * the snapshot benchmark), so the jobs' ticks during the window distribute what the window changed.
 */
async function distributeOnce(base: string, database: Database): Promise<Map<string, number>> {
  const signIn = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ staff: BASICS.staff.hq, pin: PINS.hq }),
  });
  const { token } = (await signIn.json()) as { token: string };
  const run = await fetch(`${base}/api/jobs/distribution-1050/run`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{}',
  });
  let record = (await run.json()) as { id?: number; status?: string };
  // A long run is answered while it goes on; its record says when it ended.
  while (record.status === 'running') {
    await sleep(200);
    const runs = await fetch(`${base}/api/jobs/distribution-1050/runs`, {
      headers: { authorization: `Bearer ${token}` },
    });
    record = ((await runs.json()) as { id: number; status: string }[]).find(
      (r) => r.id === record.id,
    ) ?? { status: 'lost' };
  }
  if (record.status !== 'succeeded')
    throw new Error(`1050 before the load: ${JSON.stringify(record)}`);
  const { rows } = await database.query<{ store_id: string; last_seq: number }>(
    `select store_id, max(last_seq)::bigint as last_seq from distribution_versions group by store_id`,
  );
  return new Map(rows.map((row) => [row.store_id, Number(row.last_seq)]));
}

/** Opens an event stream and keeps reading it until aborted; counts a stream that drops. */
async function holdStream(base: string, register: Register, stop: AbortSignal, tally: Tally) {
  try {
    const response = await fetch(`${base}/api/sync/events`, {
      headers: { authorization: `Bearer ${register.token}` },
      signal: stop,
    });
    if (response.status !== 200 || !response.body) {
      tally.errors.push(`events: ${response.status}`);
      return;
    }
    const reader = response.body.getReader();
    while (!(await reader.read()).done);
    if (!stop.aborted) tally.errors.push('events: the stream ended early');
  } catch (error) {
    if (!stop.aborted) tally.errors.push(`events: ${(error as Error).message}`);
  }
}

/**
 * server.load.p99.ms: registers pulling the feed and pushing sales at once against the server
 * running as its own process (jobs on their schedules), with event streams held open meanwhile.
 */
export async function run(context: BenchContext): Promise<BenchResult[]> {
  const sizes: Sizes = context.quick
    ? { registers: 50, streams: 100, seconds: 10 }
    : { registers: 500, streams: 1_000, seconds: Number(process.env['BENCH_LOAD_SECONDS'] ?? 60) };
  const backend = await postgresBackend(requireDatabaseUrl());
  const database = await backend.open();
  let server: Awaited<ReturnType<typeof startServerProcess>> | undefined;
  try {
    const registers = await seed(database, sizes.registers);
    server = await startServerProcess(backend.env);
    const base = server.url;
    const loaded = await distributeOnce(base, database);
    const tally = new Tally();
    const stop = new AbortController();
    context.log(`load: ${sizes.streams} event streams`);
    const streams = Array.from({ length: sizes.streams }, (_, i) =>
      holdStream(base, registers[i % registers.length] as Register, stop.signal, tally),
    );
    await sleep(2_000);
    context.log(`load: ${sizes.registers} registers for ${sizes.seconds} s`);
    const deadline = Date.now() + sizes.seconds * 1000;
    await Promise.all(
      registers.map((register) =>
        simulate(base, register, deadline, tally, loaded.get(register.store) ?? 0),
      ),
    );
    const load = loadNote();
    stop.abort();
    await Promise.all(streams);
    const p99 = percentile(tally.times, 99);
    const p50 = percentile(tally.times, 50);
    if (tally.errors.length > 0) context.log(`load: first error: ${tally.errors[0]}`);
    const kinds = [...tally.byKind]
      .map(([kind, times]) => `${kind} p99 ${round(percentile(times, 99), 1)} ms`)
      .join(', ');
    return [
      {
        name: 'server.load.p99.ms',
        value: round(p99, 1),
        unit: 'ms',
        baseline: null,
        ratio: null,
        target: '< 200 ms, no errors',
        met: p99 < 200 && tally.errors.length === 0,
        note: `${sizes.registers} registers (a feed pull and a one-sale push about every ${PAUSE_MS / 1000} s each) for ${sizes.seconds} s with ${sizes.streams} open event streams: ${tally.times.length} requests, p50 ${round(p50, 1)} ms, ${kinds}, ${tally.errors.length} errors; server in its own process, jobs on their schedules${jobsOff().length > 0 ? ` except ${jobsOff().join(', ')}` : ''}; ${load}`,
      },
    ];
  } finally {
    await server?.stop();
    await database.close();
    await backend.remove();
  }
}
