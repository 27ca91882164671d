import { DAY_MS } from '../../../shared/units/time';
import { factsOfCard } from '../localdb/facts';
import type { RegisterDb } from '../localdb/schema';

/** Points this register spent offline from a card since the start of the (UTC) day of `at`. */
export async function offlineSpentToday(db: RegisterDb, card: string, at: number): Promise<number> {
  const dayStart = at - (at % DAY_MS);
  let spent = 0;
  for (const row of await factsOfCard(db, card)) {
    const { fact } = row;
    if (fact.type !== 'sale' || Date.parse(fact.deviceTime) < dayStart) continue;
    const offlineTenders = fact.receipt.tenders.filter((t) => t.reservation === 'offline');
    if (offlineTenders.length === 0) continue;
    for (const entry of fact.receipt.entries)
      if (entry.kind === 'redeem' && entry.card === card) spent -= entry.points;
  }
  return spent;
}
