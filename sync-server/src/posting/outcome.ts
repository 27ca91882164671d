import type { Review } from './facts';

/** What became of a fact the post job took, as the register is told. */
export interface FactOutcome {
  readonly id: string;
  readonly register: string;
  /** loyaltyRejected: the sale was kept, its loyalty entries rejected with the reason. */
  readonly status: 'posted' | 'rejected' | 'loyaltyRejected';
  readonly reason?: string;
  readonly reviews: readonly Review[];
}
