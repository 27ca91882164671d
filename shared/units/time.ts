/**
 * Instants are epoch milliseconds (integers) inside the engine and ISO 8601 strings at the edges.
 * Periods add calendar units in UTC so that "earned at + 1 month" is the same date everywhere.
 */
export type Instant = number;

export type PeriodUnit = 'day' | 'month' | 'year';
export interface Period {
  readonly value: number;
  readonly unit: PeriodUnit;
}

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * Every field within its calendar range: `Date.parse` would read 2026-02-30 as March 2 and
 * 24:00 as the next day, so an impossible date would pass as a different one.
 */
function inCalendar(fields: readonly (string | undefined)[]): boolean {
  const [year, month, day, hour, minute, second = 0, offsetHours = 0, offsetMinutes = 0] =
    fields.map((field) => (field === undefined ? undefined : Number(field)));
  if (year === undefined || month === undefined || day === undefined) return false;
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysIn(year, month) &&
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59
  );
}

export function isIsoInstant(text: string): boolean {
  const match = ISO_INSTANT.exec(text);
  return match !== null && inCalendar(match.slice(1)) && !Number.isNaN(Date.parse(text));
}

export function parseInstant(text: string): Instant {
  if (!isIsoInstant(text)) throw new RangeError(`"${text}" is not an ISO 8601 instant`);
  return Date.parse(text);
}

export function formatInstant(at: Instant): string {
  return new Date(at).toISOString();
}

export const DAY_MS = 86_400_000;

export function addPeriod(at: Instant, period: Period, times = 1): Instant {
  const n = period.value * times;
  if (period.unit === 'day') return at + n * DAY_MS;
  const date = new Date(at);
  const months = period.unit === 'month' ? n : n * 12;
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  // Clamp the day so that Jan 31 + 1 month is Feb 28/29, not Mar 3.
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return date.getTime();
}

export function subtractPeriod(at: Instant, period: Period): Instant {
  return addPeriod(at, period, -1);
}
