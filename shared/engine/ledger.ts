import { addPeriod, type Instant } from '../units/time';
import { lotState, spendOrder } from './lots';
import type { Lot, LotUse, RewardPointRules } from './model';
import { points } from '../units/integers';

export const ENTRY_KINDS = [
  'earn',
  'redeem',
  'refundRedeem',
  'returnEarn',
  'adjust',
  'transferIn',
  'transferOut',
  'expire',
  'activity',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** Where an entry was made: at the server, or at a register while offline (posted later). */
export const ENTRY_ORIGINS = ['online', 'offline'] as const;
/** An offline entry is pending until the post job posts or rejects it. */
export const ENTRY_STATUSES = ['pending', 'posted', 'rejected'] as const;

/** What the fold needs of a posted ledger entry. */
export interface LedgerFact {
  readonly id: string;
  readonly rewardPoint: string;
  readonly kind: EntryKind;
  /** Signed: positive entries create a lot, negative ones take from lots. */
  readonly points: number;
  /** When the entry took effect (earned at); the fold orders entries by it, then by id. */
  readonly at: Instant;
  readonly vestsAt: Instant | null;
  readonly expiresAt: Instant | null;
  /** For a spend or an expiry: the lots it took from, as recorded when it happened. */
  readonly lots?: readonly LotUse[];
  /** For a return: the earn entry whose lot gives back first. */
  readonly reverses?: string | null;
}

export interface RewardPointLedger {
  readonly lots: readonly Lot[];
  /** Points owed after a return took more than was left; the next increases pay it first. */
  readonly debt: number;
}

export type CardLedger = Record<string, RewardPointLedger>;

/** Expiry of a lot: static keeps the recorded date, dynamic follows the reward point's current period. */
export function lotExpiry(
  rp: RewardPointRules | undefined,
  earnedAt: Instant,
  recorded: Instant | null,
): Instant | null {
  if (!rp || rp.expiryCalculation === 'static') return recorded;
  return rp.expiry === null ? null : addPeriod(earnedAt, rp.expiry);
}

/** Kinds whose points are newly earned, and so wait out the vesting period. */
const VESTING_KINDS: readonly EntryKind[] = ['earn', 'activity'];

/**
 * Vesting and expiry of a new lot. Only earned points vest; points given back or moved (a refund,
 * a transfer, an adjustment) are usable at once. Every new lot expires after the reward point's
 * period from its own date.
 */
export function datesForNewLot(
  rp: RewardPointRules | undefined,
  earnedAt: Instant,
  kind: EntryKind = 'earn',
): { vestsAt: Instant | null; expiresAt: Instant | null } {
  return {
    vestsAt: rp?.vesting && VESTING_KINDS.includes(kind) ? addPeriod(earnedAt, rp.vesting) : null,
    expiresAt: rp?.expiry ? addPeriod(earnedAt, rp.expiry) : null,
  };
}

export function compareFacts(
  a: Pick<LedgerFact, 'at' | 'id'>,
  b: Pick<LedgerFact, 'at' | 'id'>,
): number {
  if (a.at !== b.at) return a.at - b.at;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

interface MutableLot {
  id: string;
  rewardPoint: string;
  remaining: number;
  earnedAt: Instant;
  vestsAt: Instant | null;
  expiresAt: Instant | null;
}

interface MutableLedger {
  lots: MutableLot[];
  byId: Map<string, MutableLot>;
  debt: number;
}

/** The order in which a negative entry without recorded lots takes points. */
function takeOrder(ledger: MutableLedger, fact: LedgerFact): MutableLot[] {
  const live = ledger.lots.filter((lot) => lot.remaining > 0);
  const byState = (state: ReturnType<typeof lotState>) =>
    live.filter((lot) => lotState(lot, fact.at) === state);
  if (fact.kind === 'expire') return [];
  if (fact.kind === 'returnEarn') {
    // Earned points come back out of the returned sale's own lot, then unvested lots (latest
    // vesting first), then available ones, so the customer keeps what vested longest ago.
    const original = fact.reverses ? ledger.byId.get(fact.reverses) : undefined;
    const unvested = byState('unvested').sort((a, b) => (b.vestsAt ?? 0) - (a.vestsAt ?? 0));
    const rest = [
      ...unvested,
      ...spendOrder(byState('available')),
      ...spendOrder(byState('expired')),
    ];
    return original ? [original, ...rest.filter((lot) => lot !== original)] : rest;
  }
  return [
    ...spendOrder(byState('available')),
    ...spendOrder(byState('unvested')),
    ...spendOrder(byState('expired')),
  ];
}

function take(ledger: MutableLedger, fact: LedgerFact): void {
  let left = -fact.points;
  const takeFrom = (lot: MutableLot | undefined, wanted: number) => {
    if (!lot || lot.rewardPoint !== fact.rewardPoint) return;
    const n = Math.min(lot.remaining, wanted, left);
    if (n <= 0) return;
    lot.remaining -= n;
    left -= n;
  };
  for (const use of fact.lots ?? []) takeFrom(ledger.byId.get(use.id), use.points);
  for (const lot of takeOrder(ledger, fact)) takeFrom(lot, left);
  // An expiry only removes what is left of its lot: it never creates a debt.
  if (left > 0 && fact.kind !== 'expire') ledger.debt += left;
}

function add(ledger: MutableLedger, fact: LedgerFact, rp: RewardPointRules | undefined): void {
  const paid = Math.min(ledger.debt, fact.points);
  ledger.debt -= paid;
  const lot: MutableLot = {
    id: fact.id,
    rewardPoint: fact.rewardPoint,
    remaining: fact.points - paid,
    earnedAt: fact.at,
    vestsAt: fact.vestsAt,
    expiresAt: lotExpiry(rp, fact.at, fact.expiresAt),
  };
  ledger.lots.push(lot);
  ledger.byId.set(lot.id, lot);
}

/**
 * The balance of a card as the fold of its posted entries (PRODUCT 4.3, 4.4). Entries are put in a
 * canonical order first (effective time, then id), so any delivery order gives the same result.
 */
export function foldLedger(
  facts: readonly LedgerFact[],
  rewardPoints: ReadonlyMap<string, RewardPointRules>,
): CardLedger {
  const ledgers = new Map<string, MutableLedger>();
  for (const fact of [...facts].sort(compareFacts)) {
    let ledger = ledgers.get(fact.rewardPoint);
    if (!ledger) {
      ledger = { lots: [], byId: new Map(), debt: 0 };
      ledgers.set(fact.rewardPoint, ledger);
    }
    if (fact.points > 0) add(ledger, fact, rewardPoints.get(fact.rewardPoint));
    else if (fact.points < 0) take(ledger, fact);
  }
  const result: CardLedger = {};
  for (const [id, ledger] of ledgers) {
    result[id] = {
      lots: ledger.lots
        .filter((lot) => lot.remaining > 0)
        .map((lot) => ({ ...lot, remaining: points(lot.remaining) })),
      debt: ledger.debt,
    };
  }
  return result;
}

export function allLots(ledger: CardLedger): Lot[] {
  return Object.values(ledger).flatMap((rp) => rp.lots);
}

/** Net balance per reward point: every lot's remainder less any debt. */
export function netBalance(ledger: CardLedger): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [id, rp] of Object.entries(ledger)) {
    result[id] = rp.lots.reduce((acc, lot) => acc + lot.remaining, 0) - rp.debt;
  }
  return result;
}
