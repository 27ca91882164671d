import { mulDivRoundHalfUp } from './arithmetic';
import { assertSafeInteger, minor, type Minor } from './integers';

/**
 * VAT as EU shelf prices carry it: a price includes the tax, and a rate is given in basis points
 * (2100 = 21 %). Every amount is computed per line in minor units, so a receipt's VAT, net and gross
 * add up to the cent however many lines it has.
 */
export const MAX_VAT_RATE = 10_000;

/** Basis points as a percentage text for a receipt ("21", "5.5", "0"). */
export function vatRatePercent(rate: number): string {
  const whole = Math.floor(rate / 100);
  const rest = rate % 100;
  if (rest === 0) return String(whole);
  return `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}

function checkRate(rate: number): void {
  assertSafeInteger(rate, 'VAT rate');
  if (rate < 0 || rate > MAX_VAT_RATE) throw new RangeError(`VAT rate ${rate} is not 0..10000`);
}

/** The VAT a gross (tax-included) amount holds: gross * rate / (1 + rate), half up to the cent. */
export function vatOfGross(gross: number, rate: number): Minor {
  checkRate(rate);
  return minor(mulDivRoundHalfUp(gross, rate, MAX_VAT_RATE + rate));
}

/** A gross amount without its VAT: what earning counts (PRODUCT 4.1, before tax). */
export function netOfGross(gross: number, rate: number): Minor {
  return minor(gross - vatOfGross(gross, rate));
}

/** One rate's part of a receipt: the sums of its lines' gross, VAT and net amounts. */
export interface VatPart {
  readonly rate: number;
  readonly gross: Minor;
  readonly vat: Minor;
  readonly net: Minor;
}

/** The receipt's VAT per rate, lowest rate first, each line's VAT rounded on its own. */
export function vatByRate(
  lines: readonly { readonly gross: number; readonly rate: number }[],
): VatPart[] {
  const parts = new Map<number, { gross: number; vat: number }>();
  for (const line of lines) {
    const part = parts.get(line.rate) ?? { gross: 0, vat: 0 };
    part.gross += line.gross;
    part.vat += vatOfGross(line.gross, line.rate);
    parts.set(line.rate, part);
  }
  return [...parts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([rate, { gross, vat }]) => ({
      rate,
      gross: minor(gross),
      vat: minor(vat),
      net: minor(gross - vat),
    }));
}

/** A percentage as head office types it ("21", "5.5", "5,5") in basis points, or null. */
export function parseVatPercent(text: string): number | null {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!match?.[1]) return null;
  const rate = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return rate <= MAX_VAT_RATE ? rate : null;
}
