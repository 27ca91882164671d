import type { z } from 'zod';
import { rewardPointMap, saleLine, schemeRules } from '../domain/toEngine';
import { computeEarning } from '../engine/earning';
import { netBalance } from '../engine/ledger';
import { quoteRedemption, redeem, type RedemptionInput } from '../engine/redemption';
import { balanceSummary } from '../engine/lots';
import { simulateRewards } from './rewards';
import { points } from '../units/integers';
import { formatAmount, parseAmount } from '../units/money';
import { parseInstant } from '../units/time';
import { SimulationInput } from './input';
import type { SimulationOutput } from './output';
import { schemesThatApply } from '../checkout/scheme';
import { awardActivity } from '../engine/activity';
import type { SaleMoment } from '../engine/conditions';
import type { CardStanding, Lot, SchemeRules } from '../engine/model';

/** What the simulator answers: its schema is the route's reply in the API contract. */
export type { SimulationOutput } from './output';

/** One field at fault in the input: its path, an issue code a client translates, the value. */
export interface SimulationProblem {
  readonly path: string;
  readonly issue: string;
  readonly value?: string;
}

export class SimulationInputError extends Error {
  constructor(
    /** Each problem in English, led by its path ("sale.lines.0.id: ..."). */
    readonly problems: string[],
    /** The same problems for a reader in another language (empty when not known per field). */
    readonly fields: readonly SimulationProblem[] = [],
  ) {
    super(problems.join('\n'));
    this.name = 'SimulationInputError';
  }
}

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.');
    const missing = issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
    return `${where}: ${missing ? `is required (${issue.message.replace(/^Invalid input: |, received undefined$/g, '')})` : issue.message}`;
  });
}

const issuesOf = (error: z.ZodError): SimulationProblem[] =>
  error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), issue: issue.code }));

/** Checks cross-references zod cannot see: every reward point a line names must exist. */
function referenceProblems(input: SimulationInput): { problem: SimulationProblem; text: string }[] {
  const known = new Set(input.rewardPoints.map((rp) => rp.id));
  const problems: { problem: SimulationProblem; text: string }[] = [];
  const add = (path: string, issue: string, value: string, text: string) =>
    problems.push({ problem: { path, issue, value }, text: `${path}: ${text}` });
  const check = (path: string, id: string) => {
    if (!known.has(id))
      add(path, 'unknownReference', id, `unknown reward point "${id}" (not in rewardPoints)`);
  };
  const schemes = input.schemes
    ? input.schemes.map((scheme, i) => ({ scheme, path: `schemes.${i}` }))
    : input.scheme
      ? [{ scheme: input.scheme, path: 'scheme' }]
      : [];
  for (const { scheme, path } of schemes) {
    scheme.earning.forEach((line, i) =>
      check(`${path}.earning.${i}.rewardPoint`, line.rewardPoint),
    );
    scheme.redemption.forEach((line, i) =>
      check(`${path}.redemption.${i}.rewardPoint`, line.rewardPoint),
    );
  }
  const earningIds = new Set<string>();
  for (const { scheme, path } of schemes)
    scheme.earning.forEach((line, i) => {
      if (earningIds.has(line.id))
        add(
          `${path}.earning.${i}.id`,
          'duplicate',
          line.id,
          `earning line id "${line.id}" appears twice`,
        );
      earningIds.add(line.id);
    });
  if (input.activity) check('activity.rewardPoint', input.activity.rewardPoint);
  input.rewards.forEach((reward, i) => check(`rewards.${i}.rewardPoint`, reward.rewardPoint));
  if (input.applyReward !== undefined && !input.rewards.some((r) => r.id === input.applyReward))
    add(
      'applyReward',
      'unknownReference',
      input.applyReward,
      `unknown reward "${input.applyReward}" (not in rewards)`,
    );
  input.card.lots.forEach((lot, i) => check(`card.lots.${i}.rewardPoint`, lot.rewardPoint));
  const lineIds = new Set<string>();
  input.sale.lines.forEach((line, i) => {
    if (lineIds.has(line.id))
      add(`sale.lines.${i}.id`, 'duplicate', line.id, `duplicate line id "${line.id}"`);
    lineIds.add(line.id);
  });
  return problems;
}

export function parseSimulationInput(raw: unknown): SimulationInput {
  const parsed = SimulationInput.safeParse(raw);
  if (!parsed.success)
    throw new SimulationInputError(describeIssues(parsed.error), issuesOf(parsed.error));
  const problems = referenceProblems(parsed.data);
  if (problems.length > 0)
    throw new SimulationInputError(
      problems.map((p) => p.text),
      problems.map((p) => p.problem),
    );
  return parsed.data;
}

function toLots(input: SimulationInput): Lot[] {
  const instant = (text: string | null) => (text === null ? null : parseInstant(text));
  return input.card.lots.map((lot) => ({
    id: lot.id,
    rewardPoint: lot.rewardPoint,
    remaining: points(lot.remaining),
    earnedAt: instant(lot.earnedAt),
    vestsAt: instant(lot.vestsAt),
    expiresAt: instant(lot.expiresAt),
  }));
}

function lotBalances(lots: readonly Lot[]): Record<string, number> {
  const byRewardPoint: Record<string, { lots: Lot[]; debt: number }> = {};
  for (const lot of lots) (byRewardPoint[lot.rewardPoint] ??= { lots: [], debt: 0 }).lots.push(lot);
  return netBalance(byRewardPoint);
}

function activityOutput(
  activity: NonNullable<SimulationInput['activity']>,
  schemes: readonly SchemeRules[],
  card: CardStanding,
  when: SaleMoment,
): NonNullable<SimulationOutput['activity']> {
  const { type, timesAwarded, ...rules } = activity;
  const award = awardActivity({
    schemes,
    card,
    type: { id: type, ...rules },
    timesAwarded,
    when,
  });
  if (!award.ok) return { error: award.error };
  return { earned: award.earned, rules: award.rules, fromType: award.fromType };
}

/** Runs the engine on one simulation input: what the sale earns and what the points can pay. */
export function simulate(raw: unknown): SimulationOutput {
  const input = parseSimulationInput(raw);
  const { currency } = input;
  const rewardPoints = rewardPointMap(input.rewardPoints);
  const at = parseInstant(input.at);
  const given = input.schemes ?? (input.scheme ? [input.scheme] : []);
  const when = { at, timeZone: input.timeZone };
  const schemes = schemesThatApply(given, null, when).map((s) => schemeRules(s, currency));
  const cardLots = toLots(input);
  const rewards = simulateRewards(input, {
    rewardPoints,
    lots: cardLots,
    lines: input.sale.lines.map((line) => saleLine(line, currency)),
    at,
  });
  const { lines, lots } = rewards;
  const card = { tier: input.card.tier, affiliations: input.card.affiliations };
  const redemptionInput: RedemptionInput = { schemes, rewardPoints, card, lots, lines, at };

  const quote = quoteRedemption(redemptionInput);
  const output: SimulationOutput = {
    earned: {},
    lines: [],
    lineRules: [],
    rules: {},
    cropped: {},
    balance: balanceSummary(cardLots, at),
    canCover: formatAmount(quote.canCover, currency),
    rewards: rewards.affordable,
    ...(rewards.applied ? { reward: rewards.applied } : {}),
  };

  let paidWithPoints: Map<string, number> | undefined;
  if (input.tender) {
    const result = redeem(redemptionInput, parseAmount(input.tender.amount, currency));
    if (result.ok) {
      output.redeemed = {
        covered: formatAmount(result.covered, currency),
        points: result.points,
        lots: result.lots.map(({ id, points: p }) => ({ id, points: p })),
      };
      paidWithPoints = new Map(result.lines.map((line) => [line.id, line.covered]));
    } else {
      output.redeemed = { error: result.error };
    }
  }

  const earning = computeEarning({
    schemes,
    rewardPoints,
    card,
    lines,
    paidWithPoints,
    balances: lotBalances(cardLots),
    when,
  });
  output.earned = earning.earned;
  output.rules = earning.rules;
  output.cropped = earning.cropped;
  output.lines = earning.lines.map((line) => ({ id: line.id, earned: line.earned }));
  output.lineRules = earning.lines.map((line) => ({ id: line.id, rules: line.rules }));
  if (input.activity) output.activity = activityOutput(input.activity, schemes, card, when);
  return output;
}
