import { z } from 'zod';
import { Id, Uuid } from '../../domain/common';
import { Fact } from '../sync';

/** Why a posted fact was flagged for head office to look at (the fact_reviews table keeps them). */
export const REVIEW_KINDS = ['offlineOverdraw', 'loyaltyRejected'] as const;

export const REVIEW_LIST_KINDS = ['rejected', ...REVIEW_KINDS] as const;

/** `before` is the `next` of the previous page: the listing instant (µs) and the fact id. */
export const REVIEW_CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)~([0-9a-f-]{36})$/;

export const ReviewQuery = z.object({
  state: z.enum(['open', 'resolved']).default('open'),
  kind: z.enum(REVIEW_LIST_KINDS).optional(),
  store: Id.optional(),
  register: Id.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.string().regex(REVIEW_CURSOR, 'must be the next cursor of a previous page').optional(),
});
export type ReviewQuery = z.infer<typeof ReviewQuery>;

export const Resolution = z.object({
  action: z.enum(['void', 'repost', 'resolve']),
  outcome: z.enum(['voided', 'posted', 'resolved']),
  staff: Id,
  comment: z.string().nullable(),
  at: z.string(),
});

export const ReviewItem = z.object({
  /** `rejected`: the post job refused the fact; otherwise why a posted fact was flagged. */
  kind: z.enum(REVIEW_LIST_KINDS),
  fact: Uuid,
  store: Id,
  register: Id,
  type: z.string(),
  reason: z.string().nullable(),
  deviceTime: z.string(),
  serverTime: z.string(),
  /** When it joined the list (rejected facts: when pushed; flagged: when flagged) or left it. */
  listedAt: z.string(),
  /** The fact as stored (for a repost, the corrected body with the entry ids it was posted under). */
  body: z.unknown(),
  card: z.string().nullable(),
  /** Flagged reviews: the points at stake. */
  points: z.int().nullable(),
  /** Reposts tried that were rejected again. */
  failedReposts: z.int(),
  resolution: Resolution.nullable(),
});
export type ReviewItem = z.infer<typeof ReviewItem>;

export const ReviewPage = z.object({ items: z.array(ReviewItem), next: z.string().nullable() });
export const ReviewFactParams = z.object({ factId: Uuid });
const Comment = z.string().trim().min(1).max(500);
export const SettleBody = z.object({ comment: Comment });
export const RepostBody = z.object({
  /** The corrected fact; without it the stored fact is posted again as it is. */
  fact: Fact.optional(),
  comment: Comment.optional(),
});

export const Settled = z.object({
  fact: Uuid,
  outcome: z.enum(['voided', 'resolved']),
  staff: z.string(),
  comment: z.string().nullable(),
  at: z.string(),
  repeated: z.boolean(),
});

export const Reposted = z.object({
  fact: Uuid,
  outcome: z.enum(['posted', 'rejected']),
  reason: z.string().nullable(),
  repeated: z.boolean(),
  flagged: z.boolean(),
  entryIds: z.record(z.string(), Uuid),
});
