import { parseAmount } from '../units/money';
import { parseInstant } from '../units/time';
import { minor } from '../units/integers';
import type { RewardPointRules, SaleLine, SchemeRules } from '../engine/model';
import type { RewardPoint, Scheme } from './loyalty';

/** Converts wire data (decimal strings, ISO instants) into the engine's integer model. */
export function rewardPointRules(rp: RewardPoint): RewardPointRules {
  return {
    id: rp.id,
    type: rp.type,
    redeemable: rp.redeemable,
    redeemRanking: rp.redeemRanking,
    redemptionThreshold: rp.redemptionThreshold,
    maxPerCard: rp.maxPerCard,
    expiry: rp.expiry,
    expiryCalculation: rp.expiryCalculation,
    vesting: rp.vesting,
  };
}

export function rewardPointMap(rps: readonly RewardPoint[]): Map<string, RewardPointRules> {
  return new Map(rps.map((rp) => [rp.id, rewardPointRules(rp)]));
}

const instantOrNull = (text: string | null): number | null =>
  text === null ? null : parseInstant(text);

export function schemeRules(scheme: Scheme, currency: string): SchemeRules {
  return {
    id: scheme.id,
    version: scheme.version,
    excludedAffiliations: scheme.excludedAffiliations,
    earning: scheme.earning.map((line) => ({
      ...line,
      per: typeof line.per === 'string' ? parseAmount(line.per, currency) : line.per,
    })),
    redemption: scheme.redemption.map((line) => ({
      ...line,
      amount: parseAmount(line.amount, currency),
      validFrom: instantOrNull(line.validFrom),
      validTo: instantOrNull(line.validTo),
    })),
  };
}

export interface WireSaleLine {
  readonly id: string;
  readonly product: string;
  readonly category: string;
  readonly quantity: number;
  readonly netAmount: string;
}

export function saleLine(line: WireSaleLine, currency: string): SaleLine {
  return { ...line, netAmount: minor(parseAmount(line.netAmount, currency)) };
}
