import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { redeem } from '../../../shared/engine/redemption';
import type { SaleLine } from '../../../shared/engine/model';
import type { Minor } from '../../../shared/units/integers';
import { formatAmount, parseAmount } from '../../../shared/units/money';
import type { ReserveRequest, ReserveResponse } from '../../../shared/protocol/sync';
import type { ServerContext } from '../context';
import type { Session } from '../db/database';
import { cards, customers, reservations, stores } from '../db/schema';
import { conflict, invalidField } from '../errors';
import { postEntries, type EntryToPost } from '../ledger/post';
import { loadRewardPoints } from '../ledger/rewardPoints';
import { loadCardLots } from '../ledger/cardLots';
import { applicableSchemes } from './applicableSchemes';
import { rewardSpend, type Spend } from './rewardSpend';

export type ReserveAnswer = z.infer<typeof ReserveResponse>;
type ReserveBody = z.infer<typeof ReserveRequest>;
type Granted = Extract<ReserveAnswer, { ok: true }>;

export interface ReservingRegister {
  readonly id: string;
  readonly store: string;
}

/** Two first requests for one tender raced past each other: the loser answers what the winner stored. */
class TenderRace extends Error {}

/** The answer already given for this tender, if any: replayed as is. */
async function storedAnswer(
  tx: Session,
  tender: string,
  register: ReservingRegister,
): Promise<ReserveAnswer | null> {
  const [row] = await tx.db.select().from(reservations).where(eq(reservations.tenderId, tender));
  if (!row) return null;
  if (row.storeId !== register.store || row.registerId !== register.id)
    throw conflict('tenderTaken', `tender ${tender} was reserved by another register`);
  return row.response as ReserveAnswer;
}

async function lockedCard(tx: Session, number: string) {
  const [row] = await tx.db
    .select({ card: cards, affiliations: customers.affiliations })
    .from(cards)
    .leftJoin(customers, eq(customers.id, cards.customerId))
    .where(eq(cards.number, number))
    .for('update', { of: cards });
  return row ?? null;
}

/** An amount of the request in minor units, or a 400 naming its field. */
function amountOf(field: string, text: string, currency: string): Minor {
  try {
    return parseAmount(text, currency);
  } catch (error) {
    throw invalidField('invalidAmount', field, 'invalidAmount', (error as Error).message, {
      owner: currency,
    });
  }
}

function tenderAmount(body: ReserveBody, currency: string): number {
  const amount = amountOf('amount', body.amount, currency);
  if (amount <= 0)
    throw invalidField(
      'invalidAmount',
      'amount',
      'notPositive',
      'a points tender must be above zero',
    );
  return amount;
}

/** The sale lines for the engine, every net amount checked like the tender's. */
function saleLines(body: ReserveBody, currency: string): SaleLine[] {
  return body.lines.map((line, i) => ({
    ...line,
    netAmount: amountOf(`lines.${i}.netAmount`, line.netAmount, currency),
  }));
}

function spendEntries(
  granted: Omit<Granted, 'entries'>,
  lots: readonly { id: string; points: number; rewardPoint: string }[],
): NonNullable<Granted['entries']> {
  return Object.entries(granted.points).map(([rewardPoint, cost]) => ({
    id: randomUUID(),
    rewardPoint,
    points: -cost,
    lots: lots
      .filter((l) => l.rewardPoint === rewardPoint)
      .map(({ id, points }) => ({ id, points })),
  }));
}

async function reserveLocked(
  tx: Session,
  context: ServerContext,
  register: ReservingRegister,
  body: ReserveBody,
): Promise<ReserveAnswer> {
  const at = new Date(context.clock.now());
  const [store] = await tx.db.select().from(stores).where(eq(stores.id, register.store));
  if (!store) throw conflict('unknownStore', `store ${register.store} is unknown`);
  const amount = tenderAmount(body, store.currency);
  const lines = saleLines(body, store.currency);
  const refusal = (
    error: 'unknownCard' | 'blockedCard' | 'insufficient' | 'threshold',
    canCover = 0,
  ) =>
    ({
      ok: false,
      tender: body.tender,
      error,
      canCover: formatAmount(canCover, store.currency),
    }) as const;

  const found = await lockedCard(tx, body.card);
  if (!found) return refusal('unknownCard');
  if (found.card.status !== 'active') return refusal('blockedCard');
  // Under the card lock: a concurrent first request for the same tender has committed by now.
  const earlier = await storedAnswer(tx, body.tender, register);
  if (earlier) return earlier;

  const schemes = await applicableSchemes(tx, store, found.card.programId, at);
  // A reward is priced by the catalogue alone; a points tender needs a scheme to price it.
  if (schemes.length === 0 && !body.reward)
    throw conflict('noScheme', `no active scheme applies to store ${store.id}`);
  const rewardPoints = await loadRewardPoints(tx);
  const lots = await loadCardLots(tx, body.card);
  const result: Spend = body.reward
    ? await rewardSpend(tx, store.currency, body.reward, amount, {
        rewardPoints,
        lots,
        lines,
        at: at.getTime(),
      })
    : redeem(
        {
          schemes,
          rewardPoints,
          card: { tier: found.card.tierId, affiliations: found.affiliations ?? [] },
          lots,
          lines,
          at: at.getTime(),
        },
        amount,
      );
  if (!result.ok) return refusal(result.error, result.canCover);

  const granted = {
    ok: true as const,
    tender: body.tender,
    covered: formatAmount(result.covered, store.currency),
    points: result.points,
    lots: result.lots.map(({ id, points }) => ({ id, points })),
  };
  const entries = spendEntries(granted, result.lots);
  const answer: Granted = { ...granted, entries };
  const toPost: EntryToPost[] = entries.map((e) => ({
    id: e.id,
    cardNumber: body.card,
    rewardPointId: e.rewardPoint,
    kind: 'redeem',
    points: e.points,
    earnedAt: at,
    origin: 'online',
    storeId: store.id,
    registerId: register.id,
    lots: e.lots,
    comment: body.reward
      ? `reward ${body.reward.id} version ${body.reward.version}, reservation ${body.tender}`
      : `points tender ${body.tender}`,
  }));
  await postEntries(tx, toPost, rewardPoints, at);
  const inserted = await tx.db
    .insert(reservations)
    .values({
      tenderId: body.tender,
      cardNumber: body.card,
      storeId: store.id,
      registerId: register.id,
      amountMinor: amount,
      response: answer,
      createdAt: at,
    })
    .onConflictDoNothing({ target: reservations.tenderId })
    .returning({ tender: reservations.tenderId });
  if (inserted.length === 0) throw new TenderRace();
  return answer;
}

/**
 * Online redemption (PRODUCT 4.2, 5): pays a tender with the card's points and posts the spends,
 * exactly once per tender id. The card row is locked first, so two registers redeeming one card
 * are served one after the other and the second sees what the first spent. A refusal spends
 * nothing and is not stored: asking again works it out afresh.
 */
export async function reservePoints(
  context: ServerContext,
  register: ReservingRegister,
  body: ReserveBody,
): Promise<ReserveAnswer> {
  const replay = await storedAnswer(context.database, body.tender, register);
  if (replay) return replay;
  try {
    return await context.database.transaction((tx) => reserveLocked(tx, context, register, body));
  } catch (error) {
    if (!(error instanceof TenderRace)) throw error;
    const stored = await storedAnswer(context.database, body.tender, register);
    if (!stored) throw error;
    return stored;
  }
}
