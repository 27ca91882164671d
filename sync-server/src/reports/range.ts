import { z } from 'zod';

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

/** SQL for the first instant of `day` and of the day after `day` in `zone` (all placeholders). */
export const dayStartSql = (day: string, zone: string) =>
  `((${day})::date::timestamp at time zone (${zone})::text)`;
export const dayEndSql = (day: string, zone: string) =>
  `(((${day})::date + 1)::timestamp at time zone (${zone})::text)`;
