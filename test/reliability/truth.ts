import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { foldLedger, netBalance, type LedgerFact } from '../../shared/engine/ledger';
import { rewardPointMap } from '../../shared/domain/toEngine';
import {
  PROTOCOL_VERSION,
  type Fact,
  type PushResponse,
  type SaleFact,
} from '../../shared/protocol/sync';
import { facts, ledgerEntries } from '../../sync-server/src/db/schema';
import {
  createCard,
  DeviceSequence,
  pushBody,
  returnFact,
  saleFact,
  STAR,
  testCardNumber,
  type SyncTestServer,
} from '../server/helpers/facts';
import { signIn } from '../server/helpers/fixtures';
import { TEST_START } from '../server/helpers/server';
import { request, withRetry, type HttpAnswer } from './helpers/http';
import { between, pick, seededRandom, shuffled } from './helpers/random';

/**
 * The generator of truth: registers sell, return and pay with points on random cards, go offline
 * for a while, push their outboxes out of order with replays, over a line that loses answers.
 * What every card's ledger must hold is worked out beside it by the engine alone; after the run
 * the server's ledger, its card summaries and each store's feed must equal it, entry for entry.
 */

export type RegisterId = 'S1-R1' | 'S1-R2' | 'S2-R1';
const STORE_OF: Record<RegisterId, string> = { 'S1-R1': 'S1', 'S1-R2': 'S1', 'S2-R1': 'S2' };

export interface ScenarioOptions {
  readonly seed: number;
  readonly rounds: number;
  readonly salesPerRound: number;
  readonly cards: number;
  /** Chance a register is offline for a round (it keeps selling, pushes later). */
  readonly offlineChance: number;
  readonly returnChance: number;
  readonly redeemChance: number;
  /** Chance a push also carries facts already acknowledged (a replay). */
  readonly replayChance: number;
  /** Card numbers start here, so scenarios on one database never share cards. */
  readonly firstCard: number;
  /** A register whose clock runs this many ms ahead (facts flagged, server time used). */
  readonly skewedRegister?: { readonly id: RegisterId; readonly offsetMs: number };
}

export interface ScenarioReport {
  factsMade: number;
  pushes: number;
  replayedFacts: number;
  retries: number;
  reservations: number;
  refusedReservations: number;
  skewFlagged: number;
  entriesCompared: number;
  cardsCompared: number;
  mismatches: string[];
}

interface Expected {
  readonly card: string;
  readonly kind: string;
  readonly points: number;
}

interface RegisterState {
  readonly id: RegisterId;
  readonly seq: DeviceSequence;
  outbox: Fact[];
  acknowledged: Fact[];
  /** Sales with a card and no points paid: what a return may reverse. */
  returnable: SaleFact[];
}

/** The entries a fact adds to the ledger once posted, by the register's own (engine) numbers. */
function entriesOf(fact: Fact): Expected[] {
  if (fact.type !== 'sale') return [];
  return fact.receipt.entries
    .filter((e) => e.kind !== 'redeem')
    .map((e) => ({ card: e.card, kind: e.kind, points: e.points }));
}

function balanceOf(entries: readonly Expected[]): number {
  const ledger: LedgerFact[] = entries.map((e, i) => ({
    id: String(i).padStart(8, '0'),
    rewardPoint: 'STAR',
    kind: e.kind as LedgerFact['kind'],
    points: e.points,
    at: TEST_START,
    vestsAt: null,
    expiresAt: null,
  }));
  return netBalance(foldLedger(ledger, rewardPointMap([STAR])))['STAR'] ?? 0;
}

export async function runScenario(
  sync: SyncTestServer,
  options: ScenarioOptions,
  via: { url: string },
): Promise<ScenarioReport> {
  const random = seededRandom(options.seed);
  const server = sync.server;
  // A session of its own: the scenario moves the clock on by hours, past older sessions.
  const hq = await signIn(server, 'hq');
  const report: ScenarioReport = {
    factsMade: 0,
    pushes: 0,
    replayedFacts: 0,
    retries: 0,
    reservations: 0,
    refusedReservations: 0,
    skewFlagged: 0,
    entriesCompared: 0,
    cardsCompared: 0,
    mismatches: [],
  };
  const cards = Array.from({ length: options.cards }, (_, i) =>
    testCardNumber(options.firstCard + i),
  );
  for (const card of cards) await createCard(server.database, card);
  const expected = new Map<string, Expected[]>(cards.map((c) => [c, []]));
  /** What the server holds and has posted, as the truth sees it: decides online redemptions. */
  const postedTruth = new Map<string, Expected[]>(cards.map((c) => [c, []]));
  const add = (target: Map<string, Expected[]>, entries: Expected[]) =>
    entries.forEach((e) => target.get(e.card)?.push(e));

  const registers: RegisterState[] = (['S1-R1', 'S1-R2', 'S2-R1'] as const).map((id) => ({
    id,
    seq: new DeviceSequence(),
    outbox: [],
    acknowledged: [],
    returnable: [],
  }));
  const clockOf = (register: RegisterId) =>
    server.clock.now() +
    (options.skewedRegister?.id === register ? options.skewedRegister.offsetMs : 0);
  const placement = (r: RegisterState) => ({
    store: STORE_OF[r.id],
    register: r.id,
    deviceTime: new Date(clockOf(r.id)).toISOString(),
  });

  const makeSale = (r: RegisterState) => {
    const card = random() < 0.85 ? pick(random, cards) : null;
    const lines = Array.from({ length: between(random, 1, 3) }, () => {
      const quantity = between(random, 1, 3);
      // A whole unit price times the quantity: a remainder would be a tier discount the card's
      // tier does not give, and the server rightly rejects such a line's points.
      const cents = between(random, 0, 1400) * quantity;
      return {
        net: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
        quantity,
      };
    });
    const made = saleFact({ card, lines, offline: true, ...placement(r) }, r.seq);
    // A sale without a card earns nothing, and its receipt says so.
    const sale = card
      ? made
      : {
          ...made,
          receipt: {
            ...made.receipt,
            lines: made.receipt.lines.map((l) => ({ ...l, earned: {} })),
          },
        };
    r.outbox.push(sale);
    add(expected, entriesOf(sale));
    if (card) r.returnable.push(sale);
  };

  const makeReturn = (r: RegisterState) => {
    const original = r.returnable.splice(Math.floor(random() * r.returnable.length), 1)[0];
    if (!original) return;
    const returned = original.receipt.lines
      .filter(() => random() < 0.7)
      .map((l) => ({ id: l.id, quantity: between(random, 1, l.quantity) }));
    if (returned.length === 0) return;
    const fact = returnFact(original, returned, placement(r), r.seq);
    r.outbox.push(fact);
    add(expected, entriesOf(fact));
  };

  const push = async (r: RegisterState) => {
    if (r.outbox.length === 0) return;
    const replays = random() < options.replayChance ? r.acknowledged.slice(-3) : [];
    const batch = shuffled(random, [...r.outbox, ...replays]);
    report.replayedFacts += replays.length;
    const answer: HttpAnswer<PushResponse> = await withRetry(
      () =>
        request<PushResponse>(`${via.url}/api/sync/push`, 'POST', {
          token: sync.registers[r.id],
          body: pushBody(batch, { sentAt: new Date(clockOf(r.id)).toISOString() }),
        }),
      report,
    );
    report.pushes++;
    if (answer.status !== 200) {
      report.mismatches.push(`push of ${r.id} answered ${answer.status}`);
      return;
    }
    const stored = new Set<string>();
    for (const result of answer.body.results) {
      if (result.status === 'rejected')
        report.mismatches.push(`fact ${result.id} of ${r.id} rejected: ${result.reason}`);
      else stored.add(result.id);
      if (result.clockSkew && result.status === 'accepted') report.skewFlagged++;
    }
    const acked = r.outbox.filter((f) => stored.has(f.id));
    r.acknowledged.push(...acked);
    r.outbox = r.outbox.filter((f) => !stored.has(f.id));
    acked.forEach((f) => add(postedTruth, entriesOf(f)));
  };

  const redeem = async (r: RegisterState) => {
    const card = pick(random, cards);
    const available = balanceOf(postedTruth.get(card) ?? []);
    const cents = between(random, 1, Math.max(2, available * 2));
    const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
    const tender = randomUUID();
    const body = {
      protocol: PROTOCOL_VERSION,
      tender,
      card,
      amount,
      lines: [{ id: '1', product: 'P1', category: 'GENERAL', quantity: 1, netAmount: amount }],
    };
    type Answer = { ok: boolean; entries?: { id: string; points: number; lots: [] }[] };
    const answer = await withRetry(
      () =>
        request<Answer>(`${via.url}/api/sync/reserve`, 'POST', {
          token: sync.registers[r.id],
          body,
        }),
      report,
    );
    report.reservations++;
    const shouldGrant = cents <= available;
    if (answer.body.ok !== shouldGrant)
      report.mismatches.push(
        `reservation of ${cents} points on ${card} (truth: ${available} available) answered ok=${answer.body.ok}`,
      );
    if (!answer.body.ok) {
      report.refusedReservations++;
      return;
    }
    const spends = (answer.body.entries ?? []).map((e) => ({
      card,
      kind: 'redeem',
      points: e.points,
    }));
    add(expected, spends);
    add(postedTruth, spends);
    // The paying sale: what is not paid with points earns.
    const sale = saleFact(
      {
        card,
        offline: false,
        lines: [{ net: amount, paid: amount }],
        spends: (answer.body.entries ?? []).map((e) => ({
          id: e.id,
          points: e.points,
          lots: e.lots,
        })),
        redeemedByLine: { '1': cents },
        ...placement(r),
      },
      r.seq,
    );
    r.outbox.push(sale);
    add(expected, entriesOf(sale));
  };

  for (let round = 0; round < options.rounds; round++) {
    const online = registers.filter(() => random() >= options.offlineChance);
    for (const r of registers) {
      for (let i = 0; i < options.salesPerRound; i++) {
        if (random() < options.returnChance && r.returnable.length > 0) makeReturn(r);
        else makeSale(r);
      }
    }
    for (const r of online) await push(r);
    await runPostJob(sync, via, hq);
    for (const r of online) if (random() < options.redeemChance) await redeem(r);
    server.clock.advance(between(random, 1, 30) * 60_000);
  }
  for (const r of registers) await push(r);
  for (const r of registers) await push(r);
  await runPostJob(sync, via, hq);
  report.factsMade = registers.reduce((n, r) => n + r.acknowledged.length + r.outbox.length, 0);
  for (const r of registers)
    if (r.outbox.length > 0) report.mismatches.push(`${r.id} kept ${r.outbox.length} facts unsent`);
  await compareWithServer(sync, hq, expected, cards, registers, report);
  return report;
}

export async function runPostJob(
  sync: SyncTestServer,
  via: { url: string },
  hq: string = sync.hq,
): Promise<void> {
  type Run = { id: number; status: string };
  const counters = { retries: 0 };
  let run = (
    await withRetry(
      () =>
        request<Run>(`${via.url}/api/jobs/post-offline-earnings/run`, 'POST', {
          token: hq,
          body: {},
        }),
      counters,
    )
  ).body;
  // A long run answers 202 while it goes on: wait for its record to end.
  while (run.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const runs = await withRetry(
      () =>
        request<Run[]>(`${via.url}/api/jobs/post-offline-earnings/runs`, 'GET', {
          token: hq,
        }),
      counters,
    );
    run = runs.body.find((r) => r.id === run.id) ?? run;
  }
  if (run.status !== 'succeeded')
    throw new Error(`the post job did not succeed: ${JSON.stringify(run)}`);
}

const sortedKey = (entries: readonly Expected[]) =>
  entries
    .map((e) => `${e.kind}:${e.points}`)
    .sort()
    .join(',');

/** Sums per card and kind: the server may split one earn entry of the register over the lines. */
function byKind(entries: readonly Expected[]): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const e of entries) sums[e.kind] = (sums[e.kind] ?? 0) + e.points;
  return sums;
}

async function compareWithServer(
  sync: SyncTestServer,
  hq: string,
  expected: Map<string, Expected[]>,
  cards: readonly string[],
  registers: readonly RegisterState[],
  report: ScenarioReport,
): Promise<void> {
  const db = sync.server.database.db;
  const made = registers.flatMap((r) => r.acknowledged);
  const stored = await db
    .select({ id: facts.id, status: facts.status, reason: facts.reason })
    .from(facts);
  const storedIds = new Map(stored.map((f) => [f.id, f]));
  for (const fact of made) {
    const row = storedIds.get(fact.id);
    if (row?.status !== 'posted')
      report.mismatches.push(`fact ${fact.id} is ${row?.status ?? 'missing'}: ${row?.reason}`);
  }
  for (const card of cards) {
    const truth = expected.get(card) ?? [];
    const rows = await db
      .select({
        kind: ledgerEntries.kind,
        points: ledgerEntries.points,
        status: ledgerEntries.status,
      })
      .from(ledgerEntries)
      .where(eq(ledgerEntries.cardNumber, card));
    const posted = rows.filter((row) => row.status === 'posted');
    if (posted.length !== rows.length)
      report.mismatches.push(`${card}: ${rows.length - posted.length} entries not posted`);
    const wantKinds = byKind(truth);
    const haveKinds = byKind(posted.map((row) => ({ card, ...row })));
    if (JSON.stringify(sortObject(wantKinds)) !== JSON.stringify(sortObject(haveKinds)))
      report.mismatches.push(
        `${card}: ledger by kind ${JSON.stringify(haveKinds)}, truth ${JSON.stringify(wantKinds)}`,
      );
    const nonEarn = (list: readonly Expected[]) => list.filter((e) => e.kind !== 'earn');
    if (sortedKey(nonEarn(truth)) !== sortedKey(nonEarn(posted.map((row) => ({ card, ...row })))))
      report.mismatches.push(`${card}: redeem and return entries differ from the truth`);
    report.entriesCompared += posted.length;
    const balance = balanceOf(truth);
    const view = await request<{
      balances: { rewardPoint: string; posted: number; pending: number }[];
    }>(`${sync.server.url}/api/cards/${card}`, 'GET', { token: hq });
    const star = view.body.balances.find((b) => b.rewardPoint === 'STAR');
    if ((star?.posted ?? 0) !== balance || (star?.pending ?? 0) !== 0)
      report.mismatches.push(
        `${card}: card summary posted ${star?.posted} pending ${star?.pending}, truth ${balance}`,
      );
    report.cardsCompared++;
  }
  await compareFeeds(sync, hq, expected, report);
}

const sortObject = (record: Record<string, number>) =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));

type FeedCard = {
  collection: string;
  key: string;
  data: { lots: { rewardPoint: string; remaining: number }[]; debt: Record<string, number> } | null;
};

/** Each store's feed, after the 1050 job: its latest summary of every card must hold the truth. */
async function compareFeeds(
  sync: SyncTestServer,
  hq: string,
  expected: Map<string, Expected[]>,
  report: ScenarioReport,
): Promise<void> {
  const run = await request<{ status: string }>(
    `${sync.server.url}/api/jobs/distribution-1050/run`,
    'POST',
    { token: hq, body: {} },
  );
  if (run.body.status !== 'succeeded') report.mismatches.push('the 1050 job did not succeed');
  for (const register of ['S1-R1', 'S2-R1'] as const) {
    const latest = new Map<string, FeedCard['data']>();
    let after = 0;
    for (;;) {
      const page = await request<{ changes: FeedCard[]; checkpoint: number; hasMore: boolean }>(
        `${sync.server.url}/api/sync/feed?after=${after}&limit=5000`,
        'GET',
        { token: sync.registers[register] },
      );
      for (const change of page.body.changes)
        if (change.collection === 'card') latest.set(change.key, change.data);
      after = page.body.checkpoint;
      if (!page.body.hasMore) break;
    }
    for (const [card, truth] of expected) {
      const data = latest.get(card);
      const held = data
        ? data.lots.filter((l) => l.rewardPoint === 'STAR').reduce((n, l) => n + l.remaining, 0) -
          (data.debt['STAR'] ?? 0)
        : 0;
      if (held !== balanceOf(truth))
        report.mismatches.push(
          `${register} feed: ${card} holds ${held}, truth ${balanceOf(truth)}`,
        );
    }
  }
}
