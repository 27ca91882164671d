import type { Session } from '../../db/database';
import type { FactRow, Review } from '../facts';
import type { SaleRow } from '../sale';
import type { NewLot, PostedEntry } from '../../ledger/runLedger';

/**
 * Rows of a fact's own tables (a card issued, a customer, an award kept for review), written before
 * the run's ledger part: a card's awards are entries on the card.
 */
export type OwnRows = (tx: Session) => Promise<void>;

/**
 * What posting one fact writes, planned before anything is written: the one shape every fact type's
 * planner returns and `writeRun` writes.
 */
export type FactPlan =
  | {
      readonly kind: 'posted';
      readonly row: FactRow;
      readonly entries: readonly PostedEntry[];
      readonly lots: readonly NewLot[];
      /** The receipt kept for returns, history and reports (a sale or a return), or null. */
      readonly sale: SaleRow | null;
      readonly reviews: readonly Review[];
      readonly own: OwnRows | null;
      /** Pending entries of the fact rejected with the reason (a return moved to another card). */
      readonly setAside: { readonly ids: readonly string[]; readonly reason: string } | null;
    }
  /** A sale kept without its loyalty part: its entries rejected with the reason, listed for review. */
  | {
      readonly kind: 'kept';
      readonly row: FactRow;
      readonly reason: string;
      readonly sale: SaleRow;
      readonly review: Review;
    }
  | { readonly kind: 'rejected'; readonly row: FactRow; readonly reason: string };
