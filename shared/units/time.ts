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

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function isIsoInstant(text: string): boolean {
  return ISO_INSTANT.test(text) && !Number.isNaN(Date.parse(text));
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
