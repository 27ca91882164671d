import { describe, expect, it } from 'vitest';
import { simulate } from '../../shared/simulator/simulate';
import { netOfGross, vatByRate, vatOfGross, vatRatePercent } from '../../shared/units/vat';

describe('VAT included in a shelf price', () => {
  it('takes gross * rate / (1 + rate) out of a line, half up to the cent', () => {
    expect(vatOfGross(1210, 2100)).toBe(210);
    expect(vatOfGross(575, 900)).toBe(47); // 47.48
    expect(vatOfGross(106, 600)).toBe(6); // exactly 6.00
    expect(vatOfGross(53, 600)).toBe(3); // 3.0 exactly: 53 * 600 / 10600
    expect(vatOfGross(9, 1200)).toBe(1); // 0.964
    expect(vatOfGross(1000, 0)).toBe(0);
    expect(netOfGross(1210, 2100)).toBe(1000);
  });

  it('rounds a half cent up', () => {
    // At 100 % a line holds exactly half its gross in VAT.
    expect(vatOfGross(1, 10_000)).toBe(1); // 0.5 goes up
    expect(vatOfGross(3, 10_000)).toBe(2); // 1.5 goes up
  });

  it('refuses a rate outside 0..100 %', () => {
    expect(() => vatOfGross(100, -1)).toThrow(RangeError);
    expect(() => vatOfGross(100, 10_001)).toThrow(RangeError);
  });

  it('sums each rate’s lines, each rounded on its own, lowest rate first', () => {
    expect(
      vatByRate([
        { gross: 1210, rate: 2100 },
        { gross: 575, rate: 900 },
        { gross: 575, rate: 900 },
      ]),
    ).toEqual([
      { rate: 900, gross: 1150, vat: 94, net: 1056 },
      { rate: 2100, gross: 1210, vat: 210, net: 1000 },
    ]);
  });

  it('prints a rate as a percentage', () => {
    expect([2100, 550, 0, 1, 10, 1250].map(vatRatePercent)).toEqual([
      '21',
      '5.5',
      '0',
      '0.01',
      '0.1',
      '12.5',
    ]);
  });
});

describe('the simulator with VAT', () => {
  const input = (netAmount: string, vatRate?: number) => ({
    at: '2026-03-01T10:00:00Z',
    currency: 'EUR',
    rewardPoints: [
      {
        id: 'STAR',
        name: 'Star',
        type: 'quantity',
        redeemable: true,
        redeemRanking: 1,
        redemptionThreshold: null,
        maxPerCard: null,
        expiry: null,
        expiryCalculation: 'static',
        vesting: null,
      },
    ],
    scheme: {
      id: 'S',
      version: 1,
      program: 'P',
      validFrom: null,
      validTo: null,
      stores: [],
      earning: [
        {
          id: 'E1',
          tier: null,
          affiliation: null,
          activity: 'salesAmount',
          filter: null,
          per: '1.00',
          rewardPoint: 'STAR',
          points: 10,
        },
      ],
      redemption: [],
      excludedAffiliations: [],
    },
    card: { tier: null, affiliations: [], lots: [] },
    sale: {
      lines: [
        {
          id: 'L1',
          product: 'P1',
          category: 'C',
          quantity: 1,
          netAmount,
          ...(vatRate === undefined ? {} : { vatRate }),
        },
      ],
    },
  });

  it('earns on a VAT-inclusive amount as on its net amount before tax', () => {
    const gross = simulate(input('12.10', 2100));
    const net = simulate(input('10.00'));
    expect(gross).toEqual(net);
    expect(simulate(input('12.10'))).not.toEqual(net);
  });
});
