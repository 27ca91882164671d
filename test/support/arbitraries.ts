import fc from 'fast-check';
import type { LedgerFact } from '../../shared/engine/ledger';
import type {
  EarningRule,
  Lot,
  RedemptionRule,
  RewardRules,
  SaleLine,
} from '../../shared/engine/model';
import { minor, points } from '../../shared/units/integers';
import { NOW } from './factories';

/** fast-check generators for engine data, shared by the property tests. */
export const REWARD_POINTS = ['STAR', 'BONUS'] as const;
const CATEGORIES = ['SHOES', 'SHIRTS', 'GENERAL'] as const;
const DAY = 86_400_000;

export const saleLines = fc
  .array(
    fc.record({
      product: fc.constantFrom('P1', 'P2', 'P3'),
      category: fc.constantFrom(...CATEGORIES),
      quantity: fc.integer({ min: 1, max: 12 }),
      netAmount: fc.integer({ min: 0, max: 500_000 }),
    }),
    { minLength: 1, maxLength: 20 },
  )
  .map((lines): SaleLine[] =>
    lines.map((l, i) => ({ ...l, id: String(i + 1), netAmount: minor(l.netAmount) })),
  );

const filter = fc.oneof(
  fc.constant(null),
  fc.constantFrom(...CATEGORIES).map((category) => ({ category })),
  fc.constantFrom('P1', 'P2', 'P3').map((product) => ({ product })),
);

export const earningRules = fc
  .array(
    fc.record({
      activity: fc.constantFrom('salesAmount', 'salesQuantity', 'transactionCount'),
      filter,
      per: fc.integer({ min: 1, max: 2_000 }),
      rewardPoint: fc.constantFrom(...REWARD_POINTS),
      points: fc.integer({ min: 0, max: 1_000 }),
    }),
    { maxLength: 6 },
  )
  .map((rules): EarningRule[] =>
    rules.map((r, i) => ({
      ...r,
      id: `E${i + 1}`,
      tier: null,
      affiliation: null,
      per: r.activity === 'transactionCount' ? 1 : r.per,
    })),
  );

export const redemptionRules = fc
  .array(
    fc.record({
      filter,
      rewardPoint: fc.constantFrom(...REWARD_POINTS),
      points: fc.integer({ min: 1, max: 1_000 }),
      amount: fc.integer({ min: 1, max: 10_000 }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((rules): RedemptionRule[] =>
    rules.map((r, i) => ({
      ...r,
      id: `R${i + 1}`,
      tier: null,
      affiliation: null,
      amount: minor(r.amount),
      validFrom: null,
      validTo: null,
    })),
  );

const maybeDay = (min: number, max: number) =>
  fc.option(
    fc.integer({ min, max }).map((d) => NOW + d * DAY),
    { nil: null },
  );

export const lots = fc
  .array(
    fc.record({
      rewardPoint: fc.constantFrom(...REWARD_POINTS),
      remaining: fc.integer({ min: 0, max: 5_000 }),
      vestsAt: maybeDay(-30, 30),
      expiresAt: maybeDay(-30, 400),
      earnedAt: fc.integer({ min: -400, max: 0 }).map((d) => NOW + d * DAY),
    }),
    { maxLength: 8 },
  )
  .map((ls): Lot[] =>
    ls.map((l, i) => ({ ...l, id: `L${i + 1}`, remaining: points(l.remaining) })),
  );

/** A card's history: earnings, spends and adjustments at distinct-ish times, without expiries. */
export const ledgerFacts = fc
  .array(
    fc.record({
      rewardPoint: fc.constantFrom(...REWARD_POINTS),
      kind: fc.constantFrom(
        'earn',
        'redeem',
        'adjust',
        'returnEarn',
        'refundRedeem',
        'transferOut',
        'transferIn',
      ),
      magnitude: fc.integer({ min: 1, max: 2_000 }),
      day: fc.integer({ min: -300, max: 0 }),
      vests: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
      expires: fc.option(fc.integer({ min: 30, max: 400 }), { nil: null }),
      negativeAdjust: fc.boolean(),
    }),
    { maxLength: 25 },
  )
  .map((items): LedgerFact[] =>
    items.map((f, i) => {
      const at = NOW + f.day * DAY;
      const negative =
        ['redeem', 'returnEarn', 'transferOut'].includes(f.kind) ||
        (f.kind === 'adjust' && f.negativeAdjust);
      return {
        id: `F${String(i).padStart(3, '0')}`,
        rewardPoint: f.rewardPoint,
        kind: f.kind as LedgerFact['kind'],
        points: negative ? -f.magnitude : f.magnitude,
        at,
        vestsAt: f.vests === null ? null : at + f.vests * DAY,
        expiresAt: f.expires === null ? null : at + f.expires * DAY,
      };
    }),
  );

/** A reward of the catalogue: any benefit kind, any target, with or without a maximum. */
export const rewards = fc
  .record({
    rewardPoint: fc.constantFrom(...REWARD_POINTS),
    points: fc.integer({ min: 1, max: 5_000 }),
    benefit: fc.oneof(
      fc
        .constantFrom('P1', 'P2', 'P3')
        .map((product) => ({ kind: 'freeProduct' as const, product })),
      fc
        .record({ amount: fc.integer({ min: 1, max: 100_000 }), on: filter })
        .map(({ amount, on }) => ({ kind: 'amountOff' as const, amount: minor(amount), on })),
      fc
        .record({ percent: fc.integer({ min: 1, max: 100 }), on: filter })
        .map(({ percent, on }) => ({ kind: 'percentOff' as const, percent, on })),
    ),
    maximum: fc.option(fc.integer({ min: 0, max: 50_000 }).map(minor)),
  })
  .map((reward): RewardRules => ({ id: 'RW', ...reward }));
