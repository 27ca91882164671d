import { sql } from 'drizzle-orm';
import { cardNumberFor, type CardNumberFormat } from '../../../shared/engine/cardNumbers';
import type { Session } from '../db/database';
import { counters } from '../db/schema';

/** The format of every card number this server makes: prefix, running sequence, Luhn check digit. */
export const CARD_NUMBER_FORMAT: CardNumberFormat = { prefix: '6001', sequenceDigits: 11 };

const COUNTER = 'cardNumber';

/**
 * Reserves `count` consecutive sequence numbers, atomically (one row update), and returns the
 * first. Head office issuing, API issuing and the registers' blocks all cut from this one counter,
 * so no number is ever handed out twice.
 */
export async function takeSequence(session: Session, count = 1): Promise<number> {
  if (!Number.isSafeInteger(count) || count < 1)
    throw new RangeError('count must be a positive integer');
  const [row] = await session.db
    .insert(counters)
    .values({ name: COUNTER, value: count })
    .onConflictDoUpdate({
      target: counters.name,
      set: { value: sql`${counters.value} + ${count}` },
    })
    .returning({ value: counters.value });
  if (!row) throw new Error('the card number counter did not answer');
  return row.value - count + 1;
}

export async function nextCardNumber(session: Session): Promise<string> {
  return cardNumberFor(CARD_NUMBER_FORMAT, await takeSequence(session, 1));
}
