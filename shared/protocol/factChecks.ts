import type { EntryDraft, Fact, SaleFact } from './sync';

/**
 * Checks on a pushed fact that need nothing but the fact itself, made before it is stored: what a
 * register's own bug could never produce and a tampered one would use. Each answers the reason a
 * fact is refused, or null.
 */
export interface FactLimits {
  /** The most points, either sign, any one amount of one fact may carry (well below 2^53). */
  readonly maxPointsPerFact: number;
}

/** A default far above any real sale's points and far below where sums could lose precision. */
export const DEFAULT_MAX_POINTS_PER_FACT = 10_000_000;

function* pointsOfEntry(entry: EntryDraft): Generator<number> {
  yield entry.points;
  yield* Object.values(entry.rules);
  yield entry.cropped;
  for (const lot of entry.lots) yield lot.points;
}

function* pointsOfSale(receipt: SaleFact['receipt']): Generator<number> {
  for (const line of receipt.lines) {
    yield* Object.values(line.earned);
    yield* Object.values(line.redeemed);
  }
  for (const tender of receipt.tenders) yield* Object.values(tender.points ?? {});
  for (const entry of receipt.entries) yield* pointsOfEntry(entry);
}

function* pointsOf(fact: Fact): Generator<number> {
  if (fact.type === 'sale') yield* pointsOfSale(fact.receipt);
  else if (fact.type === 'ledgerEntry') yield* pointsOfEntry(fact.entry);
}

/** Every point amount within the per-fact maximum, and their sum too. */
export function pointsOutOfBounds(fact: Fact, limits: FactLimits): string | null {
  let sum = 0;
  for (const value of pointsOf(fact)) {
    sum += Math.abs(value);
    if (Math.abs(value) > limits.maxPointsPerFact || sum > Number.MAX_SAFE_INTEGER)
      return `points out of bounds: ${value} is beyond the ${limits.maxPointsPerFact} one fact may carry`;
  }
  return null;
}

/** A line id names one line: a return reverses the points of exactly that line. */
export function duplicateLineId(fact: Fact): string | null {
  if (fact.type !== 'sale') return null;
  const seen = new Set<string>();
  for (const line of fact.receipt.lines) {
    if (seen.has(line.id)) return `line id ${line.id} appears twice on the receipt`;
    seen.add(line.id);
  }
  return null;
}

/**
 * The first reason this fact is refused before it is stored, or null. A sale is never refused for
 * its points or line ids (the money was taken): see saleLoyaltyRefusal.
 */
export function factRefusal(fact: Fact, limits: FactLimits): string | null {
  if (fact.type === 'sale') return null;
  return pointsOutOfBounds(fact, limits);
}

/**
 * The reason a sale's loyalty part is refused at ingest, or null: the sale is stored without its
 * entries (so no out-of-bounds amount reaches a balance) and kept by the post job with its loyalty
 * part rejected, listed for review.
 */
export function saleLoyaltyRefusal(fact: Fact, limits: FactLimits): string | null {
  if (fact.type !== 'sale') return null;
  return pointsOutOfBounds(fact, limits) ?? duplicateLineId(fact);
}
