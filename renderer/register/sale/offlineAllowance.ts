import { useLiveQuery } from 'dexie-react-hooks';
import { localDate } from '../../../shared/units/localTime';
import { factsOfCard } from '../localdb/facts';
import type { RegisterDb } from '../localdb/schema';
import type { StoreSetup } from '../setup/storeSetup';

/**
 * Points this register spent offline from a card on the store's local day of `at` (the day the
 * server checks the daily allowance by).
 */
export async function offlineSpentToday(
  db: RegisterDb,
  card: string,
  at: number,
  timeZone: string,
): Promise<number> {
  const today = localDate(at, timeZone);
  let spent = 0;
  for (const row of await factsOfCard(db, card)) {
    const { fact } = row;
    if (fact.type !== 'sale' || localDate(Date.parse(fact.deviceTime), timeZone) !== today)
      continue;
    // Only what the offline tenders paid: points reserved online in the same sale are not offline.
    if (fact.receipt.card !== card) continue;
    for (const tender of fact.receipt.tenders)
      if (tender.reservation === 'offline')
        for (const points of Object.values(tender.points ?? {})) spent += points;
    // A reward taken offline is an offline spend too: its price is spread over its lines.
    if (fact.receipt.reward?.reservation === 'offline')
      for (const line of fact.receipt.lines)
        for (const points of Object.values(line.reward?.points ?? {})) spent += points;
  }
  return spent;
}

/**
 * Points the card may still spend offline today at this register: null while online (the server
 * decides), 0 where the store does not allow spending offline. Follows the facts recorded.
 */
export function useOfflineAllowanceLeft(
  db: RegisterDb,
  setup: StoreSetup,
  card: string | null,
  online: boolean,
  at: number,
): number | null {
  const allowance = setup.store.profile.offlineRedemption?.allowancePerCardPerDay ?? 0;
  const spent = useLiveQuery(
    async () => (online || !card ? 0 : offlineSpentToday(db, card, at, setup.store.timeZone)),
    [db, card, online, at, setup.store.timeZone],
  );
  if (online) return null;
  return Math.max(0, allowance - (spent ?? 0));
}
