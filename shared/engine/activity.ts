import type { CardStanding, EarningRule, PointsByRewardPoint, SchemeRules } from './model';
import { appliesToCard, isExcluded } from './earning';
import { inTimeWindow, type SaleMoment } from './conditions';

/** An other activity type as head office defines it (PRODUCT 4.7). */
export interface ActivityTypeRules {
  readonly id: string;
  /** The type's own points, used only when no scheme that applies has a line for the type. */
  readonly rewardPoint: string;
  readonly points: number;
  /** How often one customer (or one anonymous card) may be awarded it; null: no limit. */
  readonly perCustomerLimit: number | null;
}

export interface ActivityAwardInput {
  /** Every scheme that applies to the card at the store at `when` (`schemesThatApply`). */
  readonly schemes: readonly SchemeRules[];
  readonly card: CardStanding;
  readonly type: ActivityTypeRules;
  /** How often the customer (or the anonymous card) was awarded the type already. */
  readonly timesAwarded: number;
  /** When and where: an activity line with a promotion's dates, days or hours needs it. */
  readonly when?: SaleMoment;
}

export type ActivityAward =
  | {
      readonly ok: true;
      /** Per reward point (non-zero only); empty when the card qualifies for no line. */
      readonly earned: PointsByRewardPoint;
      /** Per earning line id (non-zero only); empty when the type's own points were used. */
      readonly rules: Record<string, number>;
      /** The scheme versions whose lines gave points. */
      readonly schemes: readonly { readonly id: string; readonly version: number }[];
      /** Whether the points are the type's own, because no scheme has a line for it. */
      readonly fromType: boolean;
    }
  | { readonly ok: false; readonly error: 'limit' };

export const activityOf = (rule: Pick<EarningRule, 'activity'>): string | null =>
  /^otherActivity:(.+)$/.exec(rule.activity)?.[1] ?? null;

/** One award's reward under one line: `per` counts awards, so a line with `per` 1 gives its points. */
function lineReward(rule: EarningRule): number {
  const base = Math.floor(1 / rule.per) * rule.points;
  if (base === 0) return 0;
  return base * (rule.multiplier ?? 1) + (rule.extraPoints ?? 0);
}

function add(record: Record<string, number>, key: string, value: number): void {
  if (value !== 0) record[key] = (record[key] ?? 0) + value;
}

/**
 * What awarding an other activity gives a card (PRODUCT 4.1, 4.7): past the type's per-customer
 * limit, nothing (an error). Otherwise the `otherActivity:<type>` earning lines of every scheme
 * that applies, for the card's tier and affiliations, add up as sales lines do; a scheme whose
 * excluded affiliations the card is in gives none of its lines. Only when no scheme that applies
 * has a line for the type at all do the type's own points count, so head office can run an
 * activity without writing scheme lines for it.
 */
export function awardActivity(input: ActivityAwardInput): ActivityAward {
  const { type, card } = input;
  if (type.perCustomerLimit !== null && input.timesAwarded >= type.perCustomerLimit)
    return { ok: false, error: 'limit' };
  const linesOfType = input.schemes.flatMap((scheme) =>
    scheme.earning.filter((rule) => activityOf(rule) === type.id).map((rule) => ({ rule, scheme })),
  );
  if (linesOfType.length === 0) {
    const earned: PointsByRewardPoint = {};
    add(earned, type.rewardPoint, type.points);
    return { ok: true, earned, rules: {}, schemes: [], fromType: true };
  }
  const earned: PointsByRewardPoint = {};
  const rules: Record<string, number> = {};
  const used = new Map<string, number>();
  for (const { rule, scheme } of linesOfType) {
    if (isExcluded(scheme, card) || !appliesToCard(rule, card)) continue;
    if (rule.conditions && !inTimeWindow(rule.conditions, input.when)) continue;
    const reward = lineReward(rule);
    if (reward === 0) continue;
    add(earned, rule.rewardPoint, reward);
    add(rules, rule.id, reward);
    used.set(scheme.id, scheme.version);
  }
  const schemes = [...used].map(([id, version]) => ({ id, version }));
  return { ok: true, earned, rules, schemes, fromType: false };
}
