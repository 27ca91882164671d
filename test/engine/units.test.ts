import { describe, expect, it } from 'vitest';
import {
  compareRatios,
  mulDivCeil,
  mulDivFloor,
  mulDivRoundHalfUp,
} from '../../shared/units/arithmetic';
import { minor, NotAnIntegerError, points } from '../../shared/units/integers';
import { AmountFormatError, formatAmount, parseAmount } from '../../shared/units/money';
import { addPeriod, formatInstant, parseInstant } from '../../shared/units/time';

describe('integer guards', () => {
  it('refuses non-integers and unsafe magnitudes', () => {
    expect(() => minor(1.5)).toThrow(NotAnIntegerError);
    expect(() => points(Number.NaN)).toThrow(NotAnIntegerError);
    expect(() => points(2 ** 53)).toThrow(NotAnIntegerError);
    expect(minor(-12)).toBe(-12);
  });
});

describe('decimal amounts by ISO 4217 minor units', () => {
  it.each([
    ['12.99', 'USD', 1299],
    ['12.9', 'USD', 1290],
    ['12', 'USD', 1200],
    ['0.05', 'EUR', 5],
    ['1500', 'JPY', 1500],
    ['1.234', 'BHD', 1234],
    ['-3.50', 'USD', -350],
  ])('parses %s %s', (text, currency, expected) => {
    expect(parseAmount(text, currency)).toBe(expected);
  });

  it.each([
    [1299, 'USD', '12.99'],
    [5, 'USD', '0.05'],
    [-350, 'USD', '-3.50'],
    [1500, 'JPY', '1500'],
    [1234, 'BHD', '1.234'],
    [0, 'BHD', '0.000'],
  ])('formats %i %s', (value, currency, expected) => {
    expect(formatAmount(value, currency)).toBe(expected);
  });

  it('refuses more decimals than the currency has, and things that are not amounts', () => {
    expect(() => parseAmount('1.5', 'JPY')).toThrow(AmountFormatError);
    expect(() => parseAmount('1.999', 'USD')).toThrow(/more than 2 decimal places/);
    expect(() => parseAmount('1e3', 'USD')).toThrow(AmountFormatError);
    expect(() => parseAmount('12.99', 'usd')).toThrow(/currency/);
    expect(() => formatAmount(1.5, 'USD')).toThrow(NotAnIntegerError);
  });
});

describe('exact ratios', () => {
  it('rounds as named, also beyond 2^53 in the intermediate product', () => {
    expect(mulDivFloor(7, 10, 3)).toBe(23);
    expect(mulDivCeil(7, 10, 3)).toBe(24);
    expect(mulDivCeil(300, 10, 200)).toBe(15);
    expect(mulDivRoundHalfUp(1299, 5, 100)).toBe(65);
    expect(mulDivRoundHalfUp(1290, 5, 100)).toBe(65);
    expect(mulDivRoundHalfUp(1289, 5, 100)).toBe(64);
    expect(mulDivFloor(2 ** 40, 2 ** 20, 2 ** 30)).toBe(2 ** 30);
    expect(mulDivFloor(-7, 1, 2)).toBe(-4);
    expect(compareRatios(10, 200, 100, 100)).toBe(-1);
  });

  it('refuses division by zero', () => {
    expect(() => mulDivFloor(1, 1, 0)).toThrow(RangeError);
  });
});

describe('periods in UTC calendar units', () => {
  it('adds days, months (clamped to the month end) and years', () => {
    const jan31 = parseInstant('2026-01-31T12:00:00Z');
    expect(formatInstant(addPeriod(jan31, { value: 1, unit: 'month' }))).toBe(
      '2026-02-28T12:00:00.000Z',
    );
    expect(formatInstant(addPeriod(jan31, { value: 10, unit: 'day' }))).toBe(
      '2026-02-10T12:00:00.000Z',
    );
    expect(
      formatInstant(addPeriod(parseInstant('2024-02-29T00:00:00Z'), { value: 1, unit: 'year' })),
    ).toBe('2025-02-28T00:00:00.000Z');
  });

  it('refuses text that is not an ISO instant', () => {
    expect(() => parseInstant('yesterday')).toThrow(RangeError);
    expect(() => parseInstant('2026-03-01')).toThrow(RangeError);
  });
});
