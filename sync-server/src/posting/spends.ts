import { and, between, eq, inArray, isNull, ne, or } from 'drizzle-orm';
import { availableByRewardPoint } from '../../../shared/engine/lots';
import type { EntryDraft, SaleFact } from '../../../shared/protocol/sync';
import { localDate } from '../../../shared/units/localTime';
import { ledgerEntries } from '../db/schema';
import { entryFromDraft } from '../ledger/entries';
import type { EntryToPost } from '../ledger/post';
import { loadCardLots } from '../ledger/cardLots';
import { lockReservations, payingSale, recordTenderUse } from '../redemption/tenderUse';
import type { PostingEnv, Review } from './facts';
import type { CardRow, StoreRow } from './lookups';
import { reject } from './rejection';

/** The spends already in the ledger as posted: only an online reservation posts a spend first. */
async function postedSpends(env: PostingEnv, spends: readonly EntryDraft[]): Promise<Set<string>> {
  if (spends.length === 0) return new Set();
  const rows = await env.tx.db
    .select()
    .from(ledgerEntries)
    .where(
      inArray(
        ledgerEntries.id,
        spends.map((s) => s.id),
      ),
    );
  const posted = new Set<string>();
  for (const row of rows) {
    if (row.status !== 'posted') continue;
    const draft = spends.find((s) => s.id === row.id);
    if (
      !draft ||
      row.kind !== 'redeem' ||
      row.cardNumber !== draft.card ||
      row.rewardPointId !== draft.rewardPoint ||
      row.points !== draft.points
    )
      reject(`spend ${row.id} does not match the points reserved online under that id`);
    posted.add(row.id);
  }
  return posted;
}

/**
 * The spends an online reservation already posted: the sale must repeat them exactly, and each
 * reservation it pays with (by the spend ids, or by a points tender id) must still be held for
 * this register and not paid for another sale. The sale is recorded as the reservation's payer
 * under the reservation's lock, the lock a release takes too.
 */
async function reservedSpends(
  env: PostingEnv,
  fact: SaleFact,
  card: CardRow,
  spends: readonly EntryDraft[],
): Promise<Set<string>> {
  const posted = await postedSpends(env, spends);
  const tenderIds = fact.receipt.tenders.filter((t) => t.kind === 'points').map((t) => t.id);
  const reservations = await lockReservations(env.tx, card.number, tenderIds, [...posted]);
  for (const reservation of reservations) {
    const { tender } = reservation;
    if (reservation.status === 'released')
      reject(
        `tender ${tender} was released: its points went back to card ${card.number}, so it cannot pay for this sale`,
      );
    if (reservation.registerId !== fact.register)
      reject(`tender ${tender} was reserved by register ${reservation.registerId ?? 'unknown'}`);
    const payer = payingSale(reservation);
    if (payer !== null && payer !== fact.id)
      reject(`tender ${tender} already paid for sale ${payer}`);
    await recordTenderUse(env.tx, tender, fact.id, env.row.serverTime);
  }
  const reservedIds = new Set(reservations.flatMap((r) => r.entryIds));
  const stray = [...posted].find((id) => !reservedIds.has(id));
  if (stray)
    reject(
      `spend ${stray} is already posted, and not by an online reservation of card ${card.number}`,
    );
  return posted;
}

/**
 * How far from a sale a spend on the store's local day of it can lie, either way: a local day lasts
 * 25 hours at the most (a clock change), so this holds it in any zone with room to spare. The day
 * itself is picked by shared `localDate`, the rule the register counts its allowance by.
 */
const LOCAL_DAY_REACH_MS = 38 * 60 * 60_000;

/** Offline spends of the card on the same local day of the store, other facts only. */
async function spentOfflineThatDay(
  env: PostingEnv,
  card: string,
  timeZone: string,
): Promise<number> {
  const at = env.origin.earnedAt.getTime();
  // Every condition of ledger_entries_offline_spend_idx, so the read is a range of that index.
  const near = await env.tx.db
    .select({ points: ledgerEntries.points, earnedAt: ledgerEntries.earnedAt })
    .from(ledgerEntries)
    .where(
      and(
        eq(ledgerEntries.cardNumber, card),
        eq(ledgerEntries.kind, 'redeem'),
        eq(ledgerEntries.origin, 'offline'),
        eq(ledgerEntries.status, 'posted'),
        or(isNull(ledgerEntries.factId), ne(ledgerEntries.factId, env.row.id)),
        between(
          ledgerEntries.earnedAt,
          new Date(at - LOCAL_DAY_REACH_MS),
          new Date(at + LOCAL_DAY_REACH_MS),
        ),
      ),
    );
  const day = localDate(at, timeZone);
  return near
    .filter((spend) => localDate(spend.earnedAt.getTime(), timeZone) === day)
    .reduce((spent, spend) => spent - spend.points, 0);
}

/** Why an offline spend needs head office's review (PRODUCT 5), or nothing when it was within bounds. */
async function offlineSpendReview(
  env: PostingEnv,
  offline: readonly EntryDraft[],
  card: CardRow,
  store: StoreRow,
): Promise<Review | null> {
  const total = offline.reduce((acc, e) => acc - e.points, 0);
  const reasons: string[] = [];
  let over = 0;
  const allowance = store.profile.offlineRedemption?.allowancePerCardPerDay ?? null;
  if (allowance === null) {
    reasons.push(`store ${store.id} does not allow redeeming offline; ${total} points were spent`);
    over = total;
  } else {
    const before = await spentOfflineThatDay(env, card.number, store.timeZone);
    if (before + total > allowance) {
      reasons.push(
        `offline spends of the day reach ${before + total} points, over the allowance of ${allowance}`,
      );
      over = Math.max(over, before + total - allowance);
    }
  }
  const available = availableByRewardPoint(
    await loadCardLots(env.tx, card.number),
    env.origin.earnedAt.getTime(),
  );
  const byRewardPoint = new Map<string, number>();
  for (const e of offline)
    byRewardPoint.set(e.rewardPoint, (byRewardPoint.get(e.rewardPoint) ?? 0) - e.points);
  for (const [rp, spent] of byRewardPoint) {
    const had = available[rp] ?? 0;
    if (spent > had) {
      reasons.push(`overdraw: ${spent} ${rp} spent offline, ${had} were available`);
      over = Math.max(over, spent - had);
    }
  }
  if (reasons.length === 0) return null;
  return {
    kind: 'offlineOverdraw',
    reason: reasons.join('; '),
    points: over,
    cardNumber: card.number,
  };
}

/**
 * A sale's points spends: those reserved online are already posted (posting them again answers
 * duplicate); the rest were spent offline and are posted even when they overdraw, flagged for review.
 */
export async function checkedSpends(
  env: PostingEnv,
  fact: SaleFact,
  card: CardRow,
  store: StoreRow,
): Promise<{ entries: EntryToPost[]; review: Review | null }> {
  const spends = fact.receipt.entries.filter((e) => e.kind === 'redeem');
  const positive = spends.find((e) => e.points >= 0);
  if (positive) reject(`redeem entry ${positive.id} must take points (negative points)`);
  const reserved = await reservedSpends(env, fact, card, spends);
  const offline = spends.filter((e) => !reserved.has(e.id));
  const review = offline.length > 0 ? await offlineSpendReview(env, offline, card, store) : null;
  return { entries: spends.map((draft) => entryFromDraft(draft, env.origin)), review };
}
