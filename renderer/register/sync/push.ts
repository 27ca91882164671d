import {
  MAX_FACTS_PER_PUSH,
  PROTOCOL_VERSION,
  type Fact,
  type FactResult,
} from '../../../shared/protocol/sync';
import { api } from '../../../shared/protocol/api';
import { ApiError } from '../../common/api';
import { applyPushResults, countAttempt, outboxBatch } from '../localdb/facts';
import type { RegisterDb } from '../localdb/schema';
import type { ServerLink } from './link';

export interface PushHealth {
  readonly outboxDepth: number;
  readonly distributionVersion: number;
}

export interface PushOutcome {
  readonly accepted: number;
  readonly rejected: number;
}

/** A request the server refused for its content (not for who sent it, nor for being busy). */
const refusedForContent = (error: unknown) =>
  error instanceof ApiError && (error.status === 400 || error.status === 422);

async function send(
  link: ServerLink,
  facts: readonly Fact[],
  health: PushHealth,
  now: () => number,
): Promise<FactResult[]> {
  const answer = await link.route(api.sync.push, {
    body: {
      protocol: PROTOCOL_VERSION,
      facts: [...facts],
      health,
      sentAt: new Date(now()).toISOString(),
    },
  });
  return answer.results;
}

/**
 * A batch the server refused as a whole is sent again fact by fact, so one bad fact is marked
 * rejected (with the server's words) and never blocks the others.
 */
async function sendOneByOne(
  link: ServerLink,
  facts: readonly Fact[],
  health: PushHealth,
  now: () => number,
): Promise<FactResult[]> {
  const results: FactResult[] = [];
  for (const fact of facts) {
    try {
      results.push(...(await send(link, [fact], health, now)));
    } catch (error) {
      if (!refusedForContent(error)) throw error;
      results.push({ id: fact.id, status: 'rejected', reason: (error as ApiError).message });
    }
  }
  return results;
}

/** Pushes the outbox in batches of up to 500 facts, oldest first, until it is empty. */
export async function pushOutbox(
  link: ServerLink,
  db: RegisterDb,
  health: () => Promise<PushHealth>,
  now: () => number = Date.now,
  onAnswered: (results: readonly FactResult[]) => Promise<void> = async () => {},
): Promise<PushOutcome> {
  let accepted = 0;
  let rejected = 0;
  for (;;) {
    const facts = await outboxBatch(db, MAX_FACTS_PER_PUSH);
    if (facts.length === 0) return { accepted, rejected };
    let results: FactResult[];
    try {
      results = await send(link, facts, await health(), now);
    } catch (error) {
      if (!refusedForContent(error)) {
        await countAttempt(
          db,
          facts.map((fact) => fact.id),
        );
        throw error;
      }
      results = await sendOneByOne(link, facts, await health(), now);
    }
    await applyPushResults(db, results);
    await onAnswered(results);
    const answered = new Set(results.map((result) => result.id));
    if (!facts.some((fact) => answered.has(fact.id)))
      throw new Error('the server answered none of the facts pushed');
    for (const result of results) {
      if (result.status === 'rejected') rejected += 1;
      else accepted += 1;
    }
  }
}
