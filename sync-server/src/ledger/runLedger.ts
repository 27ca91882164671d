import { datesForNewLot, lotExpiry } from '../../../shared/engine/ledger';
import type { RewardPointRules } from '../../../shared/engine/model';
import { capIncrease } from '../../../shared/engine/earning';
import type { EntryToPost, PostOutcome } from './post';
import type { KnownEntry, LedgerState, LedgerSummary } from './summaries';

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

/** What posting makes of an entry: an increase cropped to the card's cap, a new lot's dates. */
export interface CappedEntry {
  readonly points: number;
  readonly cropped: number;
  readonly vestsAt: Date | null;
  readonly expiresAt: Date | null;
}

/** Crops an increase to the cap against the card's posted balance and dates the lot it makes. */
export function cappedAndDated(
  entry: EntryToPost,
  rp: RewardPointRules,
  postedBalance: number,
): CappedEntry {
  const capped = capIncrease(entry.points, rp.maxPerCard, postedBalance);
  const points = capped.kept;
  const cropped = (entry.cropped ?? 0) + capped.cropped;
  const dates =
    points > 0
      ? datesForNewLot(rp, entry.earnedAt.getTime(), entry.kind)
      : { vestsAt: null, expiresAt: null };
  if (points > 0 && entry.expiresAt !== undefined)
    dates.expiresAt = entry.expiresAt === null ? null : entry.expiresAt.getTime();
  const toDate = (ms: number | null) => (ms === null ? null : new Date(ms));
  return { points, cropped, vestsAt: toDate(dates.vestsAt), expiresAt: toDate(dates.expiresAt) };
}

/** Whether a posted entry took points, as the ledger summary counts takes (an expiry aside). */
const takes = (entry: EntryToPost, points: number) => points < 0 && entry.kind !== 'expire';
const key = (card: string, rewardPoint: string) => `${card}\u0000${rewardPoint}`;
const expiryOf = (ms: number | null) => (ms === null ? null : new Date(ms));

/** The lot an appended increase makes, dated as the fold dates it. */
function newLot(entry: EntryToPost, rp: RewardPointRules, dated: CappedEntry): NewLot {
  const recorded = dated.expiresAt?.getTime() ?? null;
  return {
    entryId: entry.id,
    cardNumber: entry.cardNumber,
    rewardPointId: entry.rewardPointId,
    remaining: dated.points,
    earnedAt: entry.earnedAt,
    vestsAt: dated.vestsAt,
    expiresAt: expiryOf(lotExpiry(rp, entry.earnedAt.getTime(), recorded)),
  };
}

/**
 * The ledger of a batch's cards in memory (a post job's run, or one `postEntries` call): each
 * card's posted and pending sums per reward point, moved as the batch's entries post in order. The
 * cap is checked against the running posted sum (the fold conserves points, so that sum is the
 * card's balance). An increase with no debt to pay back and no later take that could draw on it
 * simply adds a lot: then the fold of the card's ledger is the old fold plus the new lot. A
 * decrease, or any other increase, has its card folded: after the batch's entries are written
 * (`writeLedger`), the card's lots and balances are the engine's fold of its whole ledger.
 */
export class RunLedger {
  private readonly sums = new Map<string, LedgerSummary & { card: string; rewardPoint: string }>();
  /** The sums moved since the ledger was last written (`written`): what the next write writes. */
  private readonly unwritten = new Set<string>();
  /** Cards whose lots the run cannot append to: folded from their ledger when written. */
  private readonly toFold = new Set<string>();
  /** Entries posted so far, so an id met twice posts once. */
  private readonly postedNow = new Map<string, KnownEntry>();

  constructor(
    private readonly data: LedgerState,
    readonly rewardPoints: ReadonlyMap<string, RewardPointRules>,
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
      lastIncreaseAt: loaded?.lastIncreaseAt ?? null,
    };
  }

  /** The entry as the ledger holds it, or as this batch has posted it. */
  known(id: string): KnownEntry | undefined {
    return this.postedNow.get(id) ?? this.data.entries.get(id);
  }

  /**
   * Whether an increase posted now is the fold's new lot as it stands: no debt it would pay back,
   * no take after it, and (once the card has taken points) no increase after it that may have
   * paid back a debt this one would pay first. The fold orders equal times by id, so an entry at
   * the same instant may come after it: only strictly earlier ones are safe.
   */
  private appends(entry: EntryToPost, sum: LedgerSummary): boolean {
    const at = entry.earnedAt.getTime();
    if (sum.posted < 0) return false;
    if (sum.lastTakeAt === null) return true;
    return sum.lastTakeAt < at && sum.lastIncreaseAt !== null && sum.lastIncreaseAt < at;
  }

  /**
   * Posts the entries in order, each cropped to the cap against its card's running posted sum and
   * dated. An increase the fold would simply append becomes a lot; a decrease makes no lot and has
   * its card folded, as has an increase that cannot append. An id already posted or rejected (in the
   * ledger or earlier in this batch) is answered "duplicate" and changes nothing.
   */
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
      const one = this.postOne(entry, known);
      posted.push(one.posted);
      if (one.lot) lots.push(one.lot);
      outcomes.push({
        id: entry.id,
        status: 'posted',
        points: one.posted.points,
        cropped: one.posted.cropped,
      });
    }
    return { outcomes, posted, lots };
  }

  private postOne(
    entry: EntryToPost,
    known: KnownEntry | undefined,
  ): { posted: PostedEntry; lot: NewLot | null } {
    const rp = this.rewardPoints.get(entry.rewardPointId);
    if (!rp) throw new Error(`reward point ${entry.rewardPointId} does not exist`);
    const sum = this.summary(entry.cardNumber, entry.rewardPointId);
    const dated = cappedAndDated(entry, rp, sum.posted);
    const { points } = dated;
    if (points < 0 || (points > 0 && !this.appends(entry, sum))) this.toFold.add(entry.cardNumber);
    const lot = points > 0 && !this.toFold.has(entry.cardNumber) ? newLot(entry, rp, dated) : null;
    const at = entry.earnedAt.getTime();
    this.move(key(entry.cardNumber, entry.rewardPointId), {
      ...sum,
      posted: sum.posted + points,
      pending: sum.pending - (known ? known.points : 0),
      lastTakeAt: takes(entry, points) ? Math.max(sum.lastTakeAt ?? at, at) : sum.lastTakeAt,
      lastIncreaseAt: points > 0 ? Math.max(sum.lastIncreaseAt ?? at, at) : sum.lastIncreaseAt,
    });
    this.postedNow.set(entry.id, {
      id: entry.id,
      factId: entry.factId ?? null,
      cardNumber: entry.cardNumber,
      rewardPointId: entry.rewardPointId,
      points,
      status: 'posted',
    });
    return { posted: { entry, ...dated, settles: known !== undefined }, lot };
  }

  /** Takes a rejected fact's pending entries out of the pending sums. */
  dropPending(entries: readonly KnownEntry[]): void {
    for (const entry of entries) {
      const sum = this.summary(entry.cardNumber, entry.rewardPointId);
      this.move(key(entry.cardNumber, entry.rewardPointId), {
        ...sum,
        pending: sum.pending - entry.points,
      });
    }
  }

  private move(at: string, sum: LedgerSummary & { card: string; rewardPoint: string }): void {
    this.sums.set(at, sum);
    this.unwritten.add(at);
  }

  /**
   * The run's entries so far are written (`writeLedger`): the database now holds the sums as moved
   * and every folded card's fold. The ledger goes on from there; the next write writes only what
   * moves after this, and a card folded before is appended to again where the fold allows.
   */
  written(): void {
    this.unwritten.clear();
    this.toFold.clear();
  }

  /** The cards to fold once the run's entries are written, in number order. */
  folded(): string[] {
    return [...this.toFold].sort();
  }

  /** Every card and reward point the run moved since it was last written, with its sums now. */
  touched(): { cardNumber: string; rewardPointId: string; posted: number; pending: number }[] {
    return [...this.unwritten]
      .flatMap((at) => this.sums.get(at) ?? [])
      .map((s) => ({
        cardNumber: s.card,
        rewardPointId: s.rewardPoint,
        posted: s.posted,
        pending: s.pending,
      }));
  }
}
