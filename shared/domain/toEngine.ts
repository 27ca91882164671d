import { parseAmount } from '../units/money';
import { parseInstant } from '../units/time';
import { minor } from '../units/integers';
import type { RewardPointRules, RewardRules, SaleLine, SchemeRules } from '../engine/model';
import type { TierRules } from '../engine/tiers';
import type { EarningLine, Reward, RewardPoint, Scheme, Tier } from './loyalty';
import type { Conditions } from '../engine/conditions';
import { minuteOfDay } from '../units/localTime';

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

/** A tier as the tier rules of the engine read it. */
export function toTierRules(tier: Pick<Tier, 'id' | 'level' | 'stay' | 'rules'>): TierRules {
  return {
    id: tier.id,
    level: tier.level,
    stay: tier.stay,
    rules: tier.rules.map((rule) => ({
      rewardPoint: rule.rewardPoint,
      minimum: rule.minimum,
      window: rule.window,
    })),
  };
}

export function rewardPointMap(rps: readonly RewardPoint[]): Map<string, RewardPointRules> {
  return new Map(rps.map((rp) => [rp.id, rewardPointRules(rp)]));
}

const instantOrNull = (text: string | null): number | null =>
  text === null ? null : parseInstant(text);

const amountOrNull = (text: string | null | undefined, currency: string) =>
  text == null ? null : parseAmount(text, currency);

/** An earning line's promotion conditions in the engine's terms, or none when it has none. */
function lineConditions(line: EarningLine, currency: string): Conditions | undefined {
  const conditions: Conditions = {
    validFrom: instantOrNull(line.validFrom ?? null),
    validTo: instantOrNull(line.validTo ?? null),
    days: line.days ?? null,
    hours: line.hours
      ? { from: minuteOfDay(line.hours.from), to: minuteOfDay(line.hours.to) }
      : null,
    minimumBasket: amountOrNull(line.minimumBasket, currency),
  };
  return Object.values(conditions).some((v) => v !== null) ? conditions : undefined;
}

export function schemeRules(scheme: Scheme, currency: string): SchemeRules {
  return {
    id: scheme.id,
    version: scheme.version,
    ...(scheme.name ? { name: scheme.name } : {}),
    excludedAffiliations: scheme.excludedAffiliations,
    minimumBasket: amountOrNull(scheme.minimumBasket, currency),
    earning: scheme.earning.map((line) => {
      const conditions = lineConditions(line, currency);
      return {
        id: line.id,
        tier: line.tier,
        affiliation: line.affiliation,
        activity: line.activity,
        filter: line.filter,
        rewardPoint: line.rewardPoint,
        points: line.points,
        per: typeof line.per === 'string' ? parseAmount(line.per, currency) : line.per,
        ...(conditions ? { conditions } : {}),
        ...(line.multiplier ? { multiplier: line.multiplier } : {}),
        ...(line.extraPoints ? { extraPoints: line.extraPoints } : {}),
      };
    }),
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
  readonly vatRate?: number | undefined;
}

export function saleLine(line: WireSaleLine, currency: string): SaleLine {
  return { ...line, netAmount: minor(parseAmount(line.netAmount, currency)) };
}

export function rewardRules(reward: Reward, currency: string): RewardRules {
  const { benefit } = reward;
  return {
    id: reward.id,
    rewardPoint: reward.rewardPoint,
    points: reward.points,
    maximum: reward.maximum === null ? null : minor(parseAmount(reward.maximum, currency)),
    benefit:
      benefit.kind === 'amountOff'
        ? { ...benefit, amount: minor(parseAmount(benefit.amount, currency)) }
        : benefit,
  };
}
