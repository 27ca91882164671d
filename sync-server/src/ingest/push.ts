import { parseInstant } from '../../../shared/units/time';
import {
  PROTOCOL_VERSION,
  type Fact,
  type FactResult,
  type PushRequest,
  type PushResponse,
} from '../../../shared/protocol/sync';
import type { ServerContext } from '../context';
import { clockOffsetMs, isClockSkewed } from './skew';
import { databaseUnavailable, isConnectionFailure, rootReason } from './failure';
import { recordRegisterHealth } from './health';
import { storeFact, type Arrival } from './storeFact';

export interface PushingRegister {
  readonly id: string;
  readonly store: string;
}

/** A fact may only come from the register whose token pushed it (PRODUCT 7). */
function forgery(fact: Fact, register: PushingRegister): string | null {
  if (fact.store !== register.store)
    return `forged store: this register belongs to store ${register.store}, the fact says ${fact.store}`;
  if (fact.register !== register.id)
    return `forged register: this token is register ${register.id}, the fact says ${fact.register}`;
  return null;
}

/**
 * Stores one fact in a transaction of its own. A failure of that one fact answers it rejected with
 * the reason, so the register's outbox moves on; a lost database fails the whole push (503), so
 * the register pushes again and the facts stored so far answer duplicate.
 */
async function storeOne(context: ServerContext, fact: Fact, arrival: Arrival): Promise<FactResult> {
  const skew = arrival.skewFlagged ? { clockSkew: true } : {};
  try {
    const outcome = await context.database.transaction((tx) => storeFact(tx, fact, arrival));
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

/**
 * Stores each fact of a push on its own (one bad fact never blocks the others) and answers one
 * result per fact: accepted, duplicate (already stored) or rejected with a reason.
 */
export async function ingestPush(
  context: ServerContext,
  register: PushingRegister,
  request: PushRequest,
): Promise<PushResponse> {
  const now = context.clock.now();
  const serverTime = new Date(now);
  const sentAt = request.sentAt === undefined ? null : parseInstant(request.sentAt);
  const results: FactResult[] = [];
  for (const fact of request.facts) {
    const forged = forgery(fact, register);
    if (forged) {
      results.push({ id: fact.id, status: 'rejected', reason: forged });
      continue;
    }
    const skewFlagged = isClockSkewed(
      parseInstant(fact.deviceTime),
      sentAt,
      now,
      context.config.clockSkewMs,
    );
    results.push(
      await storeOne(context, fact, { registerId: register.id, serverTime, skewFlagged }),
    );
  }
  const latest = request.facts.reduce((a, b) => (b.deviceSeq > a.deviceSeq ? b : a));
  await recordRegisterHealth(context.database, {
    registerId: register.id,
    at: serverTime,
    clockOffsetMs: clockOffsetMs(sentAt, parseInstant(latest.deviceTime), now),
    outboxDepth: request.health?.outboxDepth,
    distributionVersion: request.health?.distributionVersion,
  });
  return { protocol: PROTOCOL_VERSION, serverTime: serverTime.toISOString(), results };
}
