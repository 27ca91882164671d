import { mulDivRoundHalfUp, sum } from '../units/arithmetic';
import type {
  CardStanding,
  EarningRule,
  LineFilter,
  PointsByRewardPoint,
  RewardPointRules,
  SaleLine,
  SchemeRules,
} from './model';
import { netOfGross } from '../units/vat';
import { splitByLargestRemainder } from './attribution';
import { meetsConditions, type SaleMoment } from './conditions';

/** What one sale earns: per reward point, per earning line (rule) and per sale line. */
export interface Earning {
  /** After the cap, per reward point (non-zero only). */
  readonly earned: PointsByRewardPoint;
  /** Before the cap, per earning line id (non-zero only). */
  readonly rules: Record<string, number>;
  /** What the cap took away, per reward point (non-zero only). */
  readonly cropped: PointsByRewardPoint;
  /** Every sale line in input order, with what it carries after the cap and which rules gave it. */
  readonly lines: readonly LineEarning[];
}

export interface LineEarning {
  readonly id: string;
  readonly earned: PointsByRewardPoint;
  readonly rules: Record<string, number>;
}

export interface EarningInput {
  /** Every scheme that applies to the sale (`schemesThatApply`); earning adds up over all of them. */
  readonly schemes: readonly SchemeRules[];
  readonly rewardPoints: ReadonlyMap<string, RewardPointRules>;
  readonly card: CardStanding;
  readonly lines: readonly SaleLine[];
  /** Minor units of each sale line paid with points (by line id); that part earns nothing. */
  readonly paidWithPoints?: ReadonlyMap<string, number>;
  /** The card's current balance per reward point, which the cap is measured against. */
  readonly balances?: PointsByRewardPoint;
  /** When and where the sale is made: promotion lines with days, hours or dates need it. */
  readonly when?: SaleMoment;
}

export function matchesFilter(
  filter: LineFilter,
  line: Pick<SaleLine, 'product' | 'category'>,
): boolean {
  if (filter === null) return true;
  return 'category' in filter ? filter.category === line.category : filter.product === line.product;
}

export function appliesToCard(
  line: { readonly tier: string | null; readonly affiliation: string | null },
  card: CardStanding,
): boolean {
  if (line.tier !== null && line.tier !== card.tier) return false;
  return line.affiliation === null || card.affiliations.includes(line.affiliation);
}

export function isExcluded(scheme: SchemeRules, card: CardStanding): boolean {
  return card.affiliations.some((a) => scheme.excludedAffiliations.includes(a));
}

interface CountedLine {
  readonly index: number;
  readonly amount: number;
  readonly quantity: number;
}

/** What one earning line gives over the lines it counts, before the multiplier and extra points. */
function baseReward(
  rule: EarningRule,
  type: RewardPointRules['type'],
  counted: readonly CountedLine[],
): number | null {
  if (counted.length === 0) return null;
  if (rule.activity === 'transactionCount') return rule.points;
  const total = sum(
    counted.map((c) => (rule.activity === 'salesQuantity' ? c.quantity : c.amount)),
  );
  if (total < rule.per) return null;
  if (type === 'quantity') return Math.floor(total / rule.per) * rule.points;
  return mulDivRoundHalfUp(total, rule.points, rule.per);
}

/**
 * The reward of one earning line, before attribution: its base reward times its multiplier, plus
 * its extra points once when the sale reaches the line's threshold.
 */
function ruleReward(
  rule: EarningRule,
  type: RewardPointRules['type'],
  counted: readonly CountedLine[],
): number {
  const base = baseReward(rule, type, counted);
  if (base === null) return 0;
  return base * (rule.multiplier ?? 1) + (rule.extraPoints ?? 0);
}

function countedLines(rule: EarningRule, input: EarningInput): CountedLine[] {
  const counted: CountedLine[] = [];
  input.lines.forEach((line, index) => {
    if (!matchesFilter(rule.filter, line)) return;
    const paid = input.paidWithPoints?.get(line.id) ?? 0;
    // Earning counts the amount before tax (PRODUCT 4.1) of the part not paid with points.
    const amount = netOfGross(Math.max(0, line.netAmount - paid), line.vatRate ?? 0);
    counted.push({ index, amount, quantity: line.quantity });
  });
  return counted;
}

function addTo(record: Record<string, number>, key: string, value: number): void {
  if (value !== 0) record[key] = (record[key] ?? 0) + value;
}

/**
 * The sales earning lines a card qualifies for over every scheme that applies: a scheme whose
 * excluded affiliations the card is in contributes none of its lines (PRODUCT 4.1).
 */
export function salesRulesFor(
  schemes: readonly SchemeRules[],
  card: CardStanding,
  sale: { readonly when?: SaleMoment; readonly basketTotal: number } = { basketTotal: 0 },
): { readonly rule: EarningRule; readonly scheme: SchemeRules }[] {
  const promotionHolds = (scheme: SchemeRules) =>
    scheme.minimumBasket == null || sale.basketTotal >= scheme.minimumBasket;
  return schemes.flatMap((scheme) =>
    isExcluded(scheme, card) || !promotionHolds(scheme)
      ? []
      : scheme.earning
          .filter(
            (rule) =>
              appliesToCard(rule, card) &&
              !rule.activity.startsWith('otherActivity:') &&
              meetsConditions(rule.conditions, sale.when, sale.basketTotal),
          )
          .map((rule) => ({ rule, scheme })),
  );
}

/**
 * Each earning line id with the scheme it belongs to, over several schemes. Line ids are unique
 * across schemes (head office keeps them so); should two schemes share one, the first one wins.
 */
export function earningLineIndex(
  schemes: readonly SchemeRules[],
): ReadonlyMap<string, { readonly rule: EarningRule; readonly scheme: SchemeRules }> {
  const index = new Map<string, { rule: EarningRule; scheme: SchemeRules }>();
  for (const scheme of schemes)
    for (const rule of scheme.earning)
      if (!index.has(rule.id)) index.set(rule.id, { rule, scheme });
  return index;
}

/**
 * Additive earning (PRODUCT 4.1): every earning line the card qualifies for, in every scheme that
 * applies, yields its own reward, attributed to the eligible sale lines by largest remainder; then
 * the cap crops each reward point.
 */
export function computeEarning(input: EarningInput): Earning {
  const perLineRules: Record<string, number>[] = input.lines.map(() => ({}));
  const perLinePreCap: PointsByRewardPoint[] = input.lines.map(() => ({}));
  const rules: Record<string, number> = {};
  const preCap: PointsByRewardPoint = {};

  const basketTotal = sum(input.lines.map((line) => line.netAmount));
  const sale = input.when ? { when: input.when, basketTotal } : { basketTotal };
  for (const { rule } of salesRulesFor(input.schemes, input.card, sale)) {
    const rewardPoint = input.rewardPoints.get(rule.rewardPoint);
    if (!rewardPoint) continue;
    const counted = countedLines(rule, input);
    const reward = ruleReward(rule, rewardPoint.type, counted);
    if (reward === 0) continue;
    addTo(rules, rule.id, reward);
    addTo(preCap, rule.rewardPoint, reward);
    const weights = counted.map((c) => (rule.activity === 'salesQuantity' ? c.quantity : c.amount));
    splitByLargestRemainder(reward, weights).forEach((share, k) => {
      const lineIndex = counted[k]?.index ?? 0;
      addTo(perLineRules[lineIndex] ?? {}, rule.id, share);
      addTo(perLinePreCap[lineIndex] ?? {}, rule.rewardPoint, share);
    });
  }

  const { earned, cropped } = applyCap(preCap, input.rewardPoints, input.balances ?? {});
  const perLineEarned = splitOverLines(earned, perLinePreCap);
  return {
    earned,
    rules,
    cropped,
    lines: input.lines.map((line, i) => ({
      id: line.id,
      earned: perLineEarned[i] ?? {},
      rules: perLineRules[i] ?? {},
    })),
  };
}

/**
 * The cap (PRODUCT 4.1): of an increase, what a card holding `balance` may keep under `cap` (no
 * cap: all of it) and what is cropped. Decreases are never cropped.
 */
export function capIncrease(
  points: number,
  cap: number | null,
  balance: number,
): { kept: number; cropped: number } {
  if (points <= 0 || cap === null) return { kept: points, cropped: 0 };
  const kept = Math.min(points, Math.max(0, cap - balance));
  return { kept, cropped: points - kept };
}

/** Crops each reward point's increase so the card never holds more than its cap. */
export function applyCap(
  increase: PointsByRewardPoint,
  rewardPoints: ReadonlyMap<string, RewardPointRules>,
  balances: PointsByRewardPoint,
): { earned: PointsByRewardPoint; cropped: PointsByRewardPoint } {
  const earned: PointsByRewardPoint = {};
  const cropped: PointsByRewardPoint = {};
  for (const [id, points] of Object.entries(increase)) {
    const cap = rewardPoints.get(id)?.maxPerCard ?? null;
    const capped = capIncrease(points, cap, balances[id] ?? 0);
    addTo(earned, id, capped.kept);
    addTo(cropped, id, capped.cropped);
  }
  return { earned, cropped };
}

/**
 * Splits what was kept of each reward point over the sale lines in proportion to their points
 * before the cap, by largest remainder. An uncropped reward point keeps exactly its per-line
 * points; a reward point no line earned before the cap lands by the same rule's fallback.
 */
export function splitOverLines(
  kept: PointsByRewardPoint,
  perLinePreCap: readonly PointsByRewardPoint[],
): PointsByRewardPoint[] {
  const result: PointsByRewardPoint[] = perLinePreCap.map(() => ({}));
  for (const [id, total] of Object.entries(kept)) {
    if (total === 0) continue;
    const shares = splitByLargestRemainder(
      total,
      perLinePreCap.map((line) => line[id] ?? 0),
    );
    shares.forEach((share, i) => addTo(result[i] ?? {}, id, share));
  }
  return result;
}

/** Each sale line's points before the cap, per reward point, from its per-rule attribution. */
export function preCapByLine(
  earning: Earning,
  schemes: readonly SchemeRules[],
): PointsByRewardPoint[] {
  const index = earningLineIndex(schemes);
  return earning.lines.map((line) => {
    const points: PointsByRewardPoint = {};
    for (const [rule, pts] of Object.entries(line.rules)) {
      const rewardPoint = index.get(rule)?.rule.rewardPoint;
      if (rewardPoint) addTo(points, rewardPoint, pts);
    }
    return points;
  });
}
