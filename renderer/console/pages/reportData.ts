import type { api } from '../../../shared/protocol/api';
import type { AnswerOf } from '../../../shared/protocol/api/contract';

/** The reports as their routes answer them (points are integers; amount types in minor units). */
type Reports = typeof api.hq.reports;
export type LiabilityReport = AnswerOf<Reports['liability']>;
export type ActivityReport = AnswerOf<Reports['activity']>;
export type ActivityRow = ActivityReport['rows'][number];
export type EnrolmentReport = AnswerOf<Reports['enrolments']>;
export type EnrolmentSource = EnrolmentReport['rows'][number]['source'];
export type ExpiringReport = AnswerOf<Reports['expiring']>;

export const ENROLMENT_SOURCES: readonly EnrolmentSource[] = ['register', 'headOffice', 'api'];

/** Colours of the chart series, in turn. */
export const PALETTE = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#bf3989'];

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a date in the browser's own time zone. */
export function isoDay(date: Date): string {
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${month}-${day}`;
}

/** The last 30 days, today included. */
export function lastThirtyDays(now = new Date()): { from: string; to: string } {
  return { from: isoDay(new Date(now.getTime() - 29 * DAY_MS)), to: isoDay(now) };
}

/** One chart row per day with a column per reward point: { day, STAR: 120, … }. */
export function liabilityChartData(report: LiabilityReport): Record<string, string | number>[] {
  const byDay = new Map<string, Record<string, string | number>>();
  for (const { rewardPoint, days } of report.series)
    for (const { day, outstanding } of days) {
      const row = byDay.get(day) ?? { day };
      row[rewardPoint] = outstanding;
      byDay.set(day, row);
    }
  return [...byDay.values()];
}

/** The name of a store in the activity report (head office's own entries have none). */
export const storeKey = (row: Pick<ActivityRow, 'store' | 'rewardPoint'>, headOffice: string) =>
  `${row.store ?? headOffice} ${row.rewardPoint}`;

/** One chart row per day with earned and redeemed columns per store and reward point. */
export function activityChartData(
  report: ActivityReport,
  headOffice: string,
): { data: Record<string, string | number>[]; keys: string[] } {
  const byDay = new Map<string, Record<string, string | number>>();
  const keys = new Set<string>();
  for (const row of report.rows) {
    const key = storeKey(row, headOffice);
    keys.add(key);
    const day = byDay.get(row.day) ?? { day: row.day };
    day[`${key}:earned`] = Number(day[`${key}:earned`] ?? 0) + row.earned;
    day[`${key}:redeemed`] = Number(day[`${key}:redeemed`] ?? 0) + row.redeemed;
    byDay.set(row.day, day);
  }
  return { data: [...byDay.values()], keys: [...keys] };
}

/** One chart row per day with the cards issued per enrolment source. */
export function enrolmentChartData(report: EnrolmentReport): Record<string, string | number>[] {
  const byDay = new Map<string, Record<string, string | number>>();
  for (const row of report.rows) {
    const day =
      byDay.get(row.day) ??
      Object.fromEntries([['day', row.day], ...ENROLMENT_SOURCES.map((s) => [s, 0])]);
    day[row.source] = Number(day[row.source] ?? 0) + row.cards;
    byDay.set(row.day, day);
  }
  return [...byDay.values()];
}
