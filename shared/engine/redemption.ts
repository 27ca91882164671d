import { compareRatios, mulDivCeil, mulDivFloor } from '../units/arithmetic';
import type { Instant } from '../units/time';
import { appliesToCard, matchesFilter } from './earning';
import { balanceSummary, lotState, spendOrder, takeFromLots, type Balance } from './lots';
import type {
  CardStanding,
  Lot,
  LotUse,
  PointsByRewardPoint,
  RedemptionRule,
  RewardPointRules,
  SaleLine,
  SchemeRules,
} from './model';

export interface RedemptionInput {
  /** Every scheme that applies (`schemesThatApply`): each line takes the cheapest rule of all. */
  readonly schemes: readonly SchemeRules[];
  readonly rewardPoints: ReadonlyMap<string, RewardPointRules>;
  readonly card: CardStanding;
  readonly lots: readonly Lot[];
  readonly lines: readonly SaleLine[];
  readonly at: Instant;
}

export interface LineCover {
  readonly id: string;
  readonly covered: number;
  readonly points: PointsByRewardPoint;
}

export type RedemptionError = 'insufficient' | 'threshold';

export type Redeemed =
  | {
      readonly ok: true;
      readonly covered: number;
      readonly points: PointsByRewardPoint;
      readonly lots: readonly (LotUse & { readonly rewardPoint: string })[];
      readonly lines: readonly LineCover[];
    }
  | { readonly ok: false; readonly error: RedemptionError; readonly canCover: number };

export interface RedemptionQuote {
  readonly balance: Record<string, Balance>;
  /** Minor units of this sale the available redeemable points can pay. */
  readonly canCover: number;
}

function ruleIsValid(rule: RedemptionRule, at: Instant): boolean {
  return (
    (rule.validFrom === null || rule.validFrom <= at) &&
    (rule.validTo === null || at < rule.validTo)
  );
}

/** Rules usable for this card and time whose reward point is redeemable, grouped later per line. */
function usableRules(input: RedemptionInput): RedemptionRule[] {
  return input.schemes
    .flatMap((scheme) => scheme.redemption)
    .filter(
      (rule) =>
        input.rewardPoints.get(rule.rewardPoint)?.redeemable === true &&
        appliesToCard(rule, input.card) &&
        ruleIsValid(rule, input.at),
    );
}

const cheaper = (a: RedemptionRule, b: RedemptionRule): number =>
  compareRatios(a.points, a.amount, b.points, b.amount);

/** For one sale line: per reward point its cheapest rule, in the order the points are spent. */
function spendPlanForLine(
  line: SaleLine,
  rules: readonly RedemptionRule[],
  rewardPoints: RedemptionInput['rewardPoints'],
): RedemptionRule[] {
  const cheapest = new Map<string, RedemptionRule>();
  for (const rule of rules) {
    if (!matchesFilter(rule.filter, line)) continue;
    const current = cheapest.get(rule.rewardPoint);
    if (!current || cheaper(rule, current) < 0) cheapest.set(rule.rewardPoint, rule);
  }
  return [...cheapest.values()].sort((a, b) => {
    const ra = rewardPoints.get(a.rewardPoint)?.redeemRanking ?? 0;
    const rb = rewardPoints.get(b.rewardPoint)?.redeemRanking ?? 0;
    if (ra !== rb) return ra - rb;
    const byPrice = cheaper(a, b);
    return byPrice !== 0 ? byPrice : a.rewardPoint.localeCompare(b.rewardPoint);
  });
}

/** Available points per redeemable reward point, zero where the redemption threshold is not met. */
export function spendable(
  input: Pick<RedemptionInput, 'rewardPoints'>,
  balance: Record<string, Balance>,
): {
  spendable: Map<string, number>;
  belowThreshold: Set<string>;
} {
  const result = new Map<string, number>();
  const belowThreshold = new Set<string>();
  for (const [id, b] of Object.entries(balance)) {
    const rp = input.rewardPoints.get(id);
    if (!rp?.redeemable) continue;
    if (rp.redemptionThreshold !== null && b.available < rp.redemptionThreshold) {
      belowThreshold.add(id);
      result.set(id, 0);
    } else {
      result.set(id, Math.max(0, b.available));
    }
  }
  return { spendable: result, belowThreshold };
}

interface Allocation {
  readonly covered: number;
  readonly lines: LineCover[];
  readonly points: PointsByRewardPoint;
  readonly rewardPointsTried: Set<string>;
}

/**
 * Walks the sale lines in order; on each, spends reward points in ranking order at the cheapest
 * rule's continuous price: covering x costs ceil(x * P / A), p points are worth floor(p * A / P).
 */
function allocate(
  input: RedemptionInput,
  available: Map<string, number>,
  limit: number,
): Allocation {
  const rules = usableRules(input);
  const left = new Map(available);
  const points: PointsByRewardPoint = {};
  const lines: LineCover[] = [];
  const rewardPointsTried = new Set<string>();
  let covered = 0;
  for (const line of input.lines) {
    let due = Math.max(0, line.netAmount);
    const linePoints: PointsByRewardPoint = {};
    let lineCovered = 0;
    for (const rule of spendPlanForLine(line, rules, input.rewardPoints)) {
      rewardPointsTried.add(rule.rewardPoint);
      const budget = Math.min(due, limit - covered - lineCovered);
      if (budget <= 0) break;
      const have = left.get(rule.rewardPoint) ?? 0;
      const cover = Math.min(budget, mulDivFloor(have, rule.amount, rule.points));
      if (cover <= 0) continue;
      const cost = mulDivCeil(cover, rule.points, rule.amount);
      left.set(rule.rewardPoint, have - cost);
      linePoints[rule.rewardPoint] = (linePoints[rule.rewardPoint] ?? 0) + cost;
      points[rule.rewardPoint] = (points[rule.rewardPoint] ?? 0) + cost;
      lineCovered += cover;
      due -= cover;
    }
    covered += lineCovered;
    lines.push({ id: line.id, covered: lineCovered, points: linePoints });
  }
  return { covered, lines, points, rewardPointsTried };
}

/** The lots a spend of `cost` points of one reward point consumes: available ones, soonest expiry first. */
export function lotsSpent(
  lots: readonly Lot[],
  rewardPoint: string,
  cost: number,
  at: Instant,
): LotUse[] {
  const candidates = lots.filter(
    (lot) =>
      lot.rewardPoint === rewardPoint && lot.remaining > 0 && lotState(lot, at) === 'available',
  );
  return takeFromLots(spendOrder(candidates), cost).uses;
}

export function quoteRedemption(input: RedemptionInput): RedemptionQuote {
  const balance = balanceSummary(input.lots, input.at);
  const { spendable: available } = spendable(input, balance);
  return { balance, canCover: allocate(input, available, Number.MAX_SAFE_INTEGER).covered };
}

/**
 * Pays `tender` minor units of the sale with points (PRODUCT 4.2), or refuses with the reason.
 * The lots consumed are listed soonest expiry first within each reward point.
 */
export function redeem(input: RedemptionInput, tender: number): Redeemed {
  if (!Number.isSafeInteger(tender) || tender <= 0)
    throw new RangeError('a points tender must be a positive amount');
  const balance = balanceSummary(input.lots, input.at);
  const { spendable: available, belowThreshold } = spendable(input, balance);
  const full = allocate(input, available, Number.MAX_SAFE_INTEGER);
  if (full.covered < tender) {
    const blocked = [...full.rewardPointsTried].some((id) => belowThreshold.has(id));
    return { ok: false, error: blocked ? 'threshold' : 'insufficient', canCover: full.covered };
  }
  const allocation = allocate(input, available, tender);
  const lots: (LotUse & { rewardPoint: string })[] = [];
  for (const [rewardPoint, cost] of Object.entries(allocation.points)) {
    for (const use of lotsSpent(input.lots, rewardPoint, cost, input.at))
      lots.push({ ...use, rewardPoint });
  }
  return {
    ok: true,
    covered: allocation.covered,
    points: allocation.points,
    lots,
    lines: allocation.lines,
  };
}

/**
 * What `points` are worth on one sale line under the cheapest rule of each reward point usable for
 * the card at `at` (floor(p * A / P), as `allocate` prices them): points with no such rule are worth
 * nothing. A cover the register claims for the line must not exceed this.
 */
export function worthOnLine(
  input: Omit<RedemptionInput, 'lots' | 'lines'>,
  line: SaleLine,
  points: PointsByRewardPoint,
): number {
  const rules = usableRules({ ...input, lots: [], lines: [] });
  let worth = 0;
  for (const rule of spendPlanForLine(line, rules, input.rewardPoints)) {
    const spent = points[rule.rewardPoint] ?? 0;
    if (spent > 0) worth += mulDivFloor(spent, rule.amount, rule.points);
  }
  return worth;
}
