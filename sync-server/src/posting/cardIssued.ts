import { and, eq, gte, lte } from 'drizzle-orm';
import { checkCardNumber } from '../../../shared/engine/cardNumbers';
import type { Fact } from '../../../shared/protocol/sync';
import { CARD_NUMBER_FORMAT } from '../cards/numberSequence';
import {
  entriesOfSelfAwards,
  keepSelfAwardsForReview,
  selfAwardsOfNewCard,
} from '../cards/selfAwards';
import { cardNumberBlocks, cards, customers, tiers } from '../db/schema';
import type { Session } from '../db/database';
import { NOTHING_TO_POST, type CheckedFact } from './checked';
import type { PostingEnv } from './facts';
import { loadStore, staffInStore } from './lookups';
import { reject } from './rejection';

type IssuedCardFact = Extract<Fact, { type: 'cardIssued' }>;

/** The running sequence inside a number this server's format made; null for any other number. */
export function sequenceOf(number: string): number | null {
  const { prefix, sequenceDigits } = CARD_NUMBER_FORMAT;
  if (number.length !== prefix.length + sequenceDigits + 1 || !number.startsWith(prefix))
    return null;
  return Number(number.slice(prefix.length, -1));
}

async function checkNumberIsTheRegisters(env: PostingEnv, number: string): Promise<void> {
  const checked = checkCardNumber(number);
  if (!checked.ok)
    reject(
      `card number ${number} is not valid (${checked.problem === 'format' ? 'format' : 'check digit'})`,
    );
  const sequence = sequenceOf(number);
  if (sequence === null) reject(`card number ${number} is not in this server's number format`);
  const [block] = await env.tx.db
    .select({ id: cardNumberBlocks.id })
    .from(cardNumberBlocks)
    .where(
      and(
        eq(cardNumberBlocks.registerId, env.row.registerId),
        lte(cardNumberBlocks.firstNumber, sequence),
        gte(cardNumberBlocks.lastNumber, sequence),
      ),
    );
  if (!block)
    reject(`card number ${number} is not in a block handed to register ${env.row.registerId}`);
  const [taken] = await env.tx.db
    .select({ number: cards.number })
    .from(cards)
    .where(eq(cards.number, number));
  if (taken) reject(`card number ${number} is already taken`);
}

async function checkCustomer(env: PostingEnv, customerId: string | null): Promise<void> {
  if (customerId === null) return;
  const [customer] = await env.tx.db
    .select({ blocked: customers.enrolmentBlocked })
    .from(customers)
    .where(eq(customers.id, customerId));
  if (!customer) reject(`customer ${customerId} is unknown`);
  if (customer.blocked) reject(`customer ${customerId} is blocked for loyalty enrolment`);
}

/**
 * An issued card's planner: a card issued at a register, also offline, from that register's number
 * block (PRODUCT 4.6). The card row is the fact's own row; the awards it gives are its entries
 * (or, for a type that needs review, its own rows too).
 */
export async function checkIssuedCard(env: PostingEnv, fact: IssuedCardFact): Promise<CheckedFact> {
  const { number, customer, program, staff } = fact.card;
  await checkNumberIsTheRegisters(env, number);
  const store = await loadStore(env.tx, fact.store);
  if (store.programId !== null && store.programId !== program)
    reject(`store ${store.id} issues cards of program ${store.programId}, not ${program}`);
  await staffInStore(env.tx, staff, fact.store, true);
  await checkCustomer(env, customer);
  const [base] = await env.tx.db
    .select({ id: tiers.id })
    .from(tiers)
    .where(and(eq(tiers.programId, program), eq(tiers.level, 0)));
  const tierId = base?.id ?? null;
  // A new customer's first card awards REGISTRATION, a subscriber's NEWSLETTER (PRODUCT 4.7): their
  // entries are the fact's to post, on the card its own rows make.
  const awards = await selfAwardsOfNewCard(
    env.tx,
    { number, customerId: customer, programId: program, tierId },
    { staffId: staff, storeId: fact.store, registerId: fact.register },
    env.origin.earnedAt,
  );
  const own = async (tx: Session) => {
    await tx.db.insert(cards).values({
      number,
      customerId: customer,
      programId: program,
      status: 'active',
      tierId,
      enrolmentSource: 'register',
      enrolmentStoreId: fact.store,
      enrolmentRegisterId: fact.register,
      issuedAt: env.origin.earnedAt,
      updatedAt: env.row.serverTime,
    });
    await keepSelfAwardsForReview(tx, awards);
  };
  return { ...NOTHING_TO_POST, entries: entriesOfSelfAwards(awards), own };
}
