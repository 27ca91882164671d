import { describe, expect, it } from 'vitest';
import { evaluateTier, type TierRules } from '../../shared/engine/tiers';
import { addPeriod } from '../../shared/units/time';
import { at, NOW } from '../support/factories';

const year = { value: 1, unit: 'year' } as const;
const tiers: TierRules[] = [
  { id: 'BASE', level: 0, stay: null, rules: [] },
  {
    id: 'SILVER',
    level: 1,
    stay: year,
    rules: [{ rewardPoint: 'TIER', minimum: 500, window: year }],
  },
  {
    id: 'GOLD',
    level: 2,
    stay: year,
    rules: [
      { rewardPoint: 'TIER', minimum: 1000, window: year },
      { rewardPoint: 'VISITS', minimum: 20, window: { value: 3, unit: 'month' } },
    ],
  },
];

describe('tiers', () => {
  it('reaches the highest tier any of whose rules the window meets', () => {
    const result = evaluateTier(
      tiers,
      { tier: 'BASE', validUntil: null },
      [{ rewardPoint: 'TIER', points: 600, at: NOW }],
      NOW,
    );
    expect(result).toEqual({ tier: 'SILVER', validUntil: addPeriod(NOW, year), changed: true });
    const byVisits = evaluateTier(
      tiers,
      { tier: 'BASE', validUntil: null },
      [{ rewardPoint: 'VISITS', points: 20, at: NOW }],
      NOW,
    );
    expect(byVisits.tier).toBe('GOLD');
  });

  it('counts only points inside the evaluation window', () => {
    const old = [{ rewardPoint: 'TIER', points: 5000, at: at('2024-01-01T00:00:00Z') }];
    expect(evaluateTier(tiers, { tier: null, validUntil: null }, old, NOW).tier).toBe('BASE');
  });

  it('keeps a tier for its stay, then falls to the highest it still qualifies for', () => {
    const until = at('2026-06-01T00:00:00Z');
    const held = evaluateTier(
      tiers,
      { tier: 'GOLD', validUntil: until },
      [{ rewardPoint: 'TIER', points: 600, at: NOW }],
      NOW,
    );
    expect(held).toMatchObject({ tier: 'GOLD', validUntil: until, changed: false });
    const later = at('2026-07-01T00:00:00Z');
    const fallen = evaluateTier(
      tiers,
      { tier: 'GOLD', validUntil: until },
      [{ rewardPoint: 'TIER', points: 600, at: NOW }],
      later,
    );
    expect(fallen).toMatchObject({
      tier: 'SILVER',
      validUntil: addPeriod(later, year),
      changed: true,
    });
  });

  it('extends the stay when the card requalifies', () => {
    const until = at('2026-06-01T00:00:00Z');
    const result = evaluateTier(
      tiers,
      { tier: 'SILVER', validUntil: until },
      [{ rewardPoint: 'TIER', points: 500, at: NOW }],
      NOW,
    );
    expect(result).toMatchObject({
      tier: 'SILVER',
      validUntil: addPeriod(NOW, year),
      changed: true,
    });
  });
});
