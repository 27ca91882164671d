import { describe, expect, it } from 'vitest';
import { distributedTierActivity, provisionalTierOf } from '../../shared/checkout/provisionalTier';
import type { Program } from '../../shared/domain/loyalty';
import type { TierActivity } from '../../shared/engine/tiers';
import type { CardSummary } from '../../shared/protocol/sync';
import { DAY_MS, formatInstant } from '../../shared/units/time';
import { NOW } from '../support/factories';

const year = { value: 1, unit: 'year' } as const;
const rule = (minimum: number) => [{ id: 'R', rewardPoint: 'STAR', minimum, window: year }];
const program: Program = {
  id: 'MAIN',
  name: 'Main',
  tiers: [
    { id: 'BASE', name: 'Base', level: 0, stay: null, discount: null, rules: [] },
    { id: 'SILVER', name: 'Silver', level: 1, stay: year, discount: null, rules: rule(500) },
    { id: 'GOLD', name: 'Gold', level: 2, stay: year, discount: null, rules: rule(1000) },
  ],
};
const lot = (points: number, daysAgo: number): TierActivity => ({
  rewardPoint: 'STAR',
  points,
  at: NOW - daysAgo * DAY_MS,
});
const earned = (points: number, kind = 'earn') => ({
  rewardPoint: 'STAR',
  kind,
  points,
  at: NOW - 60_000,
});

describe('a provisional tier at the register', () => {
  it('is the tier the lots and this register’s unposted earnings reach, above the current one', () => {
    const tier = provisionalTierOf(program, 'SILVER', [lot(700, 30)], [earned(400)], NOW);
    expect(tier?.id).toBe('GOLD');
  });

  it('is none when the earnings reach no higher tier, or only the current one', () => {
    expect(provisionalTierOf(program, 'BASE', [lot(100, 3)], [earned(100)], NOW)).toBeNull();
    expect(provisionalTierOf(program, 'GOLD', [lot(900, 3)], [earned(400)], NOW)).toBeNull();
  });

  it('counts an entry the device stamped ahead of the server time as earned now', () => {
    const ahead = [{ ...earned(600), at: NOW + 5_000 }];
    expect(provisionalTierOf(program, 'BASE', [], ahead, NOW)?.id).toBe('SILVER');
  });

  it('counts neither lots earned before the window nor entries that do not count towards tiers', () => {
    const old = [lot(900, 400)];
    // Counted, the old lot would make it GOLD.
    expect(provisionalTierOf(program, 'BASE', old, [earned(600)], NOW)?.id).toBe('SILVER');
    const refund = [earned(1200, 'refundRedeem')];
    expect(provisionalTierOf(program, 'BASE', [], refund, NOW)).toBeNull();
  });

  it('counts the points the card earned in the window, spent or not, when head office sent them', () => {
    const card: CardSummary = {
      number: '1000000009',
      customer: null,
      tier: 'SILVER',
      tierValidUntil: null,
      status: 'active',
      // 900 earned 20 days ago, 800 of them spent: only 100 left in the lot.
      lots: [
        {
          id: 'L1',
          rewardPoint: 'STAR',
          remaining: 100,
          earnedAt: formatInstant(NOW - 20 * DAY_MS),
          vestsAt: null,
          expiresAt: null,
        },
      ],
      debt: {},
      tierPoints: [
        { rewardPoint: 'STAR', points: 900, earnedAt: formatInstant(NOW - 20 * DAY_MS) },
        { rewardPoint: 'STAR', points: 700, earnedAt: formatInstant(NOW - 400 * DAY_MS) },
      ],
    };
    const counted = distributedTierActivity(card);
    expect(provisionalTierOf(program, 'SILVER', counted, [earned(200)], NOW)?.id).toBe('GOLD');
    // Without them only the lots' remainders are known: 100 + 200 reaches no higher tier.
    const { tierPoints, ...older } = card;
    expect(tierPoints).toHaveLength(2);
    const fromLots = distributedTierActivity(older);
    expect(fromLots).toEqual([{ rewardPoint: 'STAR', points: 100, at: NOW - 20 * DAY_MS }]);
    expect(provisionalTierOf(program, 'SILVER', fromLots, [earned(200)], NOW)).toBeNull();
  });
});
