import type { PointsByRewardPoint } from '../../../shared/engine/model';
import type { SaleFact } from '../../../shared/protocol/sync';
import type { EntryToPost } from '../ledger/post';
import type { OwnRows } from './batch/factPlan';
import type { PostingEnv, Review } from './facts';

/** A receipt to keep once its entries are posted. */
export interface CheckedSale {
  readonly env: PostingEnv;
  readonly fact: SaleFact;
  /** The lines' points before the cap (a sale), or null (a return keeps its lines as sent). */
  readonly preCap: PointsByRewardPoint[] | null;
}

/**
 * What a fact's checks found it may post, read fresh from the database in the run's transaction:
 * a fact type's planner returns it, and the run of one (batch/runOfOne.ts) turns it into a plan.
 */
export interface CheckedFact {
  readonly entries: readonly EntryToPost[];
  readonly reviews: readonly Review[];
  readonly sale: CheckedSale | null;
  /** The card whose tier the posting may change (PRODUCT 4.5), if any. */
  readonly tierCard: string | null;
  readonly own: OwnRows | null;
  /** The fact's pending entries on a card it no longer posts to, rejected with the reason. */
  readonly setAside: SetAside | null;
}

/** A card whose pending entries of the fact are set aside, and why. */
export interface SetAside {
  readonly card: string;
  readonly reason: string;
}

export const NOTHING_TO_POST: CheckedFact = {
  entries: [],
  reviews: [],
  sale: null,
  tierCard: null,
  own: null,
  setAside: null,
};
