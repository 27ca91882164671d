import { describe, expect, it } from 'vitest';
import { checkEarningClaims, preCapIncrease } from '../../shared/engine/sale';
import {
  card,
  earningRule,
  rewardPoint,
  rewardPoints,
  saleLine,
  scheme,
} from '../support/factories';

const s = scheme({
  earning: [earningRule(), earningRule({ id: 'E2', points: 5, rewardPoint: 'BONUS' })],
});
const input = {
  schemes: [s],
  rewardPoints: rewardPoints(rewardPoint(), rewardPoint({ id: 'BONUS', maxPerCard: 10 })),
  card,
  lines: [saleLine('1', 1000)],
};

describe('checking a register’s earning claim', () => {
  it('accepts exactly what the engine gives, whatever cap the register applied', () => {
    const result = checkEarningClaims(
      [
        { rewardPoint: 'STAR', rules: { E1: 100 } },
        { rewardPoint: 'BONUS', rules: { E2: 50 } },
      ],
      input,
    );
    expect(result.ok).toBe(true);
    if (result.ok) expect(preCapIncrease(result.earning, [s])).toEqual({ STAR: 100, BONUS: 50 });
  });

  it('rejects tampered points, a missing line and a line credited to the wrong reward point', () => {
    expect(
      checkEarningClaims(
        [
          { rewardPoint: 'STAR', rules: { E1: 1000 } },
          { rewardPoint: 'BONUS', rules: { E2: 50 } },
        ],
        input,
      ),
    ).toEqual({
      ok: false,
      reason: 'earning line E1: the register claimed 1000 points, the scheme gives 100',
    });
    expect(checkEarningClaims([{ rewardPoint: 'STAR', rules: { E1: 100 } }], input)).toMatchObject({
      ok: false,
      reason: /E2/,
    });
    expect(
      checkEarningClaims([{ rewardPoint: 'STAR', rules: { E1: 100, E2: 50 } }], input),
    ).toMatchObject({ ok: false, reason: 'earning line E2 does not earn STAR' });
  });
});
