import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isReceiptNumber, receiptNumber } from '../../shared/checkout/receipt';
import { code128Bars } from '../../renderer/register/sale/code128';
import { readCode128 } from '../support/code128';

/** The bars back as a row of modules, as a scanner sees them. */
const modulesOf = ({ bars, modules }: ReturnType<typeof code128Bars>) => {
  const row = Array.from({ length: modules }, () => '0');
  for (const bar of bars) row.fill('1', bar.x, bar.x + bar.width);
  return row.join('');
};

describe("the receipt number's Code 128 barcode", () => {
  it('reads back as the number printed above it', () => {
    expect(readCode128(modulesOf(code128Bars('S1-R1-000042')))).toBe('S1-R1-000042');
    const id = fc.stringMatching(/^[A-Z0-9]{1,6}$/);
    fc.assert(
      fc.property(id, id, fc.integer({ min: 1, max: 999_999_999 }), (store, register, seq) => {
        const number = receiptNumber({ store, register: `${store}-R${register}`, deviceSeq: seq });
        expect(isReceiptNumber(number)).toBe(true);
        expect(readCode128(modulesOf(code128Bars(number)))).toBe(number);
      }),
    );
  });

  it('is refused by the reader when a bar is lost', () => {
    const row = modulesOf(code128Bars('S1-R1-000042'));
    const damaged = `${row.slice(0, 30)}${row[30] === '1' ? '0' : '1'}${row.slice(31)}`;
    expect(() => readCode128(damaged)).toThrow();
  });
});
