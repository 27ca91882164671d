import { describe, expect, it } from 'vitest';
import { splitByLargestRemainder } from '../../shared/engine/attribution';
import { awardActivity } from '../../shared/engine/activity';
import { computeEarning } from '../../shared/engine/earning';
import {
  card,
  earningRule,
  rewardPoint,
  rewardPoints,
  saleLine,
  scheme,
} from '../support/factories';

describe('largest-remainder split', () => {
  it('sums to the total and gives ties to the earlier line', () => {
    expect(splitByLargestRemainder(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(splitByLargestRemainder(4, [350, 100])).toEqual([3, 1]);
    expect(splitByLargestRemainder(5, [0, 0])).toEqual([3, 2]);
    expect(splitByLargestRemainder(-5, [1, 1])).toEqual([-3, -2]);
  });
});

describe('earning', () => {
  it('amount-type points are total / per x points, rounded half up to the minor unit', () => {
    const result = computeEarning({
      schemes: [scheme({ earning: [earningRule({ per: 100, points: 5 })] })],
      rewardPoints: rewardPoints(rewardPoint({ type: 'amount' })),
      card,
      lines: [saleLine('1', 1299)],
    });
    expect(result.earned).toEqual({ STAR: 65 });
  });

  it('a line for one tier does not apply to another; an affiliation line needs that affiliation', () => {
    const rules = [
      earningRule({ id: 'GOLD', tier: 'GOLD' }),
      earningRule({ id: 'VET', affiliation: 'VETERAN', points: 5 }),
    ];
    const silver = computeEarning({
      schemes: [scheme({ earning: rules })],
      rewardPoints: rewardPoints(),
      card: { tier: 'SILVER', affiliations: ['VETERAN'] },
      lines: [saleLine('1', 1000)],
    });
    expect(silver.rules).toEqual({ VET: 50 });
  });

  it('a product filter counts only that product', () => {
    const result = computeEarning({
      schemes: [scheme({ earning: [earningRule({ filter: { product: 'P2' } })] })],
      rewardPoints: rewardPoints(),
      card,
      lines: [saleLine('1', 1000), saleLine('2', 300)],
    });
    expect(result.lines.map((l) => l.earned)).toEqual([{}, { STAR: 30 }]);
  });

  it('the part of a line paid with points earns nothing', () => {
    const result = computeEarning({
      schemes: [scheme({ earning: [earningRule()] })],
      rewardPoints: rewardPoints(),
      card,
      lines: [saleLine('1', 1000)],
      paidWithPoints: new Map([['1', 250]]),
    });
    expect(result.earned).toEqual({ STAR: 70 });
  });

  it('other activities earn only through their own lines, within the count', () => {
    const s = scheme({
      earning: [
        earningRule(),
        earningRule({ id: 'NEWS', activity: 'otherActivity:newsletter', per: 1, points: 200 }),
      ],
    });
    const sale = computeEarning({
      schemes: [s],
      rewardPoints: rewardPoints(),
      card,
      lines: [saleLine('1', 100)],
    });
    expect(sale.rules).toEqual({ E1: 10 });
    const award = (id: string) =>
      awardActivity({
        schemes: [s],
        card,
        type: { id, rewardPoint: 'STAR', points: 0, perCustomerLimit: null },
        timesAwarded: 0,
      });
    expect(award('newsletter')).toMatchObject({ earned: { STAR: 200 } });
    expect(award('review')).toMatchObject({ earned: {} });
  });

  it('the cap crops what a card at its limit earns and records the rest', () => {
    const result = computeEarning({
      schemes: [scheme({ earning: [earningRule()] })],
      rewardPoints: rewardPoints(rewardPoint({ maxPerCard: 100 })),
      card,
      lines: [saleLine('1', 600), saleLine('2', 400)],
      balances: { STAR: 40 },
    });
    expect(result).toMatchObject({
      earned: { STAR: 60 },
      cropped: { STAR: 40 },
      rules: { E1: 100 },
    });
    expect(result.lines.map((l) => l.earned)).toEqual([{ STAR: 36 }, { STAR: 24 }]);
  });
});
