import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  cardNumberFor,
  checkCardNumber,
  nextBlock,
  nextFromBlocks,
  numbersLeft,
} from '../../shared/engine/cardNumbers';

const format = { prefix: '6001', sequenceDigits: 11 };

describe('card numbers', () => {
  it('accepts a known Luhn number and refuses a typo at once', () => {
    expect(checkCardNumber('79927398713')).toEqual({ ok: true, number: '79927398713' });
    expect(checkCardNumber('79927398710')).toEqual({ ok: false, problem: 'checkDigit' });
    expect(checkCardNumber('7992 7398 713')).toMatchObject({ ok: true });
    expect(checkCardNumber('12ab')).toEqual({ ok: false, problem: 'format' });
  });

  it('every generated number validates, and any single-digit change is refused', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99_999_999_999 }),
        fc.nat(15),
        fc.integer({ min: 1, max: 9 }),
        (seq, pos, delta) => {
          const number = cardNumberFor(format, seq);
          expect(number).toHaveLength(16);
          expect(checkCardNumber(number).ok).toBe(true);
          const digit = (Number(number[pos]) + delta) % 10;
          const typo = number.slice(0, pos) + String(digit) + number.slice(pos + 1);
          expect(checkCardNumber(typo).ok).toBe(false);
        },
      ),
    );
  });

  it('hands out blocks in sequence and numbers from them in order', () => {
    const first = nextBlock('b1', null, 100);
    const second = nextBlock('b2', first.last, 100);
    expect([first.first, first.last, second.first]).toEqual([1, 100, 101]);
    const used = new Map([
      ['b1', 100],
      ['b2', 5],
    ]);
    expect(nextFromBlocks(format, [second, first], used)).toMatchObject({
      blockId: 'b2',
      sequence: 106,
    });
    expect(numbersLeft([first, second], used)).toBe(95);
    expect(nextFromBlocks(format, [first], new Map([['b1', 100]]))).toBeNull();
  });
});
