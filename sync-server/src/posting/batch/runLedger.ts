import { lotExpiry } from '../../../../shared/engine/ledger';
import type { RewardPointRules } from '../../../../shared/engine/model';
import { cappedAndDated, type EntryToPost, type PostOutcome } from '../../ledger/post';
import type { KnownEntry, LedgerSummary, RunData } from './runData';

/** A ledger entry as the run posts it: settling its pending row, or a new posted row. */
export interface PostedEntry {
  readonly entry: EntryToPost;
  readonly points: number;
  readonly cropped: number;
  readonly vestsAt: Date | null;
  readonly expiresAt: Date | null;
  /** The entry was stored as pending when pushed; else it is inserted. */
  readonly settles: boolean;
}

export interface NewLot {
  readonly entryId: string;
  readonly cardNumber: string;
  readonly rewardPointId: string;
  readonly remaining: number;
  readonly earnedAt: Date;
  readonly vestsAt: Date | null;
  readonly expiresAt: Date | null;
}

const key = (card: string, rewardPoint: string) => `${card}\u0000${rewardPoint}`;
const expiryOf = (ms: number | null) => (ms === null ? null : new Date(ms));

/**
 * The ledger of the run's cards in memory: each card's posted and pending sums per reward point,
 * moved as the run's facts post in order. Only increases that simply add a lot are posted here
 * (no debt to pay back, no later spend that could take from them): then the fold of the card's
 * ledger is the old fold plus the new lot, and the cap is checked against the running sum.
 */
export class RunLedger {
  private readonly sums = new Map<string, LedgerSummary & { card: string; rewardPoint: string }>();

  constructor(
    private readonly data: RunData,
    private readonly rewardPoints: ReadonlyMap<string, RewardPointRules>,
  ) {}

  /** The sums as the run has moved them so far (only moved ones are kept, to be written). */
  private summary(card: string, rewardPoint: string) {
    const moved = this.sums.get(key(card, rewardPoint));
    if (moved) return moved;
    const loaded = this.data.ledgers.get(card)?.get(rewardPoint);
    return {
      card,
      rewardPoint,
      posted: loaded?.posted ?? 0,
      pending: loaded?.pending ?? 0,
      lastTakeAt: loaded?.lastTakeAt ?? null,
    };
  }

  known(id: string): KnownEntry | undefined {
    return this.data.entries.get(id);
  }

  /** Whether each increase can be posted as a plain new lot (else the fact needs a full fold). */
  canAppend(entries: readonly EntryToPost[]): boolean {
    return entries.every((entry) => {
      const known = this.known(entry.id);
      if (known && known.status !== 'pending') return true;
      if (entry.points < 0) return false;
      const { posted, lastTakeAt } = this.summary(entry.cardNumber, entry.rewardPointId);
      // The fold orders equal times by id: a take at the same instant may come after the lot.
      return posted >= 0 && (lastTakeAt === null || lastTakeAt < entry.earnedAt.getTime());
    });
  }

  /** Posts the increases (checked by canAppend): cropped to the cap, dated, each with its lot. */
  post(entries: readonly EntryToPost[]): {
    outcomes: PostOutcome[];
    posted: PostedEntry[];
    lots: NewLot[];
  } {
    const outcomes: PostOutcome[] = [];
    const posted: PostedEntry[] = [];
    const lots: NewLot[] = [];
    for (const entry of entries) {
      const known = this.known(entry.id);
      if (known && known.status !== 'pending') {
        outcomes.push({ id: entry.id, status: 'duplicate', points: known.points, cropped: 0 });
        continue;
      }
      const rp = this.rewardPoints.get(entry.rewardPointId);
      if (!rp) throw new Error(`reward point ${entry.rewardPointId} does not exist`);
      const sum = this.summary(entry.cardNumber, entry.rewardPointId);
      const { points, cropped, vestsAt, expiresAt } = cappedAndDated(entry, rp, sum.posted);
      posted.push({ entry, points, cropped, vestsAt, expiresAt, settles: known !== undefined });
      if (points > 0)
        lots.push({
          entryId: entry.id,
          cardNumber: entry.cardNumber,
          rewardPointId: entry.rewardPointId,
          remaining: points,
          earnedAt: entry.earnedAt,
          vestsAt,
          expiresAt: expiryOf(
            lotExpiry(rp, entry.earnedAt.getTime(), expiresAt?.getTime() ?? null),
          ),
        });
      this.sums.set(key(entry.cardNumber, entry.rewardPointId), {
        ...sum,
        posted: sum.posted + points,
        pending: sum.pending - (known ? known.points : 0),
      });
      outcomes.push({ id: entry.id, status: 'posted', points, cropped });
    }
    return { outcomes, posted, lots };
  }

  /** Takes a rejected fact's pending entries out of the pending sums. */
  dropPending(entries: readonly KnownEntry[]): void {
    for (const entry of entries) {
      const sum = this.summary(entry.cardNumber, entry.rewardPointId);
      this.sums.set(key(entry.cardNumber, entry.rewardPointId), {
        ...sum,
        pending: sum.pending - entry.points,
      });
    }
  }

  /** Every card and reward point the run moved, with its sums now. */
  touched(): { cardNumber: string; rewardPointId: string; posted: number; pending: number }[] {
    return [...this.sums.values()].map((s) => ({
      cardNumber: s.card,
      rewardPointId: s.rewardPoint,
      posted: s.posted,
      pending: s.pending,
    }));
  }
}
