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
    // Only what the offline tenders paid: points reserved online in the same sale are not offline.
    if (fact.receipt.card !== card) continue;
    for (const tender of fact.receipt.tenders)
      if (tender.reservation === 'offline')
        for (const points of Object.values(tender.points ?? {})) spent += points;
  }
  return spent;
}
