import { saleLine } from '../domain/toEngine';
import type { CardStanding, RewardPointRules, SchemeRules } from '../engine/model';
import { worthOnLine } from '../engine/redemption';
import type { SaleFact } from '../protocol/sync';
import type { Instant } from '../units/time';
import { parseAmount } from '../units/money';
import { lineTierDiscount, type TierDiscount } from './pricing';

/**
 * What a sale's receipt must satisfy for its loyalty part to be believed: the amounts the
 * register priced are re-derived from the catalogue it was sent, the tenders pay the total, and
 * points pay no more than the scheme prices them at. Each check answers the first problem, or null.
 * Paying less than the catalogue asks (a larger discount) earns less, so only a net amount above
 * the price less the discount is a problem.
 */

type Receipt = SaleFact['receipt'];
type Line = Receipt['lines'][number];

/** A product as one distribution sent it to the store. */
export interface DistributedProduct {
  readonly price: string;
  readonly category: string;
  /** Basis points; null or absent: 0. A lower rate than the product's would earn on the VAT. */
  readonly vatRate?: number | null;
}

/** Every form of each product the store was sent, by product id. */
export type DistributedCatalogue = ReadonlyMap<string, readonly DistributedProduct[]>;

const amount = (text: string, receipt: Receipt) => parseAmount(text, receipt.currency);

function lineArithmetic(line: Line, receipt: Receipt): string | null {
  const gross = amount(line.unitPrice, receipt) * line.quantity;
  if (!Number.isSafeInteger(gross)) return `line ${line.id}: its amount is out of bounds`;
  const discount = amount(line.tierDiscount, receipt);
  if (discount > gross) return `line ${line.id}: its discount is more than its price`;
  if (amount(line.netAmount, receipt) !== gross - discount)
    return `line ${line.id}: its net amount is not its price times quantity less its discount`;
  return null;
}

function linePrice(line: Line, receipt: Receipt, catalogue: DistributedCatalogue): string | null {
  const sent = catalogue.get(line.product);
  if (!sent) return `line ${line.id}: product ${line.product} was never sent to the store`;
  const price = amount(line.unitPrice, receipt);
  const vatRate = line.vatRate ?? 0;
  const match = sent.some(
    (p) =>
      amount(p.price, receipt) === price &&
      p.category === line.category &&
      (p.vatRate ?? 0) === vatRate,
  );
  if (!match)
    return `line ${line.id}: product ${line.product} at ${line.unitPrice} in ${line.category} (VAT ${vatRate}) is not a price, category and VAT rate the store was sent`;
  return null;
}

/**
 * Each line priced as the catalogue the store was sent prices it (`catalogue` null: the store has
 * never been sent one, so there is nothing to compare with), its net amount its price times its
 * quantity less its discount, and the total the sum of the net amounts.
 */
export function pricingProblem(
  receipt: Receipt,
  catalogue: DistributedCatalogue | null,
): string | null {
  let total = 0;
  for (const line of receipt.lines) {
    const problem =
      lineArithmetic(line, receipt) ?? (catalogue ? linePrice(line, receipt, catalogue) : null);
    if (problem) return problem;
    total += amount(line.netAmount, receipt);
  }
  if (total !== amount(receipt.total, receipt))
    return `the total ${receipt.total} is not the sum of the lines' net amounts`;
  return null;
}

/** A tier the card may have been priced in, with the discount it gives (null: none). */
export interface PricingTier {
  readonly id: string | null;
  readonly discount: TierDiscount | null;
}

/**
 * Every line's tier discount is the one a tier the card may have been priced in gives it (the
 * card's tier as the server knows it, or the one the receipt stamps when that is accepted): any
 * other discount is a price of the register's own. `tiers` lists the candidates, the stamped first.
 */
export function tierDiscountProblem(
  receipt: Receipt,
  tiers: readonly PricingTier[],
): string | null {
  const given = (tier: PricingTier, line: Line) =>
    lineTierDiscount(amount(line.unitPrice, receipt) * line.quantity, line.category, tier.discount);
  const fits = (tier: PricingTier) =>
    receipt.lines.every((line) => given(tier, line) === amount(line.tierDiscount, receipt));
  if (tiers.some(fits)) return null;
  const named = tiers[0] ?? { id: null, discount: null };
  const line = receipt.lines.find((l) => given(named, l) !== amount(l.tierDiscount, receipt));
  if (!line) return null;
  return `line ${line.id}: a tier discount of ${line.tierDiscount} on ${line.quantity} x ${line.unitPrice} is one tier ${named.id ?? 'none'} does not give`;
}

/**
 * The tenders pay the total: together at least the total, only cash beyond it (the change), and
 * the points tenders exactly what the lines say was paid with points.
 */
export function tenderProblem(receipt: Receipt): string | null {
  const total = amount(receipt.total, receipt);
  let paid = 0;
  let notCash = 0;
  let byPoints = 0;
  for (const tender of receipt.tenders) {
    const value = amount(tender.amount, receipt);
    paid += value;
    if (tender.kind !== 'cash') notCash += value;
    if (tender.kind === 'points') byPoints += value;
  }
  if (paid < total) return `the tenders pay ${paid} of a total of ${total} (minor units)`;
  if (notCash > total)
    return `the tenders other than cash pay ${notCash}, more than the total of ${total} (minor units)`;
  const linesByPoints = receipt.lines.reduce(
    (sum, line) => sum + (line.paidWithPoints ? amount(line.paidWithPoints, receipt) : 0),
    0,
  );
  if (byPoints !== linesByPoints)
    return `the points tenders pay ${byPoints}, the lines say ${linesByPoints} was paid with points`;
  return null;
}

/** What the loyalty schemes say a card's points are worth at the time of the sale. */
export interface PointsPricing {
  readonly schemes: readonly SchemeRules[];
  readonly rewardPoints: ReadonlyMap<string, RewardPointRules>;
  readonly card: CardStanding;
  readonly at: Instant;
}

/**
 * Each line's part paid with points is covered by the points redeemed on it, priced by the
 * cheapest rule the schemes give for it, and the redeem entries take exactly the points the lines
 * say were redeemed.
 */
export function pointsPricingProblem(receipt: Receipt, pricing: PointsPricing): string | null {
  const redeemed = new Map<string, number>();
  for (const line of receipt.lines) {
    for (const [rp, points] of Object.entries(line.redeemed))
      redeemed.set(rp, (redeemed.get(rp) ?? 0) + points);
    if (line.paidWithPoints === undefined) continue;
    const paid = amount(line.paidWithPoints, receipt);
    if (paid > amount(line.netAmount, receipt))
      return `line ${line.id}: paid with points is more than its net amount`;
    const worth = worthOnLine(pricing, saleLine(line, receipt.currency), line.redeemed);
    if (paid > worth)
      return `line ${line.id}: ${line.paidWithPoints} paid with points the scheme prices at ${worth} (minor units)`;
  }
  const taken = new Map<string, number>();
  for (const entry of receipt.entries)
    if (entry.kind === 'redeem')
      taken.set(entry.rewardPoint, (taken.get(entry.rewardPoint) ?? 0) - entry.points);
  for (const rp of new Set([...redeemed.keys(), ...taken.keys()]))
    if ((redeemed.get(rp) ?? 0) !== (taken.get(rp) ?? 0))
      return `the lines redeem ${redeemed.get(rp) ?? 0} ${rp}, the entries take ${taken.get(rp) ?? 0}`;
  return null;
}
