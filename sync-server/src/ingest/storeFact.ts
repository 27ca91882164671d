import { eq } from 'drizzle-orm';
import { parseInstant } from '../../../shared/units/time';
import { isPlainSale } from '../../../shared/protocol/plainSale';
import type { Fact, FactResult } from '../../../shared/protocol/sync';
import type { ServerContext } from '../context';
import type { Session } from '../db/database';
import { databaseUnavailable, isConnectionFailure, rootReason } from '../db/failure';
import { facts } from '../db/schema';
import { draftsOf, entryFromDraft, originOf } from '../ledger/entries';
import { claimTendersOfPushedSale } from '../redemption/tenderUse';
import { showAsPending } from '../ledger/pending';
import type { CatalogueWindow } from '../posting/catalogue';

export interface Arrival {
  readonly registerId: string;
  readonly serverTime: Date;
  readonly skewFlagged: boolean;
  /**
   * Why the sale's loyalty part is refused at ingest (factChecks.ts saleLoyaltyRefusal), or null:
   * the fact is stored with this reason and none of its entries, for the post job to keep the sale.
   */
  readonly loyaltyRefused: string | null;
  /** The distribution versions the register could have priced the fact at (catalogueWindow.ts). */
  readonly catalogue: CatalogueWindow;
}

/**
 * Stores one pushed fact and its entries as pending, in the caller's transaction: either both are
 * written or neither, so a push replayed after a crash mid-request answers duplicate and nothing
 * is half there. The fact id is the idempotency key.
 */
export async function storeFact(
  tx: Session,
  fact: Fact,
  arrival: Arrival,
): Promise<FactResult['status'] | { rejected: string }> {
  const deviceTime = new Date(parseInstant(fact.deviceTime));
  const inserted = await tx.db
    .insert(facts)
    .values({
      id: fact.id,
      storeId: fact.store,
      registerId: fact.register,
      type: fact.type,
      body: fact,
      deviceTime,
      deviceSeq: fact.deviceSeq,
      serverTime: arrival.serverTime,
      skewFlagged: arrival.skewFlagged,
      plainSale: isPlainSale(fact),
      reason: arrival.loyaltyRefused,
      catalogueFrom: arrival.catalogue.from,
      catalogueTo: arrival.catalogue.to,
    })
    .onConflictDoNothing({ target: facts.id })
    .returning({ id: facts.id });
  if (inserted.length === 0) {
    const [first] = await tx.db
      .select({ registerId: facts.registerId })
      .from(facts)
      .where(eq(facts.id, fact.id));
    return first?.registerId === arrival.registerId
      ? 'duplicate'
      : { rejected: `fact id ${fact.id} was already used by another register` };
  }
  const earnedAt = arrival.skewFlagged ? arrival.serverTime : deviceTime;
  const origin = originOf(fact, { earnedAt, deviceTime });
  const drafts = arrival.loyaltyRefused === null ? draftsOf(fact) : [];
  await showAsPending(
    tx,
    drafts.map((draft) => entryFromDraft(draft, origin)),
    arrival.serverTime,
  );
  if (fact.type === 'sale') await claimTendersOfPushedSale(tx, fact, arrival.serverTime);
  return 'accepted';
}

/**
 * Stores one fact in a transaction of its own, for a push or a journal import. A failure of that
 * one fact (reading its arrival included) answers it rejected with the reason, so the register's
 * outbox moves on; a lost database fails the whole request (503), so the register sends again and
 * the facts stored so far answer duplicate.
 */
export async function storeOneFact(
  context: ServerContext,
  fact: Fact,
  arrival: Arrival | Promise<Arrival>,
): Promise<FactResult> {
  try {
    const known = await arrival;
    const outcome = await context.database.transaction((tx) => storeFact(tx, fact, known));
    const skew = known.skewFlagged ? { clockSkew: true } : {};
    return typeof outcome === 'string'
      ? { id: fact.id, status: outcome, ...skew }
      : { id: fact.id, status: 'rejected', reason: outcome.rejected };
  } catch (error) {
    if (isConnectionFailure(error)) throw databaseUnavailable();
    return {
      id: fact.id,
      status: 'rejected',
      reason: `the server could not store this fact: ${rootReason(error)}`,
    };
  }
}
