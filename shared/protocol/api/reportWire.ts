import { z } from 'zod';

/** Head office's reports and sync health: their queries and replies (points are integers). */

/** The longest period one report covers, in days: a chart of two years by day. */
export const MAX_REPORT_DAYS = 731;

const DAY_MS = 86_400_000;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, 'must be an IANA time zone such as Europe/Amsterdam');

const Day = z.iso.date();

/** `?from=YYYY-MM-DD&to=YYYY-MM-DD`: calendar days, both included, in `timeZone` (default UTC). */
export const DayRangeFields = z.object({ from: Day, to: Day, timeZone: TimeZone.default('UTC') });

export function checkSpan(range: { from: string; to: string }, ctx: z.RefinementCtx): void {
  const days = (Date.parse(range.to) - Date.parse(range.from)) / DAY_MS + 1;
  if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  else if (days > MAX_REPORT_DAYS)
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `the period may span at most ${MAX_REPORT_DAYS} days`,
    });
}

export const DayRange = DayRangeFields.superRefine(checkSpan);
export type DayRange = z.infer<typeof DayRange>;

export const ActivityRow = z.object({
  /** The store's own calendar day (UTC for entries made by head office, without a store). */
  day: z.string(),
  store: z.string().nullable(),
  rewardPoint: z.string(),
  /** Earned on sales and other activities. */
  earned: z.int(),
  /** Spent on sales (positive). */
  redeemed: z.int(),
  /** Earned points taken back by returns (positive). */
  returned: z.int(),
  /** Redeemed points given back by returns. */
  refunded: z.int(),
});
export type ActivityRow = z.infer<typeof ActivityRow>;

export const ActivityReport = z.object({
  from: z.string(),
  to: z.string(),
  rows: z.array(ActivityRow),
});

export const EnrolmentRow = z.object({
  day: z.string(),
  source: z.enum(['register', 'headOffice', 'api']),
  /** The store of a card issued at a register; null for head office and the API. */
  store: z.string().nullable(),
  cards: z.int(),
});

export const EnrolmentReport = z.object({
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  rows: z.array(EnrolmentRow),
});

export const ExpiringReport = z.object({
  at: z.string(),
  rows: z.array(
    z.object({
      rewardPoint: z.string(),
      /** Available points whose lot expires within 30, 60, 90 days (each includes the shorter). */
      within30: z.int(),
      within60: z.int(),
      within90: z.int(),
    }),
  ),
});
export type ExpiringReport = z.infer<typeof ExpiringReport>;

export const LiabilityQuery = DayRangeFields.extend({
  step: z.enum(['day']).default('day'),
}).superRefine(checkSpan);
export type LiabilityQuery = z.infer<typeof LiabilityQuery>;

export const LiabilityReport = z.object({
  from: z.string(),
  to: z.string(),
  step: z.literal('day'),
  timeZone: z.string(),
  series: z.array(
    z.object({
      rewardPoint: z.string(),
      /** Outstanding posted points at the end of each day (for amount types: minor units). */
      days: z.array(z.object({ day: z.string(), outstanding: z.int() })),
    }),
  ),
});
export type LiabilityReport = z.infer<typeof LiabilityReport>;

export const VoidRow = z.object({
  /** The void fact's id. */
  id: z.string(),
  store: z.string(),
  register: z.string(),
  /** The register's clock when the cashier voided. */
  at: z.string(),
  scope: z.enum(['line', 'sale']),
  staff: z.string(),
  approvedBy: z.string().nullable(),
  reason: z.string(),
  card: z.string().nullable(),
  currency: z.string(),
  total: z.string(),
  lines: z.array(z.object({ product: z.string(), quantity: z.int(), netAmount: z.string() })),
});

export const VoidReport = z.object({
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  rows: z.array(VoidRow),
});

/** A period of days and, optionally, one store: `?from=&to=&timeZone=&store=`. */
export const VoidQuery = DayRangeFields.extend({
  store: z.string().min(1).max(64).optional(),
}).superRefine(checkSpan);
export type VoidQuery = z.infer<typeof VoidQuery>;

export const RegisterHealth = z.object({
  store: z.string(),
  storeName: z.string(),
  register: z.string(),
  name: z.string(),
  enrolmentState: z.enum(['pending', 'enrolled', 'revoked']),
  /** The last push (or any authenticated call the server saw), or null if never. */
  lastContactAt: z.string().nullable(),
  /** Facts waiting in the register's outbox, as it last reported. */
  outboxDepth: z.int().nullable(),
  /** The distribution version the register last reported holding. */
  distributionVersion: z.int().nullable(),
  /** The store's newest distribution version (null before the first 1050 run). */
  latestVersion: z.int().nullable(),
  /** Versions the register is behind; null when either side is unknown. */
  versionLag: z.int().nullable(),
  /** Device clock minus server clock at the last push, in ms. */
  clockOffsetMs: z.int().nullable(),
  /** Facts stored and not yet posted by the job. */
  pendingFacts: z.int(),
  /** Facts rejected and not voided (on head office's review list). */
  rejectedFacts: z.int(),
});
export type RegisterHealth = z.infer<typeof RegisterHealth>;

export const SyncHealth = z.object({ at: z.string(), registers: z.array(RegisterHealth) });
