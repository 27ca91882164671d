import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coverOfReservation } from '../../shared/checkout/points';
import { basketTotal, priceLines, type BasketLine } from '../../shared/checkout/pricing';
import { amountDue, buildSaleReceipt, type LoyaltySetup } from '../../shared/checkout/receipt';
import { buildReturnReceipt, refundOf } from '../../shared/checkout/returns';
import { schemesThatApply } from '../../shared/checkout/scheme';
import type { Scheme } from '../../shared/domain/loyalty';
import type { Product } from '../../shared/domain/master';
import { rewardPointMap, schemeRules } from '../../shared/domain/toEngine';
import { checkEarningClaims } from '../../shared/engine/sale';
import { minor } from '../../shared/units/integers';
import { SaleFact, stampedSchemes } from '../../shared/protocol/sync';
import { STAR, TEST_SCHEME } from '../server/helpers/facts';

const SETUP: LoyaltySetup = { currency: 'USD', schemes: [TEST_SCHEME], rewardPoints: [STAR] };
const product = (id: string, price: string, category = 'SHOES'): Product => ({
  id,
  name: id,
  barcode: null,
  category,
  price,
});
const SHOE = product('P1', '12.99');
const SOCK = product('P2', '3.50', 'SOCKS');
const earningLine = (id: string, points: number): Scheme['earning'][number] => ({
  id,
  tier: null,
  affiliation: null,
  activity: 'salesAmount',
  filter: null,
  per: '1.00',
  rewardPoint: 'STAR',
  points,
});
const BASE = { number: '60010000000001', standing: { tier: 'BASE', affiliations: [] } };

function asFact(receipt: ReturnType<typeof buildSaleReceipt>) {
  return SaleFact.parse({
    id: randomUUID(),
    store: 'S1',
    register: 'S1-R1',
    deviceTime: '2026-03-01T10:00:00.000Z',
    deviceSeq: 1,
    type: 'sale',
    receipt,
  });
}

describe('pricing a basket', () => {
  it("takes the tier's discount off the lines of its category, rounded half up per line", () => {
    const lines = priceLines(
      [
        { id: '1', product: SHOE, quantity: 3 },
        { id: '2', product: SOCK, quantity: 1 },
      ],
      { percent: 15, category: 'SHOES' },
      'USD',
    );
    expect(lines.map((l) => [l.unitPrice, l.tierDiscount, l.netAmount])).toEqual([
      [1299, 585, 3312],
      [350, 0, 350],
    ]);
    expect(basketTotal(lines)).toBe(3662);
  });

  it('refuses a quantity that is not a positive whole number', () => {
    expect(() => priceLines([{ id: '1', product: SHOE, quantity: 0.5 }], null, 'USD')).toThrow(
      /positive whole number/,
    );
  });
});

describe('the receipt a register records', () => {
  it("is a valid sale fact whose earning the server's re-check accepts", () => {
    const lines = priceLines([{ id: '1', product: SHOE, quantity: 2 }], null, 'USD');
    const receipt = buildSaleReceipt(SETUP, {
      staff: 'C1',
      card: BASE,
      lines,
      pointsTenders: [],
      moneyTenders: [{ id: randomUUID(), kind: 'cash', amount: basketTotal(lines) }],
      offline: true,
      newId: randomUUID,
    });
    const fact = asFact(receipt);
    const earn = fact.receipt.entries.filter((e) => e.kind === 'earn');
    expect(earn.map((e) => e.points)).toEqual([250]);
    const check = checkEarningClaims(
      earn.map((e) => ({ rewardPoint: e.rewardPoint, rules: e.rules })),
      {
        schemes: [schemeRules(TEST_SCHEME, 'USD')],
        rewardPoints: rewardPointMap([STAR]),
        card: BASE.standing,
        lines: [{ id: '1', product: 'P1', category: 'SHOES', quantity: 2, netAmount: minor(2598) }],
      },
    );
    expect(check.ok).toBe(true);
    expect(amountDue(lines, [], [])).toBe(2598);
  });

  it('earns nothing on the part paid with points, and records what each line redeemed', () => {
    const lines = priceLines([{ id: '1', product: SHOE, quantity: 1 }], null, 'USD');
    const split = coverOfReservation(
      { currency: 'USD', schemes: [TEST_SCHEME], rewardPoints: [STAR] },
      BASE.standing,
      lines,
      new Map(),
      { covered: minor(300), points: { STAR: 300 } },
      Date.parse('2026-03-01T10:00:00Z'),
    );
    if (!split.ok) throw new Error('the reservation did not cover its lines');
    const receipt = buildSaleReceipt(SETUP, {
      staff: 'C1',
      card: BASE,
      lines,
      pointsTenders: [
        {
          id: randomUUID(),
          reservation: 'online',
          covered: minor(300),
          points: { STAR: 300 },
          entries: [{ id: randomUUID(), rewardPoint: 'STAR', points: -300, lots: [] }],
          lines: split.lines,
        },
      ],
      moneyTenders: [{ id: randomUUID(), kind: 'cash', amount: minor(999) }],
      offline: false,
      newId: randomUUID,
    });
    expect(receipt.lines[0]).toMatchObject({ paidWithPoints: '3.00', redeemed: { STAR: 300 } });
    expect(receipt.entries.find((e) => e.kind === 'earn')?.points).toBe(90);
    expect(receipt.entries.find((e) => e.kind === 'redeem')?.points).toBe(-300);
  });
});

describe('returns', () => {
  const lines = priceLines([{ id: '1', product: SHOE, quantity: 3 }], null, 'USD');
  const sale = asFact(
    buildSaleReceipt(SETUP, {
      staff: 'C1',
      card: BASE,
      lines,
      pointsTenders: [],
      moneyTenders: [],
      offline: false,
      newId: randomUUID,
    }),
  );

  it('reverses exactly the stored points, item by item, adding up to the whole line', () => {
    const stored = sale.receipt.lines[0]?.earned['STAR'] ?? 0;
    let returned = 0;
    const before = new Map<string, number>();
    for (let item = 0; item < 3; item++) {
      const receipt = buildReturnReceipt({
        original: sale,
        returnedBefore: before,
        lines: [{ id: '1', quantity: 1 }],
        staff: 'C1',
        offline: false,
        newId: randomUUID,
      });
      asFact(receipt);
      returned -= receipt.entries.reduce((n, e) => n + e.points, 0);
      before.set('1', item + 1);
    }
    expect(returned).toBe(stored);
    expect(() =>
      buildReturnReceipt({
        original: sale,
        returnedBefore: before,
        lines: [{ id: '1', quantity: 1 }],
        staff: 'C1',
        offline: false,
        newId: randomUUID,
      }),
    ).toThrow(/only 0 left/);
  });

  it('prints each returned line with its returned quantity, amount and points, adding up to the total', () => {
    const stored = sale.receipt.lines[0]?.earned['STAR'] ?? 0;
    const before = new Map<string, number>();
    const receipts = [2, 1].map((quantity) => {
      const receipt = buildReturnReceipt({
        original: sale,
        returnedBefore: new Map(before),
        lines: [{ id: '1', quantity }],
        staff: 'C1',
        offline: false,
        newId: randomUUID,
      });
      before.set('1', (before.get('1') ?? 0) + quantity);
      return receipt;
    });
    const [two, one] = receipts;
    expect(two?.lines).toMatchObject([{ id: '1', quantity: 2, netAmount: '25.98' }]);
    expect(two?.total).toBe('25.98');
    expect(one?.lines).toMatchObject([{ id: '1', quantity: 1, netAmount: '12.99' }]);
    const pointsOnLines = receipts.reduce((n, r) => n + (r.lines[0]?.earned['STAR'] ?? 0), 0);
    const pointsTaken = receipts.reduce(
      (n, r) => n - r.entries.reduce((m, e) => m + e.points, 0),
      0,
    );
    expect(pointsOnLines).toBe(stored);
    expect(pointsTaken).toBe(stored);
  });

  it('refunds the money part of the returned items, never more than was paid', () => {
    const refunds = [1, 1, 1].map((quantity, i) =>
      refundOf({
        original: sale,
        returnedBefore: new Map([['1', i]]),
        lines: [{ id: '1', quantity }],
      }),
    );
    expect(refunds.reduce((a, b) => a + b, 0)).toBe(3897);
  });
});

describe('the schemes a register uses', () => {
  const store = { store: 'S1', program: 'MAIN' };
  const at = Date.parse('2026-03-01T10:00:00Z');
  const BASE_V3: Scheme = { ...TEST_SCHEME, id: 'BASE', version: 3 };
  const PROMO: Scheme = {
    ...TEST_SCHEME,
    id: 'PROMO',
    version: 1,
    earning: [{ ...earningLine('P1', 7), filter: { category: 'SHOES' } }],
    redemption: [],
  };

  it('are every scheme valid now for the store, each at its newest version', () => {
    const schemes = [
      { ...TEST_SCHEME, version: 1 },
      { ...TEST_SCHEME, version: 2 },
      { ...TEST_SCHEME, version: 3, validFrom: '2026-04-01T00:00:00.000Z' },
      { ...TEST_SCHEME, id: 'OTHER', version: 9, stores: ['S2'] },
      { ...TEST_SCHEME, id: 'ELSEWHERE', version: 1, program: 'OTHER' },
      BASE_V3,
      PROMO,
    ];
    expect(schemesThatApply(schemes, store, at).map((s) => `${s.id}@${s.version}`)).toEqual([
      'BASE@3',
      'PROMO@1',
      'SCH@2',
    ]);
  });

  it('earn together: a base scheme at v3 and a promotion at v1 both give points', () => {
    const lines = priceLines([{ id: '1', product: SHOE, quantity: 1 }], null, 'USD');
    const schemes = schemesThatApply([PROMO, BASE_V3], store, at);
    const receipt = buildSaleReceipt(
      { currency: 'USD', schemes, rewardPoints: [STAR] },
      {
        staff: 'C1',
        card: BASE,
        lines,
        pointsTenders: [],
        moneyTenders: [],
        offline: true,
        newId: randomUUID,
      },
    );
    const fact = asFact(receipt);
    expect(fact.receipt.schemes).toEqual([
      { id: 'BASE', version: 3 },
      { id: 'PROMO', version: 1 },
    ]);
    const earns = fact.receipt.entries.filter((e) => e.kind === 'earn');
    expect(earns.map((e) => [e.scheme, e.rules])).toEqual([
      [{ id: 'BASE', version: 3 }, { E1: 120 }],
      [{ id: 'PROMO', version: 1 }, { P1: 84 }],
    ]);
    expect(fact.receipt.lines[0]?.earned).toEqual({ STAR: 204 });
  });

  it('reads an older fact that stamped one scheme', () => {
    const receipt = buildSaleReceipt(SETUP, {
      staff: 'C1',
      card: BASE,
      lines: priceLines([{ id: '1', product: SHOE, quantity: 1 }], null, 'USD'),
      pointsTenders: [],
      moneyTenders: [],
      offline: true,
      newId: randomUUID,
    });
    const older = { ...receipt, scheme: { id: 'SCH', version: 1 } };
    delete older.schemes;
    const fact = asFact(older);
    expect(stampedSchemes(fact.receipt)).toEqual([{ id: 'SCH', version: 1 }]);
    expect(stampedSchemes(asFact(receipt).receipt)).toEqual([{ id: 'SCH', version: 1 }]);
  });
});

describe('property: the receipt and its entries agree', () => {
  it('sums the lines earned to the earn entries for any basket', () => {
    const basketLine = fc.record({
      price: fc.integer({ min: 1, max: 50_000 }),
      quantity: fc.integer({ min: 1, max: 9 }),
      socks: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(basketLine, { minLength: 1, maxLength: 20 }), (basket) => {
        const items: BasketLine[] = basket.map((line, i) => ({
          id: String(i + 1),
          product: product(
            `P${i}`,
            `${Math.floor(line.price / 100)}.${String(line.price % 100).padStart(2, '0')}`,
            line.socks ? 'SOCKS' : 'SHOES',
          ),
          quantity: line.quantity,
        }));
        const priced = priceLines(items, { percent: 10, category: 'SOCKS' }, 'USD');
        const receipt = buildSaleReceipt(SETUP, {
          staff: 'C1',
          card: BASE,
          lines: priced,
          pointsTenders: [],
          moneyTenders: [],
          offline: true,
          newId: randomUUID,
        });
        const fromLines = receipt.lines.reduce((n, l) => n + (l.earned['STAR'] ?? 0), 0);
        const fromEntries = receipt.entries.reduce((n, e) => n + e.points, 0);
        expect(fromLines).toBe(fromEntries);
      }),
    );
  });
});
