import { z } from 'zod';
import { Id, Int, IsoInstant, NonNegativeInt, PositiveInt, Uuid } from '../../domain/common';
import { CardNumber, CardStatus, EnrolmentSource } from '../../domain/master';
import { ActivityAwardView } from './awardWire';
import { ENTRY_KINDS, ENTRY_ORIGINS, ENTRY_STATUSES } from '../../engine/ledger';

/** What the card routes take and answer (the head office console and a manager's register). */

export const CardCustomer = z.object({
  id: Id,
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  affiliations: z.array(Id),
  blockedForEnrolment: z.boolean(),
});

export const CardBalance = z.object({
  rewardPoint: Id,
  /** Net posted balance: every lot's remainder less any debt. */
  posted: Int,
  available: NonNegativeInt,
  unvested: NonNegativeInt,
  /** Offline earnings not yet posted. */
  pending: Int,
  /** Available points in lots expiring within 30 days. */
  expiring30: NonNegativeInt,
});

export const CardView = z.object({
  number: CardNumber,
  program: Id,
  tier: Id.nullable(),
  tierValidUntil: IsoInstant.nullable(),
  status: CardStatus,
  replacedBy: CardNumber.nullable(),
  source: EnrolmentSource,
  issuedAt: IsoInstant,
  customer: CardCustomer.nullable(),
  balances: z.array(CardBalance),
  /** A tier set by hand that is still held (PRODUCT 4.5): until when, why, by whom. */
  tierHold: z
    .object({ until: IsoInstant, reason: z.string().nullable(), setBy: Id.nullable() })
    .optional(),
});
export type CardView = z.infer<typeof CardView>;

export const CardNumberParams = z.object({ number: CardNumber });

/** A new card's number: given (checked) or the next from the sequence; never neither. */
const NewNumber = {
  number: CardNumber.optional(),
  fromSequence: z.boolean().optional(),
};

export const IssueCard = z.object({
  ...NewNumber,
  customer: Id.nullable().optional(),
  /** Defaults to the program of the register's store, or the only program there is. */
  program: Id.optional(),
});
export type IssueCard = z.infer<typeof IssueCard>;

export const ReplaceCard = z.object({
  ...NewNumber,
  comment: z.string().trim().max(500).optional(),
});

export const LinkCard = z.object({ customer: Id });

const Comment = z.string().trim().min(1, 'a comment saying why is required').max(500);

export const AdjustBalance = z.object({
  /** Optional idempotency key: the same id posted twice counts once. */
  id: Uuid.optional(),
  rewardPoint: Id,
  points: Int.refine((n) => n !== 0, 'an adjustment of 0 points changes nothing'),
  comment: Comment,
});

/**
 * A tier set by hand (PRODUCT 4.5), held until `until` whatever the card earns. The reason is
 * required: left out or blank, the server refuses it with `tierReasonRequired`.
 */
export const SetTier = z.object({
  tier: Id,
  reason: z.string().trim().max(500).optional(),
  /** The end of the hold, in the future; the tier rules take over from then. */
  until: IsoInstant,
});
export type SetTier = z.infer<typeof SetTier>;

/** One change of a card's tier, newest first: by the tier rules, or by hand with its reason. */
export const TierChangeView = z.object({
  previousTier: Id.nullable(),
  tier: Id.nullable(),
  validUntil: IsoInstant.nullable(),
  changedAt: IsoInstant,
  reason: z.string().nullable(),
  setBy: Id.nullable(),
});
export const TierChanges = z.object({ items: z.array(TierChangeView) });

export const TransferPoints = z.object({
  id: Uuid.optional(),
  to: CardNumber,
  rewardPoint: Id,
  /** Leave out to move every available point of that reward point. */
  points: PositiveInt.optional(),
  comment: z.string().trim().max(500).optional(),
});

export const AwardActivity = z.object({
  id: Uuid.optional(),
  type: Id,
  comment: z.string().trim().max(500).optional(),
});

export const PostedEntry = z.object({
  id: Uuid,
  card: CardNumber,
  rewardPoint: Id,
  kind: z.enum(ENTRY_KINDS),
  points: Int,
  cropped: NonNegativeInt,
  /** `duplicate`: this id was posted before and counted once. */
  status: z.enum(['posted', 'duplicate']),
});

export const HistoryEntry = z.object({
  seq: PositiveInt,
  id: Uuid,
  card: CardNumber,
  rewardPoint: Id,
  kind: z.enum(ENTRY_KINDS),
  points: Int,
  status: z.enum(ENTRY_STATUSES),
  reason: z.string().nullable(),
  origin: z.enum(ENTRY_ORIGINS),
  cropped: Int,
  store: z.string().nullable(),
  register: z.string().nullable(),
  receipt: z.string().nullable(),
  line: z.string().nullable(),
  scheme: z.string().nullable(),
  schemeVersion: z.number().int().nullable(),
  rules: z.array(z.string()),
  earnedAt: IsoInstant,
  vestsAt: IsoInstant.nullable(),
  expiresAt: IsoInstant.nullable(),
  staff: z.string().nullable(),
  comment: z.string().nullable(),
  deviceTime: IsoInstant.nullable(),
  deviceSeq: z.number().int().nullable(),
  serverTime: IsoInstant,
  lots: z.array(z.object({ id: z.string(), points: Int })).nullable(),
  reverses: Uuid.nullable(),
  fact: Uuid.nullable(),
  activityType: z.string().nullable(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const HistoryQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** The `next` of the previous page: entries posted before that one. */
  before: z.coerce.number().int().positive().optional(),
});

export const HistoryPage = z.object({ items: z.array(HistoryEntry), next: z.number().nullable() });

export const CardSearchQuery = z.object({
  number: z
    .string()
    .regex(/^\d{1,19}$/, 'digits of the card number')
    .optional(),
  name: z.string().trim().min(1).max(200).optional(),
  phone: z.string().trim().min(1).max(40).optional(),
  email: z.string().trim().min(1).max(320).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  after: CardNumber.optional(),
});
export type CardSearchQuery = z.infer<typeof CardSearchQuery>;

export const CardHit = z.object({
  number: CardNumber,
  program: Id,
  tier: Id.nullable(),
  status: CardStatus,
  customer: CardCustomer.pick({ id: true, name: true, email: true, phone: true }).nullable(),
});

export const CardSearchPage = z.object({ items: z.array(CardHit), next: z.string().nullable() });

/** A card's balances after an adjustment or an award, with the entries posted. */
export const CardEntries = z.object({ card: CardView, entries: z.array(PostedEntry) });
/** An award: the entries posted, or none and the award waiting in head office's review list. */
export const AwardedActivity = CardEntries.extend({
  waiting: ActivityAwardView.nullable().default(null),
});
/** Both cards after a transfer or a replacement, with the entries posted. */
export const CardsMoved = z.object({ from: CardView, to: CardView, entries: z.array(PostedEntry) });
