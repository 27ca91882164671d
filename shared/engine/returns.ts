import { mulDivFloor } from '../units/arithmetic';
import type { PointsByRewardPoint } from './model';

/** A sale line as stored on the receipt: what it earned and what was paid for it with points. */
export interface StoredLine {
  readonly id: string;
  readonly quantity: number;
  readonly earned: PointsByRewardPoint;
  readonly redeemed: PointsByRewardPoint;
  /** Items of this line already returned by earlier returns. */
  readonly returnedQuantity: number;
}

export interface ReturnedLine {
  readonly id: string;
  readonly quantity: number;
}

export interface ReturnPoints {
  /** Points to take back out per reward point (positive numbers; posted as returnEarn entries). */
  readonly takeBack: PointsByRewardPoint;
  /** Points to give back per reward point (posted as refundRedeem lots with a new expiry). */
  readonly giveBack: PointsByRewardPoint;
  readonly lines: readonly {
    id: string;
    takeBack: PointsByRewardPoint;
    giveBack: PointsByRewardPoint;
  }[];
}

export class ReturnError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReturnError';
  }
}

/**
 * The points share of `returning` items after `before` were already returned: the cumulative
 * floor makes partial returns add up to exactly the stored points once every item is back.
 */
function shareOf(stored: number, quantity: number, before: number, returning: number): number {
  return mulDivFloor(stored, before + returning, quantity) - mulDivFloor(stored, before, quantity);
}

function add(record: PointsByRewardPoint, key: string, value: number): void {
  if (value !== 0) record[key] = (record[key] ?? 0) + value;
}

/**
 * Reverses the stored points of the returned lines (PRODUCT 4.3): never a recalculation under the
 * current scheme, only the numbers the receipt recorded, prorated by quantity for partial returns.
 */
export function pointsForReturn(
  stored: readonly StoredLine[],
  returned: readonly ReturnedLine[],
): ReturnPoints {
  const byId = new Map(stored.map((line) => [line.id, line]));
  const takeBack: PointsByRewardPoint = {};
  const giveBack: PointsByRewardPoint = {};
  const seen = new Set<string>();
  const lines = returned.map((r) => {
    const line = byId.get(r.id);
    if (!line) throw new ReturnError(`line ${r.id} is not on the receipt`);
    if (seen.has(r.id)) throw new ReturnError(`line ${r.id} is listed twice`);
    seen.add(r.id);
    if (!Number.isSafeInteger(r.quantity) || r.quantity <= 0)
      throw new ReturnError(`line ${r.id}: return a positive quantity`);
    if (line.returnedQuantity + r.quantity > line.quantity) {
      throw new ReturnError(
        `line ${r.id}: only ${line.quantity - line.returnedQuantity} left to return`,
      );
    }
    const lineTake: PointsByRewardPoint = {};
    const lineGive: PointsByRewardPoint = {};
    for (const [rp, pts] of Object.entries(line.earned))
      add(lineTake, rp, shareOf(pts, line.quantity, line.returnedQuantity, r.quantity));
    for (const [rp, pts] of Object.entries(line.redeemed))
      add(lineGive, rp, shareOf(pts, line.quantity, line.returnedQuantity, r.quantity));
    for (const [rp, pts] of Object.entries(lineTake)) add(takeBack, rp, pts);
    for (const [rp, pts] of Object.entries(lineGive)) add(giveBack, rp, pts);
    return { id: r.id, takeBack: lineTake, giveBack: lineGive };
  });
  return { takeBack, giveBack, lines };
}
