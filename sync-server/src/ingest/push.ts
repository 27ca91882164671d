import { parseInstant } from '../../../shared/units/time';
import {
  PROTOCOL_VERSION,
  type Fact,
  type FactResult,
  type PushRequest,
  type PushResponse,
} from '../../../shared/protocol/sync';
import {
  factRefusal,
  saleLoyaltyRefusal,
  type FactLimits,
} from '../../../shared/protocol/factChecks';
import type { ServerContext } from '../context';
import { testFault } from '../testFaults';
import { clockOffsetMs, contradictsWhatServerKnows, isClockSkewed } from './skew';
import { cardIssueTimes } from './cardIssue';
import { databaseUnavailable, isConnectionFailure } from '../db/failure';
import {
  recordedContact,
  recordRegisterHealth,
  type HealthReport,
  type RecordedContact,
} from './health';
import { storeOneFact } from './storeFact';
import { storeFacts, type ArrivingFact } from './storeBatch';
import { latestVersion } from '../distribution/feed';
import { catalogueWindow } from './catalogueWindow';

export interface PushingRegister {
  readonly id: string;
  readonly store: string;
}

/**
 * A fact may only come from the register whose token pushed it (PRODUCT 7), and only within the
 * bounds no honest register passes.
 */
function refusal(fact: Fact, register: PushingRegister, limits: FactLimits): string | null {
  return forgery(fact, register) ?? factRefusal(fact, limits);
}

/** Why the fact cannot be this register's: another store or another register named in it. */
function forgery(fact: Fact, register: PushingRegister): string | null {
  if (fact.store !== register.store)
    return `forged store: this register belongs to store ${register.store}, the fact says ${fact.store}`;
  if (fact.register !== register.id)
    return `forged register: this token is register ${register.id}, the fact says ${fact.register}`;
  return null;
}

/**
 * Stores the facts of a push together in one transaction with the register's health (a backlog of
 * thousands of facts arrives at set-based speed, docs/performance.md). Should that fail for
 * anything but a lost database, they are stored again one by one, so one bad fact never blocks the
 * others, and the health is recorded after them.
 */
async function storeAll(
  context: ServerContext,
  arriving: readonly ArrivingFact[],
  health: HealthReport,
  recorded: RecordedContact,
): Promise<FactResult[]> {
  if (arriving.length === 0) {
    await recordRegisterHealth(context.database, health, recorded);
    return [];
  }
  try {
    const outcomes = await context.database.transaction(async (tx) => {
      const stored = await storeFacts(tx, arriving);
      await recordRegisterHealth(tx, health, recorded);
      await testFault('push-before-commit');
      return stored;
    });
    await testFault('push-after-commit');
    return arriving.map(({ fact, arrival }, i): FactResult => {
      const outcome = outcomes[i] ?? 'duplicate';
      return typeof outcome === 'string'
        ? { id: fact.id, status: outcome, ...(arrival.skewFlagged ? { clockSkew: true } : {}) }
        : { id: fact.id, status: 'rejected', reason: outcome.rejected };
    });
  } catch (error) {
    if (isConnectionFailure(error)) throw databaseUnavailable();
  }
  const results: FactResult[] = [];
  for (const { fact, arrival } of arriving)
    results.push(await storeOneFact(context, fact, arrival));
  await recordRegisterHealth(context.database, health);
  return results;
}

/**
 * Stores the facts of a push (one bad fact never blocks the others) and answers one result per
 * fact: accepted, duplicate (already stored) or rejected with a reason.
 */
export async function ingestPush(
  context: ServerContext,
  register: PushingRegister,
  request: PushRequest,
): Promise<PushResponse> {
  const now = context.clock.now();
  const serverTime = new Date(now);
  const sentAt = request.sentAt === undefined ? null : parseInstant(request.sentAt);
  const [recorded, latest, issued] = await Promise.all([
    recordedContact(context.database, register.id),
    latestVersion(context.database, register.store),
    cardIssueTimes(context.database, request.facts),
  ]).catch((error: unknown) => {
    throw isConnectionFailure(error) ? databaseUnavailable() : error;
  });
  const quiet = recorded.quiet;
  const forged = new Map<Fact, string>();
  const arriving: ArrivingFact[] = [];
  for (const fact of request.facts) {
    const reason = refusal(fact, register, context.config);
    if (reason) {
      forged.set(fact, reason);
      continue;
    }
    const deviceTime = parseInstant(fact.deviceTime);
    const window = context.config.clockSkewMs;
    const skewFlagged =
      isClockSkewed(deviceTime, sentAt, now, window) ||
      contradictsWhatServerKnows(fact, deviceTime, quiet, issued, now, window);
    const loyaltyRefused = saleLoyaltyRefusal(fact, context.config);
    arriving.push({
      fact,
      arrival: {
        registerId: register.id,
        serverTime,
        skewFlagged,
        loyaltyRefused,
        catalogue: catalogueWindow(fact.deviceSeq, quiet, latest.version),
      },
    });
  }
  const newest = request.facts.reduce((a, b) => (b.deviceSeq > a.deviceSeq ? b : a));
  const stored = await storeAll(
    context,
    arriving,
    {
      registerId: register.id,
      at: serverTime,
      clockOffsetMs: clockOffsetMs(sentAt, parseInstant(newest.deviceTime), now),
      outboxDepth: request.health?.outboxDepth,
      distributionVersion: request.health?.distributionVersion,
    },
    recorded,
  );
  const results = answersInOrder(request.facts, forged, stored);
  countAnswers(context, results);
  return { protocol: PROTOCOL_VERSION, serverTime: serverTime.toISOString(), results };
}

/** The push's answers in the pushed-facts metric, by status. */
function countAnswers(context: ServerContext, results: readonly FactResult[]): void {
  const tally = new Map<FactResult['status'], number>();
  for (const result of results) tally.set(result.status, (tally.get(result.status) ?? 0) + 1);
  for (const [result, count] of tally) context.metrics.factsPushed.inc({ result }, count);
}

/** One answer per fact, in the request's order: the forged ones' and the stored ones'. */
function answersInOrder(
  facts: readonly Fact[],
  forged: ReadonlyMap<Fact, string>,
  stored: readonly FactResult[],
): FactResult[] {
  let next = 0;
  return facts.map((fact): FactResult => {
    const reason = forged.get(fact);
    if (reason !== undefined) return { id: fact.id, status: 'rejected', reason };
    const result = stored[next];
    next += 1;
    if (!result) throw new Error(`no answer for fact ${fact.id}`);
    return result;
  });
}
