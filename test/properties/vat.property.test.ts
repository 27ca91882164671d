import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { basketTotal, priceLines } from '../../shared/checkout/pricing';
import { buildSaleReceipt, type LoyaltySetup } from '../../shared/checkout/receipt';
import { receiptVat } from '../../shared/checkout/receiptVat';
import type { Product } from '../../shared/domain/master';
import { rewardPointMap, saleLine, schemeRules } from '../../shared/domain/toEngine';
import { checkEarningClaims } from '../../shared/engine/sale';
import { SaleFact } from '../../shared/protocol/sync';
import { parseAmount } from '../../shared/units/money';
import { STAR, TEST_SCHEME } from '../server/helpers/facts';

const SETUP: LoyaltySetup = { currency: 'EUR', schemes: [TEST_SCHEME], rewardPoints: [STAR] };
const BASE = { number: '60010000000001', standing: { tier: 'BASE', affiliations: [] } };

/** VAT of a gross amount, written out with BigInt apart from the code under test. */
function expectedVat(gross: number, rate: number): number {
  const n = BigInt(gross) * BigInt(rate);
  const d = BigInt(10_000 + rate);
  // Half up: floor(n / d + 1/2) = floor((2n + d) / 2d) for non-negative n.
  return Number((2n * n + d) / (2n * d));
}

const rate = fc.oneof(
  fc.constantFrom(0, 550, 600, 900, 1200, 2100, 2500),
  fc.integer({ min: 0, max: 10_000 }),
);
const basket = fc.array(
  fc.record({
    cents: fc.integer({ min: 1, max: 500_000 }),
    quantity: fc.integer({ min: 1, max: 30 }),
    vatRate: rate,
    category: fc.constantFrom('FOOD', 'DRINK'),
  }),
  { minLength: 1, maxLength: 12 },
);
const discount = fc.option(
  fc.record({
    percent: fc.integer({ min: 1, max: 50 }),
    category: fc.constantFrom(null, 'FOOD'),
  }),
  { nil: null },
);

function receiptFor(items: Parameters<typeof pricedOf>[0], d: Parameters<typeof pricedOf>[1]) {
  const lines = pricedOf(items, d);
  const receipt = buildSaleReceipt(SETUP, {
    staff: 'C1',
    card: BASE,
    lines,
    pointsTenders: [],
    moneyTenders: [{ id: randomUUID(), kind: 'cash', amount: basketTotal(lines) }],
    offline: true,
    newId: randomUUID,
  });
  return SaleFact.parse({
    id: randomUUID(),
    store: 'S1',
    register: 'S1-R1',
    deviceTime: '2026-03-01T10:00:00.000Z',
    deviceSeq: 1,
    type: 'sale',
    receipt,
  }).receipt;
}

function pricedOf(
  items: readonly { cents: number; quantity: number; vatRate: number; category: string }[],
  d: { percent: number; category: string | null } | null,
) {
  return priceLines(
    items.map((item, i): { id: string; product: Product; quantity: number } => ({
      id: String(i + 1),
      product: {
        id: `P${i}`,
        name: `P${i}`,
        barcode: null,
        category: item.category,
        price: (item.cents / 100).toFixed(2),
        vatRate: item.vatRate,
      },
      quantity: item.quantity,
    })),
    d,
    'EUR',
  );
}

describe('VAT on a receipt', () => {
  it('VAT, net and gross add up to the cent per rate and in total, each line rounded on its own', () => {
    fc.assert(
      fc.property(basket, discount, (items, d) => {
        const receipt = receiptFor(items, d);
        const parts = receiptVat(receipt);
        const cents = (text: string) => parseAmount(text, 'EUR');
        const total = cents(receipt.total);
        expect(parts.reduce((sum, p) => sum + p.gross, 0)).toBe(total);
        for (const part of parts) {
          expect(part.vat + part.net).toBe(part.gross);
          const ofRate = receipt.lines.filter((l) => (l.vatRate ?? 0) === part.rate);
          expect(part.gross).toBe(ofRate.reduce((sum, l) => sum + cents(l.netAmount), 0));
          expect(part.vat).toBe(
            ofRate.reduce((sum, l) => sum + expectedVat(cents(l.netAmount), part.rate), 0),
          );
        }
        expect(new Set(parts.map((p) => p.rate)).size).toBe(parts.length);
      }),
    );
  });

  it('earning counts the net amount before tax, and the server’s re-check agrees', () => {
    fc.assert(
      fc.property(basket, discount, (items, d) => {
        const receipt = receiptFor(items, d);
        const net = receipt.lines.reduce((sum, l) => {
          const gross = parseAmount(l.netAmount, 'EUR');
          return sum + gross - expectedVat(gross, l.vatRate ?? 0);
        }, 0);
        // TEST_SCHEME gives a BASE card 10 STAR (a quantity-type point) per whole 1.00.
        const earned = receipt.entries
          .filter((e) => e.kind === 'earn')
          .reduce((sum, e) => sum + e.points, 0);
        expect(earned).toBe(Math.floor(net / 100) * 10);
        const check = checkEarningClaims(
          receipt.entries.filter((e) => e.kind === 'earn'),
          {
            schemes: [schemeRules(TEST_SCHEME, 'EUR')],
            rewardPoints: rewardPointMap([STAR]),
            card: BASE.standing,
            lines: receipt.lines.map((line) => saleLine(line, 'EUR')),
          },
        );
        expect(check.ok).toBe(true);
      }),
    );
  });
});
