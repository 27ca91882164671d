import { asc, eq } from 'drizzle-orm';
import type { Session } from '../db/database';
import { cards, customers, programs, stores, tiers } from '../db/schema';
import { conflict, invalidField } from '../errors';
import { insertOnce } from '../hq/writes';
import type { Actor } from './access';
import { nextCardNumber } from './numberSequence';
import { awardsOfNewCard } from './selfAwards';
import { checkGivenNumber } from './numbers';

export interface NewNumber {
  readonly number?: string | undefined;
  readonly fromSequence?: boolean | undefined;
}

/**
 * The new card's number: the one given (check digit verified) or the next from the sequence.
 * Neither, or both, is a clear 400, as Dynamics' IssueLoyaltyCard answers.
 */
export async function newCardNumber(tx: Session, request: NewNumber): Promise<string> {
  const fromSequence = request.fromSequence === true;
  if (request.number !== undefined && fromSequence)
    throw invalidField(
      'cardNumberAmbiguous',
      'number',
      'invalid',
      'give a card number or set fromSequence: true, not both',
    );
  if (request.number !== undefined) return checkGivenNumber(request.number);
  if (fromSequence) return nextCardNumber(tx);
  throw invalidField(
    'cardNumberRequired',
    'number',
    'required',
    'a new card needs a number: give one (with its check digit) or set fromSequence: true to take the next from the sequence',
  );
}

/** The customer a card is for, locked; 400 when unknown, 409 when blocked for loyalty enrolment. */
export async function enrollableCustomer(tx: Session, id: string, field = 'customer') {
  const [customer] = await tx.db.select().from(customers).where(eq(customers.id, id)).for('update');
  if (!customer)
    throw invalidField('unknownReference', field, 'unknownReference', `unknown customer "${id}"`, {
      value: id,
    });
  if (customer.enrolmentBlocked)
    throw conflict(
      'customerBlockedForEnrolment',
      `customer ${id} is blocked for loyalty enrolment: no card can be issued to them`,
    );
  return customer;
}

/** The program named, else the program of the register's store, else the only one there is. */
async function programFor(tx: Session, named: string | undefined, actor: Actor): Promise<string> {
  if (named !== undefined) {
    const [row] = await tx.db
      .select({ id: programs.id })
      .from(programs)
      .where(eq(programs.id, named));
    if (!row)
      throw invalidField(
        'unknownReference',
        'program',
        'unknownReference',
        `unknown program "${named}"`,
        {
          value: named,
        },
      );
    return row.id;
  }
  if (actor.storeId) {
    const [store] = await tx.db
      .select({ program: stores.programId })
      .from(stores)
      .where(eq(stores.id, actor.storeId));
    if (store?.program) return store.program;
  }
  const all = await tx.db.select({ id: programs.id }).from(programs).limit(2);
  if (all.length === 1 && all[0]) return all[0].id;
  throw invalidField(
    'programRequired',
    'program',
    'required',
    'say which program the card belongs to',
  );
}

async function baseTier(tx: Session, programId: string): Promise<string | null> {
  const [tier] = await tx.db
    .select({ id: tiers.id })
    .from(tiers)
    .where(eq(tiers.programId, programId))
    .orderBy(asc(tiers.level))
    .limit(1);
  return tier?.id ?? null;
}

export interface NewCard {
  readonly number: string;
  readonly programId: string;
  readonly customerId: string | null;
  readonly tierId: string | null;
  readonly tierValidUntil: Date | null;
  /** A tier set by hand, carried to a replacement card (PRODUCT 4.5). */
  readonly tierHeldUntil?: Date | null;
  readonly tierHoldReason?: string | null;
  readonly tierHeldBy?: string | null;
}

/** Inserts the card; 409 when the number is taken. Stamps where it was enrolled. */
export async function insertCard(tx: Session, card: NewCard, actor: Actor, now: Date) {
  await insertOnce(
    () =>
      tx.db.insert(cards).values({
        ...card,
        status: 'active',
        enrolmentSource: actor.registerId ? 'register' : actor.headOffice ? 'headOffice' : 'api',
        enrolmentStoreId: actor.registerId ? actor.storeId : null,
        enrolmentRegisterId: actor.registerId,
        issuedAt: now,
        updatedAt: now,
      }),
    `card number ${card.number} is already taken`,
  );
}

export interface IssueRequest extends NewNumber {
  readonly customer?: string | null | undefined;
  readonly program?: string | undefined;
}

/** Issues a card (PRODUCT 4.6): anonymous or for a customer, at the program's base tier. */
export async function issueCard(
  tx: Session,
  request: IssueRequest,
  actor: Actor,
  now: Date,
): Promise<string> {
  const customer = request.customer ? await enrollableCustomer(tx, request.customer) : null;
  const programId = await programFor(tx, request.program, actor);
  const number = await newCardNumber(tx, request);
  await insertCard(
    tx,
    {
      number,
      programId,
      customerId: customer?.id ?? null,
      tierId: await baseTier(tx, programId),
      tierValidUntil: null,
    },
    actor,
    now,
  );
  // A new customer's first card awards REGISTRATION, a subscriber's NEWSLETTER (PRODUCT 4.7).
  await awardsOfNewCard(
    tx,
    number,
    { staffId: actor.staffId, storeId: actor.storeId, registerId: actor.registerId },
    now,
  );
  return number;
}
