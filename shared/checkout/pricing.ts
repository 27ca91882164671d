import type { PointsByRewardPoint } from '../engine/model';
import type { Product } from '../domain/master';
import type { Tier } from '../domain/loyalty';
import { mulDivRoundHalfUp } from '../units/arithmetic';
import { minor, type Minor } from '../units/integers';
import { parseAmount } from '../units/money';

/** One line of a basket as the cashier scanned it. */
export interface BasketLine {
  readonly id: string;
  readonly product: Product;
  readonly quantity: number;
}

/** A basket line with its prices in minor units: gross, the tier's discount, and what is paid. */
export interface PricedLine {
  readonly id: string;
  readonly product: string;
  readonly name: string;
  readonly category: string;
  readonly quantity: number;
  readonly unitPrice: Minor;
  readonly tierDiscount: Minor;
  /** What the line costs after the discount, VAT included. */
  readonly netAmount: Minor;
  /** The VAT rate in basis points that the amount includes. */
  readonly vatRate: number;
  /** A reward's discount on the line (taken off `netAmount` already) and its share of the points. */
  readonly reward?: { readonly discount: Minor; readonly points: PointsByRewardPoint };
}

export type TierDiscount = NonNullable<Tier['discount']>;

/** The discount of the card's tier, or null without a card, a tier, or a discount on it. */
export function tierDiscountOf(tiers: readonly Tier[], tierId: string | null): TierDiscount | null {
  if (tierId === null) return null;
  return tiers.find((tier) => tier.id === tierId)?.discount ?? null;
}

/**
 * The discount the tier gives a line of this gross amount and category: on every line, or only on
 * the lines of its category, rounded half up per line so the net amount is exact in minor units.
 */
export function lineTierDiscount(
  gross: number,
  category: string,
  discount: TierDiscount | null,
): number {
  const covered =
    discount !== null &&
    discount.percent > 0 &&
    (discount.category === null || discount.category === category);
  return covered ? mulDivRoundHalfUp(gross, discount.percent, 100) : 0;
}

/**
 * Prices the basket: the tier discount applies to every line, or only to the lines of its
 * category, rounded half up per line so each line's net amount is exact in minor units.
 */
export function priceLines(
  lines: readonly BasketLine[],
  discount: TierDiscount | null,
  currency: string,
): PricedLine[] {
  return lines.map((line) => {
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0)
      throw new RangeError(`line ${line.id}: the quantity must be a positive whole number`);
    const unitPrice = parseAmount(line.product.price, currency);
    const gross = unitPrice * line.quantity;
    const tierDiscount = lineTierDiscount(gross, line.product.category, discount);
    return {
      id: line.id,
      product: line.product.id,
      name: line.product.name,
      category: line.product.category,
      quantity: line.quantity,
      unitPrice,
      tierDiscount: minor(tierDiscount),
      netAmount: minor(gross - tierDiscount),
      vatRate: line.product.vatRate ?? 0,
    };
  });
}

export const basketTotal = (lines: readonly PricedLine[]): Minor =>
  minor(lines.reduce((total, line) => total + line.netAmount, 0));
