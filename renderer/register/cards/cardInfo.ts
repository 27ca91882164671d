import { lotsOf } from '../../../shared/checkout/points';
import {
  distributedTierActivity,
  provisionalTierOf,
  type UnpostedEntry,
} from '../../../shared/checkout/provisionalTier';
import { balanceSummary, type Balance } from '../../../shared/engine/lots';
import type { CardStanding, Lot, PointsByRewardPoint } from '../../../shared/engine/model';
import type { Program, Tier } from '../../../shared/domain/loyalty';
import type { CardSummary } from '../../../shared/protocol/sync';
import { parseInstant } from '../../../shared/units/time';
import { factsOfCard } from '../localdb/facts';
import type { FactRow, RegisterDb } from '../localdb/schema';

/** A card as the register sees it: what head office distributed, plus this register's own facts. */
export interface CardInfo {
  readonly number: string;
  readonly status: CardSummary['status'];
  readonly customer: { readonly id: string; readonly name: string } | null;
  readonly blockedForEnrolment: boolean;
  readonly standing: CardStanding;
  /** The tier this register's unposted earnings would lift the card to, until the server says. */
  readonly provisionalTier: Tier | null;
  /** Issued at this register and not distributed back yet. */
  readonly issuedHere: boolean;
  /** Posted points by the server's summary, at the server's time. */
  readonly balances: Readonly<Record<string, Balance>>;
  /** Points this register added that the summary does not show yet (earned, refunded): >= 0. */
  readonly pending: PointsByRewardPoint;
  /** Points this register took off that the summary does not show yet (spent, returned): >= 0. */
  readonly spent: PointsByRewardPoint;
  /** The summary's lots less what this register spent from them since: what can still pay. */
  readonly spendableLots: readonly Lot[];
}

/** A fact still counts as pending until a distribution newer than its posting reached us. */
export const isPending = (row: FactRow, version: number): boolean =>
  row.status === 'queued' ||
  row.status === 'accepted' ||
  (row.status === 'posted' && (row.postedAtVersion ?? 0) >= version);

function entriesOf(row: FactRow) {
  const { fact } = row;
  if (fact.type === 'sale') return fact.receipt.entries;
  if (fact.type === 'ledgerEntry') return [fact.entry];
  return [];
}

const add = (record: PointsByRewardPoint, rewardPoint: string, points: number) => {
  record[rewardPoint] = (record[rewardPoint] ?? 0) + points;
};

/** This register's unposted entries on the card, each with when it was recorded. */
function unpostedOf(rows: readonly FactRow[], number: string, version: number): UnpostedEntry[] {
  return rows
    .filter((row) => isPending(row, version))
    .flatMap((row) =>
      entriesOf(row)
        .filter((entry) => entry.card === number)
        .map((entry) => ({ ...entry, at: parseInstant(row.fact.deviceTime) })),
    );
}

/**
 * What this register's unposted entries add and take off, kept apart: netting them would show a
 * negative "pending" beside a balance the customer has already spent.
 */
function pendingOf(rows: readonly FactRow[], number: string, version: number) {
  const pending: PointsByRewardPoint = {};
  const spent: PointsByRewardPoint = {};
  const spentFromLot = new Map<string, number>();
  for (const row of rows) {
    if (!isPending(row, version)) continue;
    for (const entry of entriesOf(row)) {
      if (entry.card !== number) continue;
      if (entry.points >= 0) add(pending, entry.rewardPoint, entry.points);
      else add(spent, entry.rewardPoint, -entry.points);
      for (const lot of entry.lots)
        spentFromLot.set(lot.id, (spentFromLot.get(lot.id) ?? 0) + lot.points);
    }
  }
  return { pending, spent, spentFromLot };
}

const lowestTier = (program: Program | null): string | null =>
  program ? ([...program.tiers].sort((a, b) => a.level - b.level)[0]?.id ?? null) : null;

/** A customer the register created itself, by the name its customer fact gave. */
function customerOf(customerId: string | null, names: ReadonlyMap<string, string>) {
  return customerId ? { id: customerId, name: names.get(customerId) ?? customerId } : null;
}

/** Reads what the register knows of a card; null when neither head office nor this register has it. */
export async function readCard(
  db: RegisterDb,
  summary: CardSummary | null,
  number: string,
  context: { version: number; at: number; program: Program | null },
): Promise<CardInfo | null> {
  const rows = await factsOfCard(db, number);
  const issued = rows.find((row) => row.fact.type === 'cardIssued')?.fact;
  if (!summary && issued?.type !== 'cardIssued') return null;
  const { pending, spent, spentFromLot } = pendingOf(rows, number, context.version);
  const lots = summary ? lotsOf(summary) : [];
  const unposted = unpostedOf(rows, number, context.version);
  const earned = summary ? distributedTierActivity(summary) : [];
  const provisional = (tier: string | null) =>
    provisionalTierOf(context.program, tier, earned, unposted, context.at);
  const spendableLots = lots.map((lot) => ({
    ...lot,
    remaining: Math.max(0, lot.remaining - (spentFromLot.get(lot.id) ?? 0)) as Lot['remaining'],
  }));
  if (summary) {
    return {
      number,
      status: summary.status,
      customer: summary.customer ? { id: summary.customer.id, name: summary.customer.name } : null,
      blockedForEnrolment: summary.customer?.blockedForEnrolment ?? false,
      standing: { tier: summary.tier, affiliations: summary.customer?.affiliations ?? [] },
      provisionalTier: provisional(summary.tier),
      issuedHere: false,
      balances: balanceSummary(lots, context.at),
      pending,
      spent,
      spendableLots,
    };
  }
  const card = issued?.type === 'cardIssued' ? issued.card : null;
  const names = new Map<string, string>();
  for (const row of await db.facts.where('type').equals('customer').toArray())
    if (row.fact.type === 'customer') names.set(row.fact.customer.id, row.fact.customer.name);
  return {
    number,
    status: 'active',
    customer: customerOf(card?.customer ?? null, names),
    blockedForEnrolment: false,
    standing: { tier: lowestTier(context.program), affiliations: [] },
    provisionalTier: provisional(lowestTier(context.program)),
    issuedHere: true,
    balances: {},
    pending,
    spent,
    spendableLots: [],
  };
}
