import type { LedgerFact } from '../../shared/engine/ledger';
import type {
  EarningRule,
  Lot,
  RedemptionRule,
  RewardPointRules,
  SaleLine,
  SchemeRules,
} from '../../shared/engine/model';
import { minor, points } from '../../shared/units/integers';
import { parseInstant } from '../../shared/units/time';

/** Shared builders for engine tests: sensible defaults, override what the test is about. */
export const at = (iso: string): number => parseInstant(iso);
export const NOW = at('2026-03-01T10:00:00Z');

export function rewardPoint(overrides: Partial<RewardPointRules> = {}): RewardPointRules {
  return {
    id: 'STAR',
    type: 'quantity',
    redeemable: true,
    redeemRanking: 1,
    redemptionThreshold: null,
    maxPerCard: null,
    expiry: null,
    expiryCalculation: 'static',
    vesting: null,
    ...overrides,
  };
}

export function rewardPoints(...rps: RewardPointRules[]): Map<string, RewardPointRules> {
  return new Map((rps.length ? rps : [rewardPoint()]).map((rp) => [rp.id, rp]));
}

export function earningRule(overrides: Partial<EarningRule> = {}): EarningRule {
  return {
    id: 'E1',
    tier: null,
    affiliation: null,
    activity: 'salesAmount',
    filter: null,
    per: 100,
    rewardPoint: 'STAR',
    points: 10,
    ...overrides,
  };
}

export function redemptionRule(overrides: Partial<RedemptionRule> = {}): RedemptionRule {
  return {
    id: 'R1',
    tier: null,
    affiliation: null,
    filter: null,
    rewardPoint: 'STAR',
    points: 100,
    amount: minor(100),
    validFrom: null,
    validTo: null,
    ...overrides,
  };
}

export function scheme(overrides: Partial<SchemeRules> = {}): SchemeRules {
  return {
    id: 'S1',
    version: 1,
    earning: [],
    redemption: [],
    excludedAffiliations: [],
    ...overrides,
  };
}

export function saleLine(
  id: string,
  netAmount: number,
  overrides: Partial<Omit<SaleLine, 'netAmount'>> = {},
): SaleLine {
  return {
    id,
    product: `P${id}`,
    category: 'GENERAL',
    quantity: 1,
    netAmount: minor(netAmount),
    ...overrides,
  };
}

export function lot(
  id: string,
  remaining: number,
  overrides: Partial<Omit<Lot, 'remaining'>> = {},
): Lot {
  return {
    id,
    rewardPoint: 'STAR',
    remaining: points(remaining),
    earnedAt: null,
    vestsAt: null,
    expiresAt: null,
    ...overrides,
  };
}

export function entry(
  id: string,
  kind: LedgerFact['kind'],
  pts: number,
  overrides: Partial<LedgerFact> = {},
): LedgerFact {
  return {
    id,
    kind,
    points: pts,
    rewardPoint: 'STAR',
    at: NOW,
    vestsAt: null,
    expiresAt: null,
    ...overrides,
  };
}

export const card = { tier: null, affiliations: [] as string[] };
