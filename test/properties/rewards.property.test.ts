import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyReward, rewardDiscount } from '../../shared/engine/rewards';
import { matchesFilter } from '../../shared/engine/earning';
import { NOW, rewardPoint } from '../support/factories';
import { lots, REWARD_POINTS, rewards, saleLines } from '../support/arbitraries';

const rewardPoints = new Map(
  REWARD_POINTS.map((id, i) => [id, rewardPoint({ id, redeemRanking: i })]),
);

describe('reward properties', () => {
  it('the discount never exceeds a line’s amount, the lines it reaches, nor the maximum', () => {
    fc.assert(
      fc.property(rewards, saleLines, (reward, lines) => {
        const discounts = rewardDiscount(reward, lines);
        const total = discounts.reduce((a, b) => a + b, 0);
        expect(discounts).toHaveLength(lines.length);
        lines.forEach((line, i) => {
          const discount = discounts[i] ?? 0;
          expect(Number.isSafeInteger(discount)).toBe(true);
          expect(discount).toBeGreaterThanOrEqual(0);
          expect(discount).toBeLessThanOrEqual(line.netAmount);
          if (reward.benefit.kind === 'freeProduct') {
            if (line.product !== reward.benefit.product) expect(discount).toBe(0);
            else expect(discount).toBeLessThanOrEqual(Math.floor(line.netAmount / line.quantity));
          } else if (!matchesFilter(reward.benefit.on, line)) {
            expect(discount).toBe(0);
          }
        });
        if (reward.maximum !== null) expect(total).toBeLessThanOrEqual(reward.maximum);
        if (reward.benefit.kind === 'amountOff')
          expect(total).toBeLessThanOrEqual(reward.benefit.amount);
        if (reward.benefit.kind === 'freeProduct')
          expect(discounts.filter((d) => d > 0).length).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('applying a reward spends exactly its price, from available lots, spread over its lines', () => {
    fc.assert(
      fc.property(rewards, saleLines, lots, (reward, lines, cardLots) => {
        const result = applyReward(reward, { rewardPoints, lots: cardLots, lines, at: NOW });
        if (!result.ok) return;
        const fromLots = result.lots.reduce((a, use) => a + use.points, 0);
        const fromLines = result.lines.reduce((a, line) => a + line.points, 0);
        expect(result.points).toBe(reward.points);
        expect(fromLots).toBe(reward.points);
        expect(fromLines).toBe(reward.points);
        expect(result.lines.reduce((a, line) => a + line.discount, 0)).toBe(result.discount);
        for (const use of result.lots) {
          const lot = cardLots.find((l) => l.id === use.id);
          expect(lot?.rewardPoint).toBe(reward.rewardPoint);
          expect(use.points).toBeLessThanOrEqual(lot?.remaining ?? 0);
        }
      }),
    );
  });
});
