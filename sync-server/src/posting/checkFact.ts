import type { Fact } from '../../../shared/protocol/sync';
import type { PostingAuthority } from './authority';
import { checkIssuedCard } from './cardIssued';
import { NOTHING_TO_POST, type CheckedFact } from './checked';
import { checkCustomerFact } from './customer';
import type { PostingEnv } from './facts';
import { checkLedgerEntry } from './ledgerEntry';
import { checkSale } from './sale';

/**
 * Each fact type's planner, reading what it needs fresh in the run's transaction (so it sees what
 * the run wrote before it). A failed check throws FactRejected. `authority` decides what a fact
 * that needs a manager's approval may post (posting/authority.ts).
 */
export async function checkFact(
  env: PostingEnv,
  fact: Fact,
  at: Date,
  authority: PostingAuthority,
): Promise<CheckedFact> {
  switch (fact.type) {
    case 'sale':
      return checkSale(env, fact);
    case 'ledgerEntry':
      return checkLedgerEntry(env, fact, authority);
    case 'cardIssued':
      return checkIssuedCard(env, fact);
    case 'customer':
      return checkCustomerFact(env, fact, at, authority);
    case 'void':
      // A void has no loyalty part: it is kept as it came, for head office's void report.
      return NOTHING_TO_POST;
  }
}
