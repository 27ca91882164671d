import type { RewardPointRules } from '../../../shared/engine/model';
import type { Session } from '../db/database';
import { NO_AUTHORITY, type PostingAuthority } from './authority';
import { postIssuedCard } from './cardIssued';
import { postCustomer } from './customer';
import { lockPendingFact, markPosted, markRejected, postingEnv, type Review } from './facts';
import { postLedgerEntry } from './ledgerEntry';
import { postSale } from './sale';
import { reevaluateTier } from '../tiers/evaluate';

export interface FactOutcome {
  readonly id: string;
  readonly register: string;
  /** loyaltyRejected: the sale was kept, its loyalty entries rejected with the reason. */
  readonly status: 'posted' | 'rejected' | 'loyaltyRejected';
  readonly reason?: string;
  readonly reviews: readonly Review[];
}

/**
 * Checks and posts one pending fact in the caller's transaction: its checks, its postings and its
 * status change commit together or not at all. Null when the fact is no longer pending or another
 * runner holds it. A failed check throws FactRejected (rolling everything back). `authority`
 * decides what a fact that needs a manager's approval may post (posting/authority.ts).
 */
export async function postFact(
  tx: Session,
  id: string,
  rewardPoints: ReadonlyMap<string, RewardPointRules>,
  at: Date,
  authority: PostingAuthority = NO_AUTHORITY,
): Promise<FactOutcome | null> {
  const row = await lockPendingFact(tx, id);
  if (!row) return null;
  const { env, fact } = postingEnv(tx, row, rewardPoints);
  let reviews: Review[] = [];
  let earningCard: string | null = null;
  switch (fact.type) {
    case 'sale':
      ({ reviews, card: earningCard } = await postSale(env, fact));
      break;
    case 'ledgerEntry':
      await postLedgerEntry(env, fact, authority);
      earningCard = fact.entry.card;
      break;
    case 'cardIssued':
      await postIssuedCard(env, fact);
      break;
    case 'customer':
      await postCustomer(env, fact, at, authority);
      break;
    case 'void':
      // A void has no loyalty part: it is kept as it came, for head office's void report.
      break;
  }
  await markPosted(tx, row, reviews, at);
  // Tiers are recomputed after each posting that can earn (PRODUCT 4.5), in the same transaction.
  if (earningCard) await reevaluateTier(tx, earningCard, at);
  return { id, register: row.registerId, status: 'posted', reviews };
}

/** Sets a fact aside as rejected with its reason, in a transaction of its own. */
export async function rejectFact(
  tx: Session,
  id: string,
  reason: string,
  at: Date,
): Promise<FactOutcome | null> {
  const row = await lockPendingFact(tx, id);
  if (!row) return null;
  await markRejected(tx, row, reason, at);
  return { id, register: row.registerId, status: 'rejected', reason, reviews: [] };
}
