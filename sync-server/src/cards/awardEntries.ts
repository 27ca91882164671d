import { createHash } from 'node:crypto';
import type { EntryToPost } from '../ledger/post';

/** Who an award's entries name: a person at a store or register, or nobody (the server itself). */
export interface AwardedBy {
  readonly staffId: string | null;
  readonly storeId: string | null;
  readonly registerId: string | null;
}

/** What an award gives, as worked out under the schemes that apply (or as it waited for review). */
export interface AwardPoints {
  /** Per reward point, non-zero only. */
  readonly earned: Readonly<Record<string, number>>;
  readonly ruleIds: readonly string[];
  /** The scheme version whose lines gave the points, when exactly one did. */
  readonly scheme: { readonly id: string; readonly version: number } | null;
}

/**
 * The entry id of an award's points in one reward point: the award's own id for the first, a
 * fixed id derived from it for any other, the same on every retry.
 */
function awardEntryId(awardId: string, rewardPoint: string, first: boolean): string {
  if (first) return awardId;
  const hex = createHash('sha1').update(`award:${awardId}:${rewardPoint}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** One `activity` entry per reward point of an award, all sharing the award's id as their fact. */
export function awardEntries(
  award: {
    readonly id: string;
    readonly cardNumber: string;
    readonly type: string;
    readonly comment: string | null;
  },
  points: AwardPoints,
  by: AwardedBy,
  at: Date,
): EntryToPost[] {
  const earned = Object.entries(points.earned).sort(([a], [b]) => a.localeCompare(b));
  return earned.map(([rewardPoint, value], i) => ({
    id: awardEntryId(award.id, rewardPoint, i === 0),
    cardNumber: award.cardNumber,
    rewardPointId: rewardPoint,
    kind: 'activity',
    points: value,
    comment: award.comment,
    activityType: award.type,
    earnedAt: at,
    origin: 'online',
    staffId: by.staffId,
    storeId: by.storeId,
    registerId: by.registerId,
    // The entries of one award share its id, so the per-customer limit counts the award once.
    factId: award.id,
    ruleIds: [...points.ruleIds],
    schemeId: points.scheme?.id ?? null,
    schemeVersion: points.scheme?.version ?? null,
  }));
}

/** The points of a worked-out award, in the form they are posted or kept for review. */
export function pointsOf(outcome: {
  readonly earned: Readonly<Record<string, number>>;
  readonly rules: Readonly<Record<string, number>>;
  readonly schemes: readonly { readonly id: string; readonly version: number }[];
}): AwardPoints {
  return {
    earned: outcome.earned,
    ruleIds: Object.keys(outcome.rules),
    scheme: outcome.schemes.length === 1 ? (outcome.schemes[0] ?? null) : null,
  };
}
