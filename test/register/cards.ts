import type { CardSummary } from '../../shared/protocol/sync';

/** A card summary as the server distributes it, with two lots; `points` sets the first lot. */
export function cardSummary(number: string, points = 100): CardSummary {
  return {
    number,
    customer: {
      id: `CU${number}`,
      name: `Customer ${number}`,
      affiliations: [],
      blockedForEnrolment: false,
    },
    tier: 'BASE',
    tierValidUntil: null,
    status: 'active',
    lots: [
      {
        id: `L${number}a`,
        rewardPoint: 'STAR',
        remaining: points,
        earnedAt: '2026-01-01T00:00:00.000Z',
        vestsAt: null,
        expiresAt: '2027-01-01T00:00:00.000Z',
      },
      {
        id: `L${number}b`,
        rewardPoint: 'STAR',
        remaining: 7,
        earnedAt: '2026-02-01T00:00:00.000Z',
        vestsAt: null,
        expiresAt: null,
      },
    ],
    debt: {},
  };
}

/** Distinct 13-digit numbers (the check digit does not matter to the card store). */
export const numberAt = (i: number): string => String(6_001_000_000_000 + i * 10);
