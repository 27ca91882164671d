import type { Minor } from '../units/integers';
import { localTime, type Weekday } from '../units/localTime';
import type { Instant } from '../units/time';

/**
 * When a promotion gives points: a validity window, days of the week and hours in the store's
 * time zone, and a minimum basket. A scheme or an earning line may carry any of them; one left
 * out does not restrict.
 */
export interface Conditions {
  readonly validFrom?: Instant | null;
  readonly validTo?: Instant | null;
  readonly days?: readonly Weekday[] | null;
  /** Minutes since local midnight, `to` exclusive; a window whose `to` is before `from` runs past midnight. */
  readonly hours?: { readonly from: number; readonly to: number } | null;
  /** The sale's net total (before any points tender) must be at least this, in minor units. */
  readonly minimumBasket?: Minor | null;
}

/** The instant of a sale and the time zone of its store. */
export interface SaleMoment {
  readonly at: Instant;
  readonly timeZone: string;
}

function inHours(hours: NonNullable<Conditions['hours']>, minute: number): boolean {
  return hours.from <= hours.to
    ? hours.from <= minute && minute < hours.to
    : minute >= hours.from || minute < hours.to;
}

const restrictsTime = (c: Conditions) =>
  c.validFrom != null || c.validTo != null || c.days != null || c.hours != null;

/**
 * Whether the time conditions hold at the sale's moment. Without a moment, conditions on time
 * cannot be judged and do not hold: a promotion never applies by accident.
 */
export function inTimeWindow(c: Conditions, when: SaleMoment | undefined): boolean {
  if (!restrictsTime(c)) return true;
  if (!when) return false;
  if (c.validFrom != null && when.at < c.validFrom) return false;
  if (c.validTo != null && when.at >= c.validTo) return false;
  if (c.days == null && c.hours == null) return true;
  const local = localTime(when.at, when.timeZone);
  if (c.days != null && !c.days.includes(local.weekday)) return false;
  return c.hours == null || inHours(c.hours, local.minute);
}

export function meetsConditions(
  c: Conditions | undefined,
  when: SaleMoment | undefined,
  basketTotal: number,
): boolean {
  if (!c) return true;
  if (c.minimumBasket != null && basketTotal < c.minimumBasket) return false;
  return inTimeWindow(c, when);
}
