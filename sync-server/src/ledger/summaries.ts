import type { Session } from '../db/database';

/** What the ledger holds of one card and reward point before new entries post. */
export interface LedgerSummary {
  readonly posted: number;
  readonly pending: number;
  /** The latest effective time of a posted entry that took points (an expiry aside), if any. */
  readonly lastTakeAt: number | null;
  /** The latest effective time of a posted increase, if any. */
  readonly lastIncreaseAt: number | null;
}

/** An entry already in the ledger that new postings carry or settle. */
export interface KnownEntry {
  readonly id: string;
  readonly factId: string | null;
  readonly cardNumber: string;
  readonly rewardPointId: string;
  readonly points: number;
  readonly status: 'pending' | 'posted' | 'rejected';
}

/** What a batch of postings starts from: its cards' sums and the entries it may meet again. */
export interface LedgerState {
  /** Keyed by card number, then reward point. */
  readonly ledgers: ReadonlyMap<string, ReadonlyMap<string, LedgerSummary>>;
  readonly entries: ReadonlyMap<string, KnownEntry>;
}

interface EntryRow {
  id: string;
  fact_id: string | null;
  card_number: string;
  reward_point_id: string;
  points: number;
  status: KnownEntry['status'];
}

const ENTRY_COLUMNS = 'e.id, e.fact_id, e.card_number, e.reward_point_id, e.points, e.status';

/**
 * The entries the facts own, then those named by id that are not among them: a sale's receipt
 * names its own pending entries, so the look-up by id is nearly always skipped.
 */
export async function knownEntries(
  tx: Session,
  factIds: readonly string[],
  entryIds: readonly string[],
): Promise<KnownEntry[]> {
  // postEntries names no facts: its entries are looked up by id alone.
  const { rows } =
    factIds.length === 0
      ? { rows: [] as EntryRow[] }
      : await tx.query<EntryRow>(
          `select ${ENTRY_COLUMNS} from ledger_entries e where e.fact_id = any($1::uuid[])`,
          [factIds],
        );
  const found = new Set(rows.map((r) => r.id));
  const others = [...new Set(entryIds.filter((id) => !found.has(id)))];
  if (others.length > 0) {
    const more = await tx.query<EntryRow>(
      `select ${ENTRY_COLUMNS} from ledger_entries e where e.id = any($1::uuid[])`,
      [others],
    );
    rows.push(...more.rows);
  }
  return rows.map((r) => ({
    id: r.id,
    factId: r.fact_id,
    cardNumber: r.card_number,
    rewardPointId: r.reward_point_id,
    points: Number(r.points),
    status: r.status,
  }));
}

/** A sum of posted points of some kinds of one reward point earned after `from` (a tier window). */
export interface SumSince {
  readonly rewardPoint: string;
  readonly from: number;
}

export interface CardSummaries {
  readonly ledgers: Map<string, Map<string, LedgerSummary>>;
  /** Each card's `sumsSince`, in their order (zero for a card without entries in one). */
  readonly sumsSince: Map<string, number[]>;
}

const kindList = (kinds: readonly string[]) => kinds.map((k) => `'${k}'`).join(', ');

/**
 * Each card's ledger in sums per reward point, and (for the tiers) its sums of posted `kinds` over
 * the given windows up to `now`, in one pass over the cards' entries.
 */
export async function ledgerSummaries(
  tx: Session,
  numbers: readonly string[],
  windows: { readonly sums: readonly SumSince[]; readonly kinds: readonly string[]; now: Date },
): Promise<CardSummaries> {
  const ledgers = new Map<string, Map<string, LedgerSummary>>();
  const sumsSince = new Map<string, number[]>();
  if (numbers.length === 0) return { ledgers, sumsSince };
  const params: unknown[] = [numbers, windows.now.toISOString()];
  const windowColumns = windows.sums.map((w, i) => {
    params.push(w.rewardPoint, new Date(w.from).toISOString());
    return `coalesce(sum(points) filter (where status = 'posted' and kind in (${kindList(windows.kinds)})
        and reward_point_id = $${params.length - 1} and earned_at > $${params.length}::timestamptz
        and earned_at <= $2::timestamptz), 0)::bigint as w${i}`;
  });
  const { rows } = await tx.query<Record<string, string | number | null>>(
    `select card_number, reward_point_id,
        coalesce(sum(points) filter (where status = 'posted'), 0)::bigint as posted,
        coalesce(sum(points) filter (where status = 'pending'), 0)::bigint as pending,
        (extract(epoch from max(earned_at) filter
          (where status = 'posted' and points < 0 and kind <> 'expire')) * 1000)::bigint as last_take_ms,
        (extract(epoch from max(earned_at) filter
          (where status = 'posted' and points > 0)) * 1000)::bigint as last_increase_ms
        ${windowColumns.map((c) => `, ${c}`).join('')}
      from ledger_entries where card_number = any($1::text[])
      group by card_number, reward_point_id`,
    params,
  );
  for (const row of rows) {
    const card = String(row['card_number']);
    const byRewardPoint = ledgers.get(card) ?? new Map<string, LedgerSummary>();
    const ms = (value: unknown) => (value === null || value === undefined ? null : Number(value));
    byRewardPoint.set(String(row['reward_point_id']), {
      posted: Number(row['posted']),
      pending: Number(row['pending']),
      lastTakeAt: ms(row['last_take_ms']),
      lastIncreaseAt: ms(row['last_increase_ms']),
    });
    ledgers.set(card, byRewardPoint);
    const sums = sumsSince.get(card) ?? windows.sums.map(() => 0);
    windows.sums.forEach((_, i) => (sums[i] = (sums[i] ?? 0) + Number(row[`w${i}`] ?? 0)));
    sumsSince.set(card, sums);
  }
  return { ledgers, sumsSince };
}
