import { describe, expect, it } from 'vitest';
import { quoteRedemption, redeem, type RedemptionInput } from '../../shared/engine/redemption';
import { minor } from '../../shared/units/integers';
import {
  card,
  lot,
  NOW,
  redemptionRule,
  rewardPoint,
  rewardPoints,
  saleLine,
  scheme,
  at,
} from '../support/factories';

function input(overrides: Partial<RedemptionInput> = {}): RedemptionInput {
  return {
    schemes: [scheme({ redemption: [redemptionRule()] })],
    rewardPoints: rewardPoints(),
    card,
    lots: [lot('L1', 1000)],
    lines: [saleLine('1', 500)],
    at: NOW,
    ...overrides,
  };
}

describe('redemption', () => {
  it('prices points continuously with ceil: 10 points = 2.00 covering 3.00 costs 15', () => {
    const result = redeem(
      input({
        schemes: [scheme({ redemption: [redemptionRule({ points: 10, amount: minor(200) })] })],
      }),
      300,
    );
    expect(result).toMatchObject({ ok: true, covered: 300, points: { STAR: 15 } });
  });

  it('rounds the points for a part of a unit up, and values leftover points down', () => {
    const thirds = scheme({ redemption: [redemptionRule({ points: 3, amount: minor(100) })] });
    expect(redeem(input({ schemes: [thirds] }), 50)).toMatchObject({
      ok: true,
      points: { STAR: 2 },
    });
    expect(redeem(input({ schemes: [thirds] }), 100)).toMatchObject({
      ok: true,
      points: { STAR: 3 },
    });
    expect(quoteRedemption(input({ schemes: [thirds], lots: [lot('L1', 5)] })).canCover).toBe(166);
  });

  it('uses the cheapest eligible line for each sale line', () => {
    const rules = [
      redemptionRule({ id: 'DEAR', points: 200, amount: minor(100) }),
      redemptionRule({
        id: 'SHOES',
        points: 50,
        amount: minor(100),
        filter: { category: 'SHOES' },
      }),
    ];
    const lines = [saleLine('1', 100, { category: 'SHOES' }), saleLine('2', 100)];
    const result = redeem(input({ schemes: [scheme({ redemption: rules })], lines }), 200);
    expect(result).toMatchObject({ ok: true, points: { STAR: 250 } });
  });

  it('spends reward points in ranking order', () => {
    const rps = rewardPoints(
      rewardPoint({ id: 'A', redeemRanking: 2 }),
      rewardPoint({ id: 'B', redeemRanking: 1 }),
    );
    const rules = [
      redemptionRule({ id: 'RA', rewardPoint: 'A' }),
      redemptionRule({ id: 'RB', rewardPoint: 'B' }),
    ];
    const lots = [lot('LA', 1000, { rewardPoint: 'A' }), lot('LB', 300, { rewardPoint: 'B' })];
    const result = redeem(
      input({ rewardPoints: rps, schemes: [scheme({ redemption: rules })], lots }),
      500,
    );
    expect(result).toMatchObject({ ok: true, points: { B: 300, A: 200 } });
  });

  it('ignores lines outside their validity and non-redeemable reward points', () => {
    const rules = [redemptionRule({ validTo: at('2026-02-01T00:00:00Z') })];
    expect(quoteRedemption(input({ schemes: [scheme({ redemption: rules })] })).canCover).toBe(0);
    const locked = rewardPoints(rewardPoint({ redeemable: false }));
    expect(quoteRedemption(input({ rewardPoints: locked })).canCover).toBe(0);
  });

  it('consumes soonest-expiring lots first, never-expiring ones last', () => {
    const lots = [
      lot('NEVER', 500),
      lot('LATE', 500, { expiresAt: at('2026-12-01T00:00:00Z') }),
      lot('SOON', 100, { expiresAt: at('2026-04-01T00:00:00Z') }),
    ];
    const result = redeem(input({ lots, lines: [saleLine('1', 5000)] }), 1000);
    expect(result).toMatchObject({
      ok: true,
      lots: [
        { id: 'SOON', points: 100 },
        { id: 'LATE', points: 500 },
        { id: 'NEVER', points: 400 },
      ],
    });
  });

  it('refuses a tender the points cannot cover, and one below the threshold, with the reason', () => {
    expect(redeem(input(), 1001)).toEqual({ ok: false, error: 'insufficient', canCover: 500 });
    const high = rewardPoints(rewardPoint({ redemptionThreshold: 2000 }));
    expect(redeem(input({ rewardPoints: high }), 100)).toMatchObject({
      ok: false,
      error: 'threshold',
    });
  });

  it('cannot cover more than the sale', () => {
    expect(quoteRedemption(input({ lots: [lot('L1', 100000)] })).canCover).toBe(500);
  });
});
