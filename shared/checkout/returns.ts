import { pointsForReturn, type ReturnedLine } from '../engine/returns';
import type { EntryDraft } from '../protocol/sync';
import { mulDivFloor } from '../units/arithmetic';
import { minor, type Minor } from '../units/integers';
import { formatAmount, parseAmount } from '../units/money';
import { entryDraft, type Receipt } from './receipt';

export interface ReturnDraft {
  readonly original: { readonly id: string; readonly receipt: Receipt };
  /** Items of each original line already returned by earlier returns. */
  readonly returnedBefore: ReadonlyMap<string, number>;
  readonly lines: readonly ReturnedLine[];
  readonly staff: string;
  readonly offline: boolean;
  readonly newId: () => string;
}

/** The money handed back: each line's paid-in-money part, prorated by quantity (cumulative floor). */
export function refundOf(draft: Omit<ReturnDraft, 'newId' | 'staff' | 'offline'>): Minor {
  const { receipt } = draft.original;
  const byId = new Map(receipt.lines.map((line) => [line.id, line]));
  let refund = 0;
  for (const picked of draft.lines) {
    const line = byId.get(picked.id);
    if (!line) continue;
    const inMoney =
      parseAmount(line.netAmount, receipt.currency) -
      (line.paidWithPoints ? parseAmount(line.paidWithPoints, receipt.currency) : 0);
    const before = draft.returnedBefore.get(picked.id) ?? 0;
    refund +=
      mulDivFloor(inMoney, before + picked.quantity, line.quantity) -
      mulDivFloor(inMoney, before, line.quantity);
  }
  return minor(refund);
}

/**
 * A return of some lines of a sale the register holds: exactly the points its receipt stored are
 * reversed (earned points taken back, redeemed points given back), never recomputed.
 */
export function buildReturnReceipt(draft: ReturnDraft): Receipt {
  const { receipt } = draft.original;
  const card = receipt.card;
  const points = pointsForReturn(
    receipt.lines.map((line) => ({
      id: line.id,
      quantity: line.quantity,
      earned: line.earned,
      redeemed: line.redeemed,
      returnedQuantity: draft.returnedBefore.get(line.id) ?? 0,
    })),
    draft.lines,
  );
  const entries: EntryDraft[] = [];
  if (card) {
    for (const [rewardPoint, pts] of Object.entries(points.takeBack))
      entries.push(
        entryDraft(card, { id: draft.newId(), rewardPoint, kind: 'returnEarn', points: -pts }),
      );
    for (const [rewardPoint, pts] of Object.entries(points.giveBack))
      entries.push(
        entryDraft(card, { id: draft.newId(), rewardPoint, kind: 'refundRedeem', points: pts }),
      );
  }
  const picked = new Set(draft.lines.map((line) => line.id));
  const refund = refundOf(draft);
  return {
    ...receipt,
    staff: draft.staff,
    lines: receipt.lines.filter((line) => picked.has(line.id)).map((line) => ({ ...line })),
    tenders:
      refund > 0
        ? [{ id: draft.newId(), kind: 'cash', amount: formatAmount(refund, receipt.currency) }]
        : [],
    total: formatAmount(refund, receipt.currency),
    offline: draft.offline,
    returnOf: { sale: draft.original.id, lines: draft.lines.map((line) => ({ ...line })) },
    entries,
  };
}
