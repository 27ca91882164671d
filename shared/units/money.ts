import { assertSafeInteger, minor, type Minor } from './integers';

/** ISO 4217 minor-unit exponents that differ from 2; every other currency code uses 2. */
const EXPONENT_EXCEPTIONS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

const CURRENCY_CODE = /^[A-Z]{3}$/;

export class AmountFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AmountFormatError';
  }
}

export function isCurrencyCode(code: string): boolean {
  return CURRENCY_CODE.test(code);
}

export function minorUnitExponent(currency: string): number {
  if (!isCurrencyCode(currency)) throw new AmountFormatError(`unknown currency code "${currency}"`);
  return EXPONENT_EXCEPTIONS[currency] ?? 2;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Parses a decimal string ("12.99") into minor units of the currency. More decimals than the
 * currency has are refused rather than rounded: an amount must be exact.
 */
export function parseAmount(text: string, currency: string): Minor {
  const exponent = minorUnitExponent(currency);
  const match = DECIMAL.exec(text);
  if (!match) throw new AmountFormatError(`"${text}" is not a decimal amount like "12.99"`);
  const [, sign, whole = '', fraction = ''] = match;
  if (fraction.length > exponent) {
    throw new AmountFormatError(
      `"${text}" has more than ${exponent} decimal places for ${currency}`,
    );
  }
  const digits = whole + fraction.padEnd(exponent, '0');
  const value = Number(BigInt(digits));
  assertSafeInteger(value, `amount "${text}"`);
  return minor(sign ? -value : value);
}

/** Formats minor units as a plain decimal string with exactly the currency's decimals. */
export function formatAmount(value: Minor | number, currency: string): string {
  const exponent = minorUnitExponent(currency);
  assertSafeInteger(value, 'an amount');
  const negative = value < 0;
  const digits = String(Math.abs(value)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? '-' : ''}${whole}${exponent > 0 ? `.${fraction}` : ''}`;
}
