import { describe, expect, it } from 'vitest';
import { cardNumberFor } from '../../shared/engine/cardNumbers';
import type { Product } from '../../shared/domain/master';
import { routeScan } from '../../renderer/register/sale/scanRoute';

const SHOE: Product = {
  id: 'P1',
  name: 'Shoe',
  barcode: '8710000000002',
  category: 'SHOES',
  price: '12.99',
};
const find = (code: string) =>
  code.toUpperCase() === 'P1' || code === SHOE.barcode ? SHOE : undefined;
const CARD = cardNumberFor({ prefix: '6001', sequenceDigits: 11 }, 42);
const typo = CARD.slice(0, -1) + String((Number(CARD.at(-1)) + 1) % 10);

describe('routing a scan by its shape', () => {
  it('sends a product code or barcode to the basket, with a quantity typed before it', () => {
    expect(routeScan('8710000000002', find, ['6001'], null)).toMatchObject({
      kind: 'product',
      quantity: 1,
    });
    expect(routeScan('3*p1', find, ['6001'], null)).toMatchObject({
      kind: 'product',
      quantity: 3,
    });
    expect(routeScan('P1', find, ['6001'], 4)).toMatchObject({ kind: 'product', quantity: 4 });
  });

  it('sends a number with a valid check digit to the card, a mistyped one to the card typo', () => {
    expect(routeScan(CARD, find, ['6001'], null)).toEqual({ kind: 'card', number: CARD });
    expect(routeScan(typo, find, ['6001'], null)).toEqual({ kind: 'cardTypo' });
  });

  it('takes `3*` alone as the quantity of the next scan and refuses a bad one', () => {
    expect(routeScan('3*', find, [], null)).toEqual({ kind: 'quantity', quantity: 3 });
    expect(routeScan('0*P1', find, [], null)).toEqual({ kind: 'badQuantity' });
    expect(routeScan('*P1', find, [], null)).toEqual({ kind: 'badQuantity' });
  });

  it("sends a receipt's number (its barcode) to a return of that sale", () => {
    expect(routeScan('S1-R1-000042', find, ['6001'], null)).toEqual({
      kind: 'receipt',
      number: 'S1-R1-000042',
    });
    expect(routeScan(' AMS-R1-000123 ', find, ['6001'], null)).toEqual({
      kind: 'receipt',
      number: 'AMS-R1-000123',
    });
    // Too short a sequence, or digits only: not a receipt.
    expect(routeScan('S1-R1-42', find, [], null)).toMatchObject({ kind: 'unknown' });
    expect(routeScan('1234-000042', find, [], null)).toMatchObject({ kind: 'unknown' });
  });

  it('calls anything else an unknown product', () => {
    expect(routeScan('9999999999999', find, ['6001'], null)).toEqual({
      kind: 'unknown',
      code: '9999999999999',
    });
  });
});
