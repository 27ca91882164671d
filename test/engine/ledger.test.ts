import { describe, expect, it } from 'vitest';
import { expireLots, expiringWithin } from '../../shared/engine/expiry';
import { datesForNewLot, foldLedger, netBalance } from '../../shared/engine/ledger';
import { balanceSummary } from '../../shared/engine/lots';
import { pointsForReturn, ReturnError, type StoredLine } from '../../shared/engine/returns';
import { at, entry, NOW, rewardPoint, rewardPoints } from '../support/factories';

const rps = rewardPoints();

describe('the ledger fold', () => {
  it('every positive entry is a lot; spends take the recorded lots', () => {
    const ledger = foldLedger(
      [
        entry('a', 'earn', 100),
        entry('b', 'earn', 50, { at: NOW + 1 }),
        entry('r', 'redeem', -60, {
          at: NOW + 2,
          lots: [
            { id: 'b', points: 50 },
            { id: 'a', points: 10 },
          ],
        }),
      ],
      rps,
    );
    expect(ledger['STAR']?.lots.map((l) => [l.id, l.remaining])).toEqual([['a', 90]]);
  });

  it('a return takes from the sale’s own lot, then unvested lots, and leaves a debt the next earning pays', () => {
    const vesting = { vestsAt: at('2026-04-01T00:00:00Z') };
    const ledger = foldLedger(
      [
        entry('old', 'earn', 30, { at: at('2026-01-01T00:00:00Z') }),
        entry('sale', 'earn', 100, { ...vesting }),
        entry('spend', 'redeem', -30, { at: NOW + 1 }),
        entry('ret', 'returnEarn', -100, { at: NOW + 2, reverses: 'sale' }),
      ],
      rps,
    );
    expect(netBalance(ledger)).toEqual({ STAR: 0 });

    const withDebt = foldLedger(
      [
        entry('sale', 'earn', 100),
        entry('spend', 'redeem', -80, { at: NOW + 1 }),
        entry('ret', 'returnEarn', -100, { at: NOW + 2, reverses: 'sale' }),
        entry('next', 'earn', 150, { at: NOW + 3 }),
      ],
      rps,
    );
    expect(withDebt['STAR']?.debt).toBe(0);
    expect(withDebt['STAR']?.lots.map((l) => [l.id, l.remaining])).toEqual([['next', 70]]);
  });

  it('a debt is visible as a negative balance until paid', () => {
    const ledger = foldLedger(
      [
        entry('sale', 'earn', 100),
        entry('spend', 'redeem', -100, { at: NOW + 1 }),
        entry('ret', 'returnEarn', -100, { at: NOW + 2 }),
      ],
      rps,
    );
    expect(netBalance(ledger)).toEqual({ STAR: -100 });
  });

  it('dynamic expiry re-dates every lot from its earning date when the period changes', () => {
    const earnedAt = at('2026-01-15T00:00:00Z');
    const facts = [
      entry('a', 'earn', 100, { at: earnedAt, expiresAt: at('2027-01-15T00:00:00Z') }),
    ];
    const staticRp = rewardPoints(rewardPoint({ expiry: { value: 1, unit: 'month' } }));
    const dynamicRp = rewardPoints(
      rewardPoint({ expiry: { value: 1, unit: 'month' }, expiryCalculation: 'dynamic' }),
    );
    expect(foldLedger(facts, staticRp)['STAR']?.lots[0]?.expiresAt).toBe(
      at('2027-01-15T00:00:00Z'),
    );
    const redated = foldLedger(facts, dynamicRp);
    expect(redated['STAR']?.lots[0]?.expiresAt).toBe(at('2026-02-15T00:00:00Z'));
    // The shorter period expires the lot at the next run.
    expect(expireLots(redated, NOW)).toEqual([
      { lotId: 'a', rewardPoint: 'STAR', points: -100, expiredAt: at('2026-02-15T00:00:00Z') },
    ]);
  });

  it('the expire step posts what remained in each expired lot once, and never goes below zero', () => {
    const expiresAt = at('2026-02-01T00:00:00Z');
    const facts = [
      entry('a', 'earn', 100, { at: at('2026-01-01T00:00:00Z'), expiresAt }),
      entry('s', 'redeem', -40, { at: at('2026-01-10T00:00:00Z') }),
    ];
    const proposals = expireLots(foldLedger(facts, rps), NOW);
    expect(proposals).toEqual([
      { lotId: 'a', rewardPoint: 'STAR', points: -60, expiredAt: expiresAt },
    ]);
    const after = foldLedger(
      [...facts, entry('x', 'expire', -60, { at: NOW, lots: [{ id: 'a', points: 60 }] })],
      rps,
    );
    expect(netBalance(after)).toEqual({ STAR: 0 });
    expect(expireLots(after, NOW)).toEqual([]);
  });

  it('summarises available, unvested and expiring points', () => {
    const facts = [
      entry('a', 'earn', 100, { expiresAt: at('2026-03-20T00:00:00Z') }),
      entry('b', 'earn', 40, { vestsAt: at('2026-03-05T00:00:00Z') }),
      entry('c', 'earn', 7),
    ];
    const ledger = foldLedger(facts, rps);
    expect(balanceSummary(ledger['STAR']?.lots ?? [], NOW)).toEqual({
      STAR: { available: 107, unvested: 40, expiring30: 100 },
    });
    expect(expiringWithin(ledger, NOW, at('2026-04-01T00:00:00Z'))).toEqual({ STAR: 100 });
  });
});

describe('dates of a new lot', () => {
  const rp = rewardPoint({
    vesting: { value: 14, unit: 'day' },
    expiry: { value: 1, unit: 'year' },
  });

  it('earned points vest; refunded, moved or adjusted points are usable at once; all expire', () => {
    expect(datesForNewLot(rp, NOW, 'earn')).toEqual({
      vestsAt: NOW + 14 * 86_400_000,
      expiresAt: at('2027-03-01T10:00:00Z'),
    });
    for (const kind of ['refundRedeem', 'transferIn', 'adjust'] as const) {
      expect(datesForNewLot(rp, NOW, kind)).toEqual({
        vestsAt: null,
        expiresAt: at('2027-03-01T10:00:00Z'),
      });
    }
  });
});

describe('returns reverse the stored points', () => {
  const line1: StoredLine = {
    id: '1',
    quantity: 3,
    earned: { STAR: 10 },
    redeemed: { STAR: 250 },
    returnedQuantity: 0,
  };
  const stored: StoredLine[] = [
    line1,
    { id: '2', quantity: 1, earned: { STAR: 5 }, redeemed: {}, returnedQuantity: 0 },
  ];

  it('prorates partial returns so that all of them add up to the stored points', () => {
    const first = pointsForReturn(stored, [{ id: '1', quantity: 1 }]);
    const rest = pointsForReturn([{ ...line1, returnedQuantity: 1 }], [{ id: '1', quantity: 2 }]);
    expect(first.takeBack).toEqual({ STAR: 3 });
    expect(first.giveBack).toEqual({ STAR: 83 });
    expect((first.takeBack['STAR'] ?? 0) + (rest.takeBack['STAR'] ?? 0)).toBe(10);
    expect((first.giveBack['STAR'] ?? 0) + (rest.giveBack['STAR'] ?? 0)).toBe(250);
  });

  it('refuses unknown lines and more than is left to return', () => {
    expect(() => pointsForReturn(stored, [{ id: '9', quantity: 1 }])).toThrow(ReturnError);
    expect(() => pointsForReturn(stored, [{ id: '2', quantity: 2 }])).toThrow(/only 1 left/);
  });
});
