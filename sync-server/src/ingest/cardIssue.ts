import type { Fact } from '../../../shared/protocol/sync';
import type { Session } from '../db/database';

/** The card a fact earns or spends on, or null when it names none (or creates one). */
export function cardOfFact(fact: Fact): string | null {
  if (fact.type === 'sale') return fact.receipt.card;
  if (fact.type === 'ledgerEntry') return fact.entry.card;
  return null;
}

/** When each of the facts' cards the server knows was issued, ms, by card number. */
export async function cardIssueTimes(
  session: Session,
  facts: readonly Fact[],
): Promise<ReadonlyMap<string, number>> {
  const numbers = [...new Set(facts.map(cardOfFact).filter((n): n is string => n !== null))];
  if (numbers.length === 0) return new Map();
  const result = await session.query<{ number: string; issued_at: Date | string }>(
    'select number, issued_at from cards where number = any($1::text[])',
    [numbers],
  );
  return new Map(result.rows.map((row) => [row.number, new Date(row.issued_at).getTime()]));
}
