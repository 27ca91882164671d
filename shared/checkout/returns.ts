import type { PointsByRewardPoint } from '../engine/model';
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

/** The part of `amount` that `returning` items carry after `before` went back (cumulative floor). */
const shareOf = (amount: number, quantity: number, before: number, returning: number): number =>
  mulDivFloor(amount, before + returning, quantity) - mulDivFloor(amount, before, quantity);

type Line = Receipt['lines'][number];

/** The returned items' part of the line's reward: its discount and its points, as the amounts. */
function rewardShare(
  reward: NonNullable<Line['reward']>,
  share: (amount: string) => string,
  line: Line,
  before: number,
  quantity: number,
): NonNullable<Line['reward']> {
  const points: Record<string, number> = {};
  for (const [rp, pts] of Object.entries(reward.points))
    points[rp] = shareOf(pts, line.quantity, before, quantity);
  return { discount: share(reward.discount), points };
}

/**
 * The returned items of one line as a line of their own: the returned quantity, and the share of
 * the line's amounts (cumulative floor, so every item back adds up to the line exactly).
 */
function returnedLine(
  line: Line,
  currency: string,
  before: number,
  quantity: number,
  points: { takeBack: PointsByRewardPoint; giveBack: PointsByRewardPoint },
): Line {
  const share = (amount: string) =>
    formatAmount(shareOf(parseAmount(amount, currency), line.quantity, before, quantity), currency);
  return {
    ...line,
    quantity,
    tierDiscount: share(line.tierDiscount),
    netAmount: share(line.netAmount),
    ...(line.paidWithPoints === undefined ? {} : { paidWithPoints: share(line.paidWithPoints) }),
    ...(line.reward === undefined
      ? {}
      : { reward: rewardShare(line.reward, share, line, before, quantity) }),
    earned: { ...points.takeBack },
    redeemed: { ...points.giveBack },
  };
}

/** The returned lines of a draft, each with its returned quantity, amounts and points. */
function returnedLines(draft: Omit<ReturnDraft, 'newId' | 'staff' | 'offline'>): Line[] {
  const { receipt } = draft.original;
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
  const byId = new Map(receipt.lines.map((line) => [line.id, line]));
  return draft.lines.flatMap((picked, i) => {
    const line = byId.get(picked.id);
    const linePoints = points.lines[i];
    if (!line || !linePoints) return [];
    const before = draft.returnedBefore.get(picked.id) ?? 0;
    return [returnedLine(line, receipt.currency, before, picked.quantity, linePoints)];
  });
}

/** The money handed back: each returned line's amount less its part paid with points. */
export function refundOf(draft: Omit<ReturnDraft, 'newId' | 'staff' | 'offline'>): Minor {
  const { currency } = draft.original.receipt;
  let refund = 0;
  for (const line of returnedLines(draft))
    refund +=
      parseAmount(line.netAmount, currency) -
      (line.paidWithPoints ? parseAmount(line.paidWithPoints, currency) : 0);
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
  const refund = refundOf(draft);
  return {
    ...receipt,
    staff: draft.staff,
    // Each line as returned: its quantity, amounts and points, so the return receipt adds up.
    lines: returnedLines(draft),
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
