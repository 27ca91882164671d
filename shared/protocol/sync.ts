import { z } from 'zod';
import {
  DecimalAmount,
  Id,
  Int,
  IsoInstant,
  NonNegativeInt,
  PositiveInt,
  SignedDecimalAmount,
  Uuid,
  VatRate,
} from '../domain/common';
import { ENTRY_KINDS } from '../engine/ledger';
import {
  Affiliation,
  CardNumber,
  CardStatus,
  Customer,
  Product,
  StaffRole,
  DistributedStore,
} from '../domain/master';
import { DistributedReward, Program, RewardPoint, Scheme } from '../domain/loyalty';

/**
 * The one sync protocol between registers and the server. Both sides validate what they send and
 * what they receive against these schemas; a change of shape bumps the version.
 */
export const PROTOCOL_VERSION = 1 as const;
export const ProtocolVersion = z.literal(PROTOCOL_VERSION);
export const MAX_FACTS_PER_PUSH = 500;
/** The longest receipt (and so the longest reservation or return) a register writes. */
export const MAX_LINES_PER_SALE = 500;

const PointsRecord = z.record(Id, Int);

/** The largest value of a PostgreSQL integer column: a number stored in one is bounded by it. */
export const MAX_INT4 = 2_147_483_647;

/** Every fact a register creates: a client UUID, its register, device clock and sequence. */
const FactBase = z.object({
  id: Uuid,
  store: Id,
  register: Id,
  deviceTime: IsoInstant,
  deviceSeq: NonNegativeInt,
});

export const SaleLineFact = z.object({
  id: Id,
  product: Id,
  category: Id,
  quantity: PositiveInt,
  unitPrice: DecimalAmount,
  tierDiscount: DecimalAmount,
  netAmount: DecimalAmount,
  /** The VAT rate (basis points) the net amount includes; absent on older facts: 0. */
  vatRate: VatRate.optional(),
  earned: PointsRecord,
  redeemed: PointsRecord,
  /** The part of the net amount paid with points (earns nothing); absent means none. */
  paidWithPoints: DecimalAmount.optional(),
  /**
   * The receipt's reward on this line: the discount it took off (the net amount is after it) and
   * the share of the reward's points the line carries (part of `redeemed`, given back on return).
   */
  reward: z.object({ discount: DecimalAmount, points: PointsRecord }).optional(),
});

export const Tender = z.object({
  id: Uuid,
  kind: z.enum(['cash', 'card', 'points']),
  amount: DecimalAmount,
  points: PointsRecord.optional(),
  /** Points tenders only: reserved on the server (online) or spent within the offline allowance. */
  reservation: z.enum(['online', 'offline']).optional(),
});
export type Tender = z.infer<typeof Tender>;

/** One scheme version a fact used. */
export const SchemeStamp = z.object({ id: Id, version: PositiveInt.max(MAX_INT4) });
export type SchemeStamp = z.infer<typeof SchemeStamp>;

/**
 * A ledger entry as a register records it: its own UUID, written in the same local transaction as
 * the sale or action that made it. `rules` holds, for an earning, the points per earning line
 * before the cap, which the server re-checks with the engine.
 */
export const EntryDraft = z.object({
  id: Uuid,
  card: CardNumber,
  rewardPoint: Id,
  kind: z.enum(ENTRY_KINDS),
  points: Int,
  rules: PointsRecord.default({}),
  cropped: NonNegativeInt.default(0),
  line: Id.nullable().default(null),
  lots: z.array(z.object({ id: z.string().min(1), points: PositiveInt })).default([]),
  reverses: Uuid.nullable().default(null),
  staff: Id.nullable().default(null),
  comment: z.string().max(500).nullable().default(null),
  /** For kind `activity`: the other activity type it awards (its per-customer limit applies). */
  activityType: Id.optional(),
  /** For kind `earn`: the scheme version whose earning lines gave it (absent on older facts). */
  scheme: SchemeStamp.optional(),
});
export type EntryDraft = z.infer<typeof EntryDraft>;

export const SaleFact = FactBase.extend({
  type: z.literal('sale'),
  receipt: z.object({
    staff: Id,
    card: CardNumber.nullable(),
    /** The card's tier and affiliations as the register saw them when it earned. */
    standing: z.object({ tier: Id.nullable(), affiliations: z.array(Id) }).nullable(),
    currency: z.string().length(3),
    /** Every scheme version the sale earned and redeemed under (`schemesThatApply`). */
    schemes: z.array(SchemeStamp).max(50).optional(),
    /** Older registers stamped the one scheme they used; read as `schemes` of one. */
    scheme: SchemeStamp.nullable().optional(),
    lines: z.array(SaleLineFact).min(1).max(MAX_LINES_PER_SALE),
    /**
     * The reward of the catalogue the sale applied, as the version the store was sent, and how its
     * points were taken: reserved on the server or spent within the offline allowance.
     */
    reward: z
      .object({
        id: Id,
        version: PositiveInt.max(MAX_INT4),
        reservation: z.enum(['online', 'offline']).optional(),
      })
      .optional(),
    tenders: z.array(Tender).max(20),
    total: DecimalAmount,
    offline: z.boolean(),
    returnOf: z
      .object({
        sale: Uuid,
        lines: z
          .array(z.object({ id: Id, quantity: PositiveInt }))
          .min(1)
          .max(MAX_LINES_PER_SALE),
      })
      .nullable()
      .default(null),
    entries: z.array(EntryDraft).max(200),
  }),
});
export type SaleFact = z.infer<typeof SaleFact>;

/** The scheme versions a sale fact names, from `schemes` or from an older fact's `scheme`. */
export function stampedSchemes(receipt: SaleFact['receipt']): SchemeStamp[] {
  if (receipt.schemes) return receipt.schemes;
  return receipt.scheme ? [receipt.scheme] : [];
}

/**
 * A manager's approval of one action, signed by the server while the register was online (POST
 * /api/sync/approvals with the manager's PIN). A register fact that adjusts points, awards an
 * activity or changes a customer carries it; without one it waits in head office's review list.
 */
export const ApprovalToken = z.string().min(1).max(2_000);

/** What a manager approves: exactly the action the fact then carries out. */
export const ApprovedAction = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('adjust'), card: CardNumber, rewardPoint: Id, points: Int }),
  z.object({ kind: z.literal('activity'), card: CardNumber, activityType: Id }),
  z.object({ kind: z.literal('customer'), customer: Id }),
]);
export type ApprovedAction = z.infer<typeof ApprovedAction>;

export const ApprovalRequest = z.object({
  protocol: ProtocolVersion,
  staff: Id,
  pin: z.string().min(1).max(32),
  action: ApprovedAction,
});
export type ApprovalRequest = z.infer<typeof ApprovalRequest>;

export const ApprovalResponse = z.object({
  protocol: ProtocolVersion,
  approval: ApprovalToken,
  expiresAt: IsoInstant,
});
export type ApprovalResponse = z.infer<typeof ApprovalResponse>;

/** A ledger entry on its own: an adjustment, an other activity, a queued manager action. */
export const LedgerEntryFact = FactBase.extend({
  type: z.literal('ledgerEntry'),
  entry: EntryDraft,
  approval: ApprovalToken.optional(),
});

export const IssuedCardFact = FactBase.extend({
  type: z.literal('cardIssued'),
  card: z.object({ number: CardNumber, customer: Id.nullable(), program: Id, staff: Id }),
});

export const CustomerFact = FactBase.extend({
  type: z.literal('customer'),
  customer: Customer,
  /** Needed to change an existing customer (see ApprovalToken); a new one needs none. */
  approval: ApprovalToken.optional(),
});

export const VOID_REASONS = ['mistake', 'customerChangedMind', 'priceQuery', 'other'] as const;
export const VoidReason = z.enum(VOID_REASONS);
export type VoidReason = z.infer<typeof VoidReason>;

/**
 * A line or a whole sale voided before it was completed: what it held, who voided it, why, and
 * the manager who approved it where the store asks for one. It has no loyalty part; head office
 * reports on it.
 */
export const VoidFact = FactBase.extend({
  type: z.literal('void'),
  void: z.object({
    /** The basket's sale id (the sale that was never completed, or that went on without the line). */
    sale: Uuid,
    scope: z.enum(['line', 'sale']),
    staff: Id,
    approvedBy: Id.nullable(),
    reason: VoidReason,
    card: CardNumber.nullable(),
    currency: z.string().length(3),
    lines: z
      .array(z.object({ product: Id, quantity: PositiveInt, netAmount: DecimalAmount }))
      .min(1)
      .max(500),
    total: DecimalAmount,
  }),
});
export type VoidFact = z.infer<typeof VoidFact>;

export const Fact = z.discriminatedUnion('type', [
  SaleFact,
  LedgerEntryFact,
  IssuedCardFact,
  CustomerFact,
  VoidFact,
]);
export type Fact = z.infer<typeof Fact>;

export const PushRequest = z.object({
  protocol: ProtocolVersion,
  facts: z.array(Fact).min(1).max(MAX_FACTS_PER_PUSH),
  /** What the register reports of itself for head office's sync-health view. */
  health: z
    .object({
      outboxDepth: NonNegativeInt.max(MAX_INT4),
      distributionVersion: NonNegativeInt.max(MAX_INT4),
    })
    .optional(),
  /**
   * The register's clock when it sent this push. With it the server measures the clock offset
   * itself, so facts made offline long ago are not taken for clock skew.
   */
  sentAt: IsoInstant.optional(),
});
export type PushRequest = z.infer<typeof PushRequest>;

/**
 * A register with nothing to push still tells the server how it stands, so head office's
 * sync-health view shows its contact, outbox depth and version however quiet the store is.
 */
export const HealthReportRequest = z.object({
  protocol: ProtocolVersion,
  outboxDepth: NonNegativeInt.max(MAX_INT4),
  distributionVersion: NonNegativeInt.max(MAX_INT4),
  sentAt: IsoInstant,
});
export type HealthReportRequest = z.infer<typeof HealthReportRequest>;

export const HealthReportResponse = z.object({ protocol: ProtocolVersion, serverTime: IsoInstant });

/**
 * The server's final word on a fact: posted; rejected with a reason; or, for a sale or a return,
 * loyaltyRejected: the sale is kept (money taken, goods gone) and only its loyalty entries are
 * rejected, with the reason.
 */
export const FACT_OUTCOMES = ['posted', 'rejected', 'loyaltyRejected'] as const;
export type FactOutcomeStatus = (typeof FACT_OUTCOMES)[number];

/**
 * A register asks what became of facts the server accepted but whose outcome it has not heard
 * (the event stream was down when the post job settled them).
 */
export const FactStatusRequest = z.object({
  protocol: ProtocolVersion,
  ids: z.array(Uuid).min(1).max(500),
});
export type FactStatusRequest = z.infer<typeof FactStatusRequest>;

export const FactStatusResponse = z.object({
  protocol: ProtocolVersion,
  /** The facts of this register among those asked for; one still pending is answered pending. */
  facts: z.array(
    z.object({
      id: Uuid,
      status: z.enum(['pending', ...FACT_OUTCOMES]),
      reason: z.string().optional(),
    }),
  ),
});
export type FactStatusResponse = z.infer<typeof FactStatusResponse>;

/**
 * A register finds a customer's card by phone or e-mail through the server (the register holds
 * names, never contact details). Exact matches only, so it cannot list customers.
 */
export const ContactCardQuery = z
  .object({
    phone: z.string().trim().min(3).max(40).optional(),
    email: z.email().max(320).optional(),
  })
  .refine((query) => (query.phone === undefined) !== (query.email === undefined), {
    message: 'give a phone or an e-mail',
  });
export type ContactCardQuery = z.infer<typeof ContactCardQuery>;

export const ContactCardAnswer = z.object({
  protocol: ProtocolVersion,
  /** Cards of the register's program whose customer has that phone or e-mail, at most 10. */
  cards: z.array(z.object({ number: CardNumber, name: z.string() })).max(10),
});
export type ContactCardAnswer = z.infer<typeof ContactCardAnswer>;

export const FactResult = z.object({
  id: Uuid,
  status: z.enum(['accepted', 'duplicate', 'rejected']),
  reason: z.string().optional(),
  /** Set when the device clock was outside the skew window; the server time was used instead. */
  clockSkew: z.boolean().optional(),
});
export type FactResult = z.infer<typeof FactResult>;

export const PushResponse = z.object({
  protocol: ProtocolVersion,
  serverTime: IsoInstant,
  results: z.array(FactResult),
});
export type PushResponse = z.infer<typeof PushResponse>;

/** A card as a store sees it: identity, standing and balance summary, never the full ledger. */
export const CardSummary = z.object({
  number: CardNumber,
  customer: z
    .object({
      id: Id,
      name: z.string(),
      affiliations: z.array(Id),
      blockedForEnrolment: z.boolean(),
    })
    .nullable(),
  tier: Id.nullable(),
  tierValidUntil: IsoInstant.nullable(),
  status: CardStatus,
  lots: z.array(
    z.object({
      id: z.string().min(1),
      rewardPoint: Id,
      remaining: NonNegativeInt,
      earnedAt: IsoInstant,
      vestsAt: IsoInstant.nullable(),
      expiresAt: IsoInstant.nullable(),
    }),
  ),
  debt: PointsRecord,
  /**
   * The points that count towards tiers (earnings, activities and their returns) the card earned
   * within its program's longest tier window, spent or not, summed per reward point and UTC day,
   * each dated by the day's first entry: what the register's provisional tier counts (PRODUCT 4.5).
   * Absent from a server that does not send it: the register then counts the lots' remainders.
   */
  tierPoints: z.array(z.object({ rewardPoint: Id, points: Int, earnedAt: IsoInstant })).optional(),
});
export type CardSummary = z.infer<typeof CardSummary>;

export const StaffCredential = z.object({
  id: Id,
  name: z.string(),
  role: StaffRole,
  pinHash: z.string().min(1),
});

/** One change in a store's distribution feed, in the order the 1050 job wrote it. */
export const FeedChange = z.discriminatedUnion('collection', [
  z.object({ collection: z.literal('store'), key: Id, data: DistributedStore.nullable() }),
  z.object({ collection: z.literal('rewardPoint'), key: Id, data: RewardPoint.nullable() }),
  z.object({ collection: z.literal('program'), key: Id, data: Program.nullable() }),
  z.object({ collection: z.literal('scheme'), key: Id, data: Scheme.nullable() }),
  z.object({ collection: z.literal('reward'), key: Id, data: DistributedReward.nullable() }),
  z.object({ collection: z.literal('affiliation'), key: Id, data: Affiliation.nullable() }),
  z.object({ collection: z.literal('product'), key: Id, data: Product.nullable() }),
  z.object({ collection: z.literal('staff'), key: Id, data: StaffCredential.nullable() }),
  z.object({ collection: z.literal('card'), key: CardNumber, data: CardSummary.nullable() }),
]);
export type FeedChange = z.infer<typeof FeedChange>;

export const FeedPage = z.object({
  protocol: ProtocolVersion,
  store: Id,
  /** The distribution version this page belongs to. */
  version: NonNegativeInt,
  /** Pass back as `after` to get the next page; monotonic per store. */
  checkpoint: NonNegativeInt,
  changes: z.array(FeedChange.and(z.object({ seq: NonNegativeInt }))),
  hasMore: z.boolean(),
  serverTime: IsoInstant,
});
export type FeedPage = z.infer<typeof FeedPage>;

export const FeedQuery = z.object({
  after: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});

/** Online redemption: reserve points for one tender, exactly once per tender id. */
export const ReserveRequest = z.object({
  protocol: ProtocolVersion,
  tender: Uuid,
  card: CardNumber,
  amount: DecimalAmount,
  lines: z
    .array(
      z.object({
        id: Id,
        product: Id,
        category: Id,
        quantity: PositiveInt,
        netAmount: DecimalAmount,
      }),
    )
    .min(1)
    .max(MAX_LINES_PER_SALE),
  /**
   * A reward of the catalogue to reserve instead of a payment: `amount` is its discount, the lines
   * are before it, and the reward's price in points is what is reserved.
   */
  reward: z.object({ id: Id, version: PositiveInt.max(MAX_INT4) }).optional(),
});

export const ReserveResponse = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    tender: Uuid,
    covered: DecimalAmount,
    points: PointsRecord,
    lots: z.array(z.object({ id: z.string(), points: PositiveInt })),
    /** The redeem entries posted for this tender: the register puts these ids in its sale fact. */
    entries: z
      .array(
        z.object({
          id: Uuid,
          rewardPoint: Id,
          points: Int,
          lots: z.array(z.object({ id: z.string(), points: PositiveInt })),
        }),
      )
      .optional(),
  }),
  z.object({
    ok: z.literal(false),
    tender: Uuid,
    error: z.enum(['insufficient', 'threshold', 'unknownCard', 'blockedCard']),
    canCover: DecimalAmount,
  }),
]);

export const CardNumberBlock = z.object({
  id: Id,
  first: NonNegativeInt,
  last: NonNegativeInt,
  prefix: z.string().regex(/^\d*$/),
  sequenceDigits: PositiveInt,
});

/** What the server tells a connected register over SSE. */
export const SyncEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('distribution'), store: Id, version: NonNegativeInt }),
  z.object({
    type: z.literal('fact'),
    id: Uuid,
    status: z.enum(FACT_OUTCOMES),
    reason: z.string().optional(),
    /** The register that pushed the fact, so the stream can tell only that register. */
    register: Id.optional(),
  }),
]);
export type SyncEvent = z.infer<typeof SyncEvent>;

export const AdjustmentAmount = SignedDecimalAmount;
