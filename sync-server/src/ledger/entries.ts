import type { EntryDraft, Fact } from '../../../shared/protocol/sync';
import type { EntryToPost } from './post';

/** Where the entries of one fact come from: the same for every entry of the fact. */
export interface FactOrigin {
  readonly factId: string;
  readonly storeId: string;
  readonly registerId: string;
  /** Device time, or the server's when the device clock was off (PRODUCT 5). */
  readonly earnedAt: Date;
  readonly deviceTime: Date;
  readonly deviceSeq: number;
  readonly origin: 'online' | 'offline';
  /** The sale the entries belong to, if any. */
  readonly receiptId: string | null;
  /** The one scheme version an older sale fact stamped, for its entries that do not name one. */
  readonly scheme: { readonly id: string; readonly version: number } | null;
}

/** The ledger entry a register's draft stands for, with the register's own numbers. */
export function entryFromDraft(draft: EntryDraft, origin: FactOrigin): EntryToPost {
  const isEarning = draft.kind === 'earn';
  return {
    id: draft.id,
    cardNumber: draft.card,
    rewardPointId: draft.rewardPoint,
    kind: draft.kind,
    points: draft.points,
    cropped: draft.cropped,
    earnedAt: origin.earnedAt,
    origin: origin.origin,
    storeId: origin.storeId,
    registerId: origin.registerId,
    receiptId: origin.receiptId,
    lineId: draft.line,
    schemeId: isEarning ? ((draft.scheme ?? origin.scheme)?.id ?? null) : null,
    schemeVersion: isEarning ? ((draft.scheme ?? origin.scheme)?.version ?? null) : null,
    ruleIds: Object.keys(draft.rules),
    staffId: draft.staff,
    comment: draft.comment,
    deviceTime: origin.deviceTime,
    deviceSeq: origin.deviceSeq,
    lots: draft.lots,
    reverses: draft.reverses,
    factId: origin.factId,
    activityType: draft.activityType ?? null,
  };
}

/** The entry drafts a fact carries. A sale's drafts for another card than the receipt's are kept out. */
export function draftsOf(fact: Fact): EntryDraft[] {
  if (fact.type === 'ledgerEntry') return [fact.entry];
  if (fact.type !== 'sale') return [];
  const card = fact.receipt.card;
  return fact.receipt.entries.filter((draft) => draft.card === card);
}

export function originOf(fact: Fact, placement: { earnedAt: Date; deviceTime: Date }): FactOrigin {
  const sale = fact.type === 'sale' ? fact.receipt : null;
  return {
    factId: fact.id,
    storeId: fact.store,
    registerId: fact.register,
    earnedAt: placement.earnedAt,
    deviceTime: placement.deviceTime,
    deviceSeq: fact.deviceSeq,
    origin: sale && !sale.offline ? 'online' : 'offline',
    receiptId: sale ? fact.id : null,
    scheme: sale && !sale.schemes ? (sale.scheme ?? null) : null,
  };
}
