import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { priceLines } from '../../shared/checkout/pricing';
import { buildSaleReceipt, type LoyaltySetup } from '../../shared/checkout/receipt';
import { pricingProblem } from '../../shared/checkout/receiptChecks';
import { buildReturnReceipt } from '../../shared/checkout/returns';
import { rewardProblem } from '../../shared/checkout/rewardChecks';
import {
  linesWithReward,
  rewardFromLots,
  rewardsOnOffer,
  type SaleReward,
} from '../../shared/checkout/saleReward';
import type { DistributedReward } from '../../shared/domain/loyalty';
import type { Product } from '../../shared/domain/master';
import { rewardPointMap, rewardRules } from '../../shared/domain/toEngine';
import type { Lot } from '../../shared/engine/model';
import { SaleFact } from '../../shared/protocol/sync';
import { STAR, TEST_SCHEME } from '../server/helpers/facts';

const SETUP: LoyaltySetup = { currency: 'USD', schemes: [TEST_SCHEME], rewardPoints: [STAR] };
const AT = Date.parse('2026-03-01T10:00:00Z');
const product = (id: string, price: string, category: string): Product => ({
  id,
  name: id,
  barcode: null,
  category,
  price,
});
/** 10 % off SHOES, at most 5.00, for 400 STAR (vector 15). */
const SHOES_10: DistributedReward = {
  id: 'SHOES-10',
  name: '10 % off shoes',
  rewardPoint: 'STAR',
  points: 400,
  benefit: { kind: 'percentOff', percent: 10, on: { category: 'SHOES' } },
  maximum: '5.00',
  active: true,
  version: 3,
};
const LOTS: Lot[] = [
  {
    id: 'L1',
    rewardPoint: 'STAR',
    remaining: 1_000 as Lot['remaining'],
    earnedAt: AT - 86_400_000,
    vestsAt: null,
    expiresAt: null,
  },
];
const CARD = { number: '60010000000001', standing: { tier: 'BASE', affiliations: [] } };
const LINES = priceLines(
  [
    { id: '1', product: product('SHOE', '79.95', 'SHOES'), quantity: 1 },
    { id: '2', product: product('SOCKS', '4.95', 'SHOES'), quantity: 2 },
    { id: '3', product: product('COFFEE', '2.50', 'DRINKS'), quantity: 1 },
  ],
  null,
  'USD',
);

/** The sale of vector 15 with SHOES-10 taken offline from the card's lots. */
function rewardSale(): { fact: SaleFact; reward: SaleReward } {
  const applied = rewardFromLots(SHOES_10, SETUP, LOTS, LINES, AT);
  if (!applied.ok) throw new Error(applied.error);
  const reward: SaleReward = {
    id: randomUUID(),
    reward: { id: SHOES_10.id, version: SHOES_10.version },
    name: SHOES_10.name,
    reservation: 'offline',
    rewardPoint: 'STAR',
    points: applied.points,
    discount: applied.discount as SaleReward['discount'],
    lines: applied.lines,
    entries: [{ id: randomUUID(), rewardPoint: 'STAR', points: -400, lots: applied.lots }],
  };
  const receipt = buildSaleReceipt(SETUP, {
    staff: 'C1',
    card: CARD,
    lines: linesWithReward(LINES, reward),
    pointsTenders: [],
    moneyTenders: [],
    reward,
    offline: true,
    newId: randomUUID,
  });
  const fact = SaleFact.parse({
    id: randomUUID(),
    store: 'S2',
    register: 'S2-R1',
    deviceTime: new Date(AT).toISOString(),
    deviceSeq: 1,
    type: 'sale',
    receipt,
  });
  return { fact, reward };
}

describe('a reward of the catalogue at the register', () => {
  it('is offered with the discount it gives, and not to a card that cannot pay it', () => {
    expect(rewardsOnOffer([SHOES_10], SETUP, LOTS, LINES, AT)).toEqual([
      { reward: SHOES_10, discount: 500 },
    ]);
    const poor = [{ ...LOTS[0], remaining: 399 } as Lot];
    expect(rewardsOnOffer([SHOES_10], SETUP, poor, LINES, AT)).toEqual([]);
    expect(rewardsOnOffer([{ ...SHOES_10, active: false }], SETUP, LOTS, LINES, AT)).toEqual([]);
  });

  it('records a receipt the server’s checks accept: discount and price per line, one spend', () => {
    const { fact } = rewardSale();
    const { receipt } = fact;
    expect(receipt.reward).toEqual({ id: 'SHOES-10', version: 3, reservation: 'offline' });
    expect(receipt.lines.map((l) => [l.netAmount, l.reward, l.redeemed])).toEqual([
      ['75.50', { discount: '4.45', points: { STAR: 356 } }, { STAR: 356 }],
      ['9.35', { discount: '0.55', points: { STAR: 44 } }, { STAR: 44 }],
      ['2.50', undefined, {}],
    ]);
    expect(receipt.total).toBe('87.35');
    expect(receipt.entries.filter((e) => e.kind === 'redeem').map((e) => e.points)).toEqual([-400]);
    const rules = rewardRules(SHOES_10, 'USD');
    expect(rewardProblem(receipt, rules, rewardPointMap([STAR]))).toBeNull();
    expect(pricingProblem(receipt, null)).toBeNull();
  });

  it('a return of one of two socks carries half the line’s reward: its discount and points', () => {
    const { fact } = rewardSale();
    const back = buildReturnReceipt({
      original: fact,
      returnedBefore: new Map(),
      lines: [{ id: '2', quantity: 1 }],
      staff: 'C1',
      offline: false,
      newId: randomUUID,
    });
    expect(back.lines).toHaveLength(1);
    expect(back.lines[0]).toMatchObject({
      quantity: 1,
      netAmount: '4.67',
      reward: { discount: '0.27', points: { STAR: 22 } },
      redeemed: { STAR: 22 },
    });
    const refunded = back.entries.filter((e) => e.kind === 'refundRedeem').map((e) => e.points);
    expect(refunded).toEqual([22]);
  });
});
