import { and, asc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { cardNumberFor } from '../../../shared/engine/cardNumbers';
import { rewardPointMap, schemeRules } from '../../../shared/domain/toEngine';
import type { Scheme } from '../../../shared/domain/loyalty';
import { hashPin } from '../auth/secrets';
import { CARD_NUMBER_FORMAT, takeSequence } from '../cards/numberSequence';
import type { Database, Session } from '../db/database';
import {
  affiliations,
  cards,
  customers,
  otherActivityTypes,
  productPrices,
  products,
  programs,
  registers,
  rewardPoints,
  sales,
  schemes,
  staff,
  stores,
  tiers,
  vatRates,
} from '../db/schema';
import { readMark, writeMark } from '../expiry/marks';
import { rememberExpiryRules } from '../expiry/redate';
import { postEntries } from '../ledger/post';
import { markBalancesNotified } from '../notifications/notices';
import { toTierRules } from '../tiers/rules';
import { demoCatalogue } from './catalogue';
import { planCard, type PlanContext } from './cardPlan';
import {
  DEMO_ACTIVITY_TYPES,
  DEMO_AFFILIATIONS,
  DEMO_COUNTRY,
  DEMO_CURRENCY,
  DEMO_EARNING,
  DEMO_PROGRAM,
  DEMO_REDEMPTION,
  DEMO_REWARD_POINTS,
  DEMO_SCHEME,
  DEMO_STAFF,
  DEMO_STORES,
  DEMO_TIERS,
  DEMO_VAT_RATES,
} from './masterData';
import { randomFor } from './random';

export const DEMO_CARD_COUNT = 2500;
/** DEMO_CARDS from the environment (a smaller demo for quick tries and smoke tests), or the default. */
export function demoCardCount(env: NodeJS.ProcessEnv = process.env): number {
  const text = env['DEMO_CARDS'];
  if (text === undefined || text === '') return DEMO_CARD_COUNT;
  const count = Number(text);
  if (!Number.isSafeInteger(count) || count < 1 || count > 1_000_000)
    throw new Error(`DEMO_CARDS must be a whole number from 1 to 1000000, got "${text}"`);
  return count;
}

/** Cards per transaction: small enough to keep PGlite's memory flat, big enough to be quick. */
const CARDS_PER_BATCH = 250;
const SEED = 4242;
const FIRST_SEQUENCE_MARK = 'demo.firstCardSequence';
const CARD_COUNT_MARK = 'demo.cardCount';
const DONE_MARK = 'demo.cards';

/** What seed-demo prints as its last line (CONTRACT.md). */
export interface DemoSummary {
  readonly stores: { id: string; registers: string[] }[];
  readonly staff: { id: string; role: string; pin: string }[];
  readonly cards: string[];
}

export interface SeedOutcome {
  /** False when the database already held the demo and nothing was written. */
  readonly created: boolean;
  readonly summary: DemoSummary;
}

export interface SeedOptions {
  /** The instant the demo's history leads up to. */
  readonly now: number;
  readonly cardCount?: number;
  readonly log?: (line: string) => void;
}

const demoScheme: Scheme = {
  id: DEMO_SCHEME.id,
  version: DEMO_SCHEME.version,
  name: 'Demo scheme',
  program: DEMO_PROGRAM,
  validFrom: null,
  validTo: null,
  stores: DEMO_STORES.map((s) => s.id),
  earning: DEMO_EARNING,
  redemption: DEMO_REDEMPTION,
  excludedAffiliations: [],
};

export function planContext(now: number): PlanContext {
  return {
    now,
    catalogue: demoCatalogue(),
    scheme: schemeRules(demoScheme, DEMO_CURRENCY),
    rewardPoints: rewardPointMap(DEMO_REWARD_POINTS.map((rp) => ({ ...rp }))),
    tiers: DEMO_TIERS.map(toTierRules),
  };
}

/** Whether the demo is there: absent, made, or made partway (seeding stopped; it resumes). */
async function demoState(session: Session): Promise<'absent' | 'partial' | 'complete'> {
  if ((await readMark(session, DONE_MARK)) !== null) return 'complete';
  const [program] = await session.db
    .select({ id: programs.id })
    .from(programs)
    .where(eq(programs.id, DEMO_PROGRAM));
  if (program) return 'partial';
  const [other] = await session.db.select({ id: stores.id }).from(stores).limit(1);
  const [otherProgram] = await session.db.select({ id: programs.id }).from(programs).limit(1);
  if (other || otherProgram)
    throw new Error(
      'the database already holds stores or programs that are not the demo; seed-demo only fills an empty database',
    );
  return 'absent';
}

/** True when the database has no demo and no data of its own (what `npm start` seeds). */
export async function isEmptyDatabase(session: Session): Promise<boolean> {
  const [store] = await session.db.select({ id: stores.id }).from(stores).limit(1);
  const [program] = await session.db.select({ id: programs.id }).from(programs).limit(1);
  return !store && !program;
}

async function insertMasterData(tx: Session, cardCount: number): Promise<void> {
  const db = tx.db;
  await db.insert(rewardPoints).values(DEMO_REWARD_POINTS.map((rp) => ({ ...rp })));
  await db.insert(programs).values({ id: DEMO_PROGRAM, name: 'Demo rewards' });
  await db.insert(tiers).values(DEMO_TIERS.map((tier) => ({ ...tier, programId: DEMO_PROGRAM })));
  await db.insert(affiliations).values(DEMO_AFFILIATIONS.map((a) => ({ ...a })));
  await db.insert(schemes).values({
    id: demoScheme.id,
    version: demoScheme.version,
    name: demoScheme.name ?? null,
    programId: DEMO_PROGRAM,
    status: 'active',
    stores: demoScheme.stores,
    earning: demoScheme.earning,
    redemption: demoScheme.redemption,
    excludedAffiliations: demoScheme.excludedAffiliations,
    activatedAt: sql`now()`,
  });
  await db.insert(otherActivityTypes).values(
    DEMO_ACTIVITY_TYPES.map((t) => ({
      id: t.id,
      name: t.name,
      rewardPointId: t.rewardPointId,
      points: t.points,
      perCustomerLimit: t.limit,
    })),
  );
  for (const store of DEMO_STORES) {
    await db.insert(stores).values({
      id: store.id,
      name: store.name,
      address: store.address,
      country: store.country,
      currency: DEMO_CURRENCY,
      timeZone: store.timeZone,
      programId: DEMO_PROGRAM,
      profile: store.profile,
    });
    await db
      .insert(registers)
      .values(store.registers.map((id, i) => ({ id, storeId: store.id, name: `Till ${i + 1}` })));
  }
  for (const person of DEMO_STAFF) {
    await db.insert(staff).values({
      id: person.id,
      name: person.name,
      role: person.role,
      stores: [...person.stores],
      pinHash: await hashPin(person.pin),
    });
  }
  await db.insert(vatRates).values(
    Object.entries(DEMO_VAT_RATES).map(([category, rate]) => ({
      country: DEMO_COUNTRY,
      category,
      rate,
    })),
  );
  const catalogue = demoCatalogue();
  await db.insert(products).values(catalogue.map(({ priceMinor: _, ...product }) => product));
  await db.insert(productPrices).values(
    catalogue.map((p) => ({
      productId: p.id,
      currency: DEMO_CURRENCY,
      priceMinor: p.priceMinor,
    })),
  );
  // The demo's card numbers are cut from the one counter every other issuer uses.
  await writeMark(tx, FIRST_SEQUENCE_MARK, await takeSequence(tx, cardCount));
  await writeMark(tx, CARD_COUNT_MARK, cardCount);
}

async function seedCardBatch(
  database: Database,
  context: PlanContext,
  indices: readonly number[],
  firstSequence: number,
): Promise<number> {
  const numbers = indices.map((i) => cardNumberFor(CARD_NUMBER_FORMAT, firstSequence + i));
  const existing = await database.db
    .select({ number: cards.number })
    .from(cards)
    .where(inArray(cards.number, numbers));
  // A batch is written in one transaction: either all its cards are there, or none.
  if (existing.length > 0) return 0;
  const plans = indices.map((index, k) =>
    planCard(randomFor(SEED, index), index, numbers[k] ?? '', context),
  );
  const rps = context.rewardPoints;
  await database.transaction(async (tx) => {
    const people = plans.flatMap((p) => (p.customer ? [p.customer] : []));
    if (people.length > 0) await tx.db.insert(customers).values(people);
    await tx.db.insert(cards).values(plans.map((p) => p.card));
    const receipts = plans.flatMap((p) => p.sales);
    if (receipts.length > 0) await tx.db.insert(sales).values(receipts);
    const entries = plans.flatMap((p) => p.entries);
    await postEntries(tx, entries, rps, new Date(context.now));
  });
  return plans.reduce((sum, p) => sum + p.entries.length, 0);
}

/**
 * Fills an empty database with the demo (CONTRACT.md `seed-demo`): the same data every time. On a
 * database that has the demo it writes nothing; one whose seeding stopped partway is completed.
 */
export async function seedDemo(database: Database, options: SeedOptions): Promise<SeedOutcome> {
  const log = options.log ?? (() => undefined);
  const state = await demoState(database);
  if (state === 'complete') return { created: false, summary: await demoSummary(database) };
  if (state === 'absent') {
    log('Writing the demo master data (program, tiers, scheme, stores, staff, catalogue)...');
    const count = options.cardCount ?? DEMO_CARD_COUNT;
    await database.transaction((tx) => insertMasterData(tx, count));
  } else {
    log('Completing a demo whose seeding stopped partway...');
  }
  // A resumed seeding makes the cards the first one reserved numbers for.
  const cardCount = await readMark(database, CARD_COUNT_MARK);
  const firstSequence = await readMark(database, FIRST_SEQUENCE_MARK);
  if (firstSequence === null || cardCount === null)
    throw new Error('the demo has no card numbers reserved');
  const context = planContext(options.now);
  let entries = 0;
  for (let from = 0; from < cardCount; from += CARDS_PER_BATCH) {
    const indices = Array.from(
      { length: Math.min(CARDS_PER_BATCH, cardCount - from) },
      (_, k) => from + k,
    );
    entries += await seedCardBatch(database, context, indices, firstSequence);
    log(`  cards ${Math.min(from + CARDS_PER_BATCH, cardCount)}/${cardCount}`);
  }
  log(`Posted ${entries} ledger entries.`);
  // The seeded balances are history, not news: customers get updates for what changes from now on.
  await markBalancesNotified(database);
  await rememberExpiryRules(database, context.rewardPoints);
  await writeMark(database, DONE_MARK, cardCount);
  return { created: true, summary: await demoSummary(database) };
}

/** A few cards worth trying at the register: one per tier, and an anonymous one. */
async function showcaseCards(session: Session): Promise<string[]> {
  const picked: string[] = [];
  for (const tier of [...DEMO_TIERS].reverse()) {
    const [card] = await session.db
      .select({ number: cards.number })
      .from(cards)
      .where(
        and(eq(cards.tierId, tier.id), eq(cards.status, 'active'), isNotNull(cards.customerId)),
      )
      .orderBy(asc(cards.number))
      .limit(1);
    if (card) picked.push(card.number);
  }
  const [anonymous] = await session.db
    .select({ number: cards.number })
    .from(cards)
    .where(and(eq(cards.programId, DEMO_PROGRAM), isNull(cards.customerId)))
    .orderBy(asc(cards.number))
    .limit(1);
  if (anonymous) picked.push(anonymous.number);
  return picked;
}

export async function demoSummary(session: Session): Promise<DemoSummary> {
  return {
    stores: DEMO_STORES.map((s) => ({ id: s.id, registers: [...s.registers] })),
    staff: DEMO_STAFF.map((p) => ({ id: p.id, role: p.role, pin: p.pin })),
    cards: await showcaseCards(session),
  };
}

/** The summary as people read it; the JSON line comes after it. */
export function describeSummary(summary: DemoSummary): string[] {
  return [
    'Stores and registers:',
    ...summary.stores.map((s) => `  ${s.id}: ${s.registers.join(', ')}`),
    'Staff (id, role, PIN):',
    ...summary.staff.map((p) => `  ${p.id.padEnd(7)} ${p.role.padEnd(10)} ${p.pin}`),
    `Cards to try: ${summary.cards.join(', ')}`,
  ];
}
