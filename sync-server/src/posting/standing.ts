import type { CardStanding } from '../../../shared/engine/model';
import type { SaleFact } from '../../../shared/protocol/sync';
import type { PostingEnv } from './facts';
import type { CardRow } from './lookups';
import { reject } from './rejection';

/**
 * The standing the engine re-checks a sale with. Affiliations are the customer's as the server
 * knows them, whatever the receipt says: a receipt may neither claim one the customer lacks (it is
 * refused, naming it) nor leave one out, so an excluded or hidden affiliation applies as it does at
 * the register. The server keeps no tier history, so it is lenient where a register may simply not
 * have heard of a change yet: a stamped tier at or below the card's current level is accepted (an
 * upgrade not yet distributed); a higher tier is refused. Without a stamp, the card's own standing.
 */
export async function acceptedStanding(
  env: PostingEnv,
  stamped: SaleFact['receipt']['standing'],
  card: CardRow,
): Promise<CardStanding> {
  const own = card.customer?.affiliations ?? [];
  if (stamped === null) return { tier: card.tierId, affiliations: own };
  const foreign = stamped.affiliations.filter((a) => !own.includes(a));
  if (foreign.length > 0)
    reject(
      `the receipt claims affiliation ${foreign.join(', ')}, which the customer does not have`,
    );
  if (stamped.tier !== card.tierId) {
    const levels = await env.master.tierLevels(card.programId);
    const stampedLevel = stamped.tier === null ? -1 : levels.get(stamped.tier);
    if (stampedLevel === undefined)
      reject(`tier ${stamped.tier} is not a tier of program ${card.programId}`);
    const currentLevel = card.tierId === null ? 0 : (levels.get(card.tierId) ?? 0);
    if (stampedLevel > currentLevel)
      reject(
        `the receipt claims tier ${stamped.tier}, but card ${card.number} is in tier ${card.tierId ?? 'none'}`,
      );
  }
  return { tier: stamped.tier, affiliations: own };
}
