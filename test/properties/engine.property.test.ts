import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeEarning } from '../../shared/engine/earning';
import { foldLedger, netBalance, type LedgerFact } from '../../shared/engine/ledger';
import { balanceSummary, lotState } from '../../shared/engine/lots';
import { quoteRedemption, redeem } from '../../shared/engine/redemption';
import { card, NOW, rewardPoint, scheme } from '../support/factories';
import {
  earningRules,
  ledgerFacts,
  lots,
  REWARD_POINTS,
  redemptionRules,
  saleLines,
} from '../support/arbitraries';

const rewardPointType = fc.constantFrom('quantity', 'amount') as fc.Arbitrary<
  'quantity' | 'amount'
>;

function rpMap(
  types: readonly ('quantity' | 'amount')[],
  caps: readonly (number | null)[] = [],
  thresholds: readonly (number | null)[] = [],
) {
  return new Map(
    REWARD_POINTS.map((id, i) => [
      id,
      rewardPoint({
        id,
        type: types[i] ?? 'quantity',
        maxPerCard: caps[i] ?? null,
        redemptionThreshold: thresholds[i] ?? null,
        redeemRanking: i,
      }),
    ]),
  );
}

describe('engine properties', () => {
  it('line attributions add up to each rule’s total, and earned + cropped to the rules per reward point', () => {
    fc.assert(
      fc.property(
        earningRules,
        saleLines,
        fc.array(rewardPointType, { minLength: 2, maxLength: 2 }),
        (rules, lines, types) => {
          const s = scheme({ earning: rules });
          const result = computeEarning({ schemes: [s], rewardPoints: rpMap(types), card, lines });
          for (const rule of rules) {
            const fromLines = result.lines.reduce(
              (acc, line) => acc + (line.rules[rule.id] ?? 0),
              0,
            );
            expect(fromLines).toBe(result.rules[rule.id] ?? 0);
          }
          for (const rp of REWARD_POINTS) {
            const perLine = result.lines.reduce((acc, line) => acc + (line.earned[rp] ?? 0), 0);
            expect(perLine).toBe(result.earned[rp] ?? 0);
            const ruleTotal = rules
              .filter((r) => r.rewardPoint === rp)
              .reduce((acc, r) => acc + (result.rules[r.id] ?? 0), 0);
            expect((result.earned[rp] ?? 0) + (result.cropped[rp] ?? 0)).toBe(ruleTotal);
          }
        },
      ),
    );
  });

  it('earning never takes a card past its cap', () => {
    fc.assert(
      fc.property(
        earningRules,
        saleLines,
        fc.array(fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: null }), {
          minLength: 2,
          maxLength: 2,
        }),
        fc.array(fc.integer({ min: 0, max: 25_000 }), { minLength: 2, maxLength: 2 }),
        (rules, lines, caps, held) => {
          const balances = { STAR: held[0] ?? 0, BONUS: held[1] ?? 0 };
          const result = computeEarning({
            schemes: [scheme({ earning: rules })],
            rewardPoints: rpMap([], caps),
            card,
            lines,
            balances,
          });
          REWARD_POINTS.forEach((rp, i) => {
            const cap = caps[i] ?? null;
            const earned = result.earned[rp] ?? 0;
            expect(earned).toBeGreaterThanOrEqual(0);
            if (cap !== null)
              expect(balances[rp] + earned).toBeLessThanOrEqual(Math.max(cap, balances[rp]));
          });
        },
      ),
    );
  });

  it('a redemption never spends more than is available nor covers more than asked', () => {
    fc.assert(
      fc.property(
        redemptionRules,
        lots,
        saleLines,
        fc.integer({ min: 1, max: 300_000 }),
        fc.array(fc.option(fc.integer({ min: 0, max: 3_000 }), { nil: null }), {
          minLength: 2,
          maxLength: 2,
        }),
        (rules, cardLots, lines, tender, thresholds) => {
          const input = {
            schemes: [scheme({ redemption: rules })],
            rewardPoints: rpMap([], [], thresholds),
            card,
            lots: cardLots,
            lines,
            at: NOW,
          };
          const total = lines.reduce((acc, l) => acc + l.netAmount, 0);
          const quote = quoteRedemption(input);
          expect(quote.canCover).toBeLessThanOrEqual(total);
          const result = redeem(input, tender);
          if (!result.ok) {
            expect(tender).toBeGreaterThan(quote.canCover);
            return;
          }
          expect(result.covered).toBe(tender);
          const balance = balanceSummary(cardLots, NOW);
          for (const [rp, spent] of Object.entries(result.points)) {
            expect(spent).toBeLessThanOrEqual(balance[rp]?.available ?? 0);
            const fromLots = result.lots
              .filter((u) => u.rewardPoint === rp)
              .reduce((acc, u) => acc + u.points, 0);
            expect(fromLots).toBe(spent);
          }
          for (const use of result.lots) {
            const lot = cardLots.find((l) => l.id === use.id);
            expect(lot && lotState(lot, NOW)).toBe('available');
            expect(use.points).toBeLessThanOrEqual(lot?.remaining ?? 0);
          }
          expect(result.lines.reduce((acc, l) => acc + l.covered, 0)).toBe(tender);
        },
      ),
    );
  });

  it('folding the same entries in any order gives the same balance', () => {
    fc.assert(
      fc.property(ledgerFacts, fc.infiniteStream(fc.nat()), (facts, noise) => {
        const rps = rpMap([]);
        const shuffled = [...facts]
          .map((f) => ({ f, k: noise.next().value }))
          .sort((a, b) => a.k - b.k)
          .map(({ f }) => f);
        expect(foldLedger(shuffled, rps)).toEqual(foldLedger(facts, rps));
      }),
    );
  });

  it('a return and its original together are neutral, whatever order they arrive in', () => {
    fc.assert(
      fc.property(
        ledgerFacts,
        fc.integer({ min: 1, max: 3_000 }),
        fc.integer({ min: 1, max: 20 }),
        fc.boolean(),
        (history, earned, laterDays, returnFirst) => {
          const rps = rpMap([]);
          const original: LedgerFact = {
            id: 'SALE',
            rewardPoint: 'STAR',
            kind: 'earn',
            points: earned,
            at: NOW - laterDays * 86_400_000,
            vestsAt: null,
            expiresAt: null,
          };
          const reversal: LedgerFact = {
            id: 'RETURN',
            rewardPoint: 'STAR',
            kind: 'returnEarn',
            points: -earned,
            at: NOW,
            vestsAt: null,
            expiresAt: null,
            reverses: 'SALE',
          };
          const pair = returnFirst ? [reversal, original] : [original, reversal];
          const withPair = netBalance(foldLedger([...pair, ...history], rps));
          const without = netBalance(foldLedger(history, rps));
          expect(withPair['STAR'] ?? 0).toBe(without['STAR'] ?? 0);
          expect(withPair['BONUS'] ?? 0).toBe(without['BONUS'] ?? 0);
        },
      ),
    );
  });

  it('the fold conserves points: the net balance is the sum of the entries', () => {
    fc.assert(
      fc.property(ledgerFacts, (facts) => {
        const net = netBalance(foldLedger(facts, rpMap([])));
        for (const rp of REWARD_POINTS) {
          const expected = facts
            .filter((f) => f.rewardPoint === rp)
            .reduce((acc, f) => acc + f.points, 0);
          expect(net[rp] ?? 0).toBe(expected);
        }
      }),
    );
  });
});

describe('redemption quote agrees with the tender', () => {
  it('a tender of exactly what the points can cover succeeds', () => {
    fc.assert(
      fc.property(redemptionRules, lots, saleLines, (rules, cardLots, lines) => {
        const input = {
          schemes: [scheme({ redemption: rules })],
          rewardPoints: rpMap([]),
          card,
          lots: cardLots,
          lines,
          at: NOW,
        };
        const { canCover } = quoteRedemption(input);
        if (canCover === 0) return;
        expect(redeem(input, canCover)).toMatchObject({ ok: true, covered: canCover });
      }),
    );
  });
});
