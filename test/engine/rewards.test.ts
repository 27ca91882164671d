import { describe, expect, it } from 'vitest';
import type { RewardRules } from '../../shared/engine/model';
import { affordableRewards, applyReward, rewardDiscount } from '../../shared/engine/rewards';
import { minor } from '../../shared/units/integers';
import { at, lot, NOW, rewardPoint, rewardPoints, saleLine } from '../support/factories';
import { simulate, SimulationInputError } from '../../shared/simulator/simulate';

const freeCoffee: RewardRules = {
  id: 'COFFEE',
  rewardPoint: 'STAR',
  points: 300,
  benefit: { kind: 'freeProduct', product: 'COFFEE' },
  maximum: null,
};
const tenOffSale: RewardRules = {
  id: 'TEN',
  rewardPoint: 'STAR',
  points: 500,
  benefit: { kind: 'amountOff', amount: minor(1000), on: null },
  maximum: null,
};

const stars = rewardPoints(rewardPoint({ id: 'STAR' }));

describe('rewards', () => {
  it('a free product takes one item off the line with the cheapest item', () => {
    const lines = [
      saleLine('1', 900, { product: 'COFFEE', quantity: 3 }),
      saleLine('2', 250, { product: 'COFFEE' }),
    ];
    expect(rewardDiscount(freeCoffee, lines)).toEqual([0, 250]);
  });

  it('an amount off never exceeds the basket, a maximum crops it', () => {
    const lines = [saleLine('1', 600), saleLine('2', 200)];
    expect(rewardDiscount(tenOffSale, lines)).toEqual([600, 200]);
    expect(rewardDiscount({ ...tenOffSale, maximum: minor(400) }, lines)).toEqual([300, 100]);
  });

  it('spends the price from the soonest-expiring available lots, skipping expired ones', () => {
    const lots = [
      lot('LATE', 400, { expiresAt: at('2026-12-31T00:00:00Z') }),
      lot('GONE', 900, { expiresAt: at('2026-02-01T00:00:00Z') }),
      lot('SOON', 100, { expiresAt: at('2026-03-10T00:00:00Z') }),
    ];
    const result = applyReward(freeCoffee, {
      rewardPoints: stars,
      lots,
      lines: [saleLine('1', 250, { product: 'COFFEE' })],
      at: NOW,
    });
    expect(result).toMatchObject({
      ok: true,
      discount: 250,
      lots: [
        { id: 'SOON', points: 100 },
        { id: 'LATE', points: 200 },
      ],
      lines: [{ id: '1', discount: 250, points: 300 }],
    });
  });

  it('refuses what the card cannot afford, what the basket lacks, and below the threshold', () => {
    const lines = [saleLine('1', 250, { product: 'COFFEE' })];
    const input = { rewardPoints: stars, lots: [lot('L', 299)], lines, at: NOW };
    expect(applyReward(freeCoffee, input)).toEqual({ ok: false, error: 'insufficient' });
    expect(applyReward(freeCoffee, { ...input, lines: [saleLine('1', 250)] })).toEqual({
      ok: false,
      error: 'notApplicable',
    });
    const high = rewardPoints(rewardPoint({ id: 'STAR', redemptionThreshold: 1000 }));
    expect(
      applyReward(freeCoffee, { ...input, rewardPoints: high, lots: [lot('L', 500)] }),
    ).toEqual({ ok: false, error: 'threshold' });
    expect(
      affordableRewards([freeCoffee, tenOffSale], { ...input, lots: [lot('L', 400)] }),
    ).toEqual([{ reward: freeCoffee, discount: 250 }]);
  });

  it('the simulator names a reward it does not know', () => {
    const file = {
      at: '2026-03-01T10:00:00Z',
      currency: 'USD',
      rewardPoints: [],
      scheme: { id: 'S', version: 1, earning: [], redemption: [], excludedAffiliations: [] },
      card: { tier: null, affiliations: [], lots: [] },
      applyReward: 'NOPE',
    };
    expect(() => simulate(file)).toThrow(SimulationInputError);
    expect(() => simulate(file)).toThrow(/applyReward: unknown reward "NOPE"/);
  });
});
