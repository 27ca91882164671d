import { api } from '../../../shared/protocol/api';
import { PROTOCOL_VERSION, type FactStatusRequest } from '../../../shared/protocol/sync';
import { applyFactEvent, factsWithStatus } from '../localdb/facts';
import type { RegisterDb } from '../localdb/schema';
import type { ServerLink } from './link';

const MAX_ASKED = 500;

/**
 * Asks the server what became of the facts it accepted whose outcome this register has not heard:
 * the event stream tells it when the post job settles a fact, but an event sent while the stream
 * was down is lost. Settled facts are marked as the event would have marked them. Returns how many.
 */
export async function catchUpOutcomes(
  link: ServerLink,
  db: RegisterDb,
  version: number,
): Promise<number> {
  const waiting = await factsWithStatus(db, 'accepted');
  if (waiting.length === 0) return 0;
  const request: FactStatusRequest = {
    protocol: PROTOCOL_VERSION,
    ids: waiting.slice(0, MAX_ASKED).map((row) => row.id),
  };
  const answer = await link.route(api.sync.factStatus, { body: request });
  let settled = 0;
  for (const fact of answer.facts) {
    if (fact.status === 'pending') continue;
    await applyFactEvent(
      db,
      {
        type: 'fact',
        id: fact.id,
        status: fact.status,
        ...(fact.reason === undefined ? {} : { reason: fact.reason }),
      },
      version,
    );
    settled += 1;
  }
  return settled;
}
