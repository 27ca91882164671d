import type { Instant } from './time';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The day of the week and the minute of the day of an instant in a time zone (IANA name). */
export interface LocalTime {
  readonly weekday: Weekday;
  readonly minute: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** Reads the wall clock of a store: the tz database answers, so no offset is kept by hand. */
export function localTime(at: Instant, timeZone: string): LocalTime {
  const parts = formatFor(timeZone).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  const weekday = part('weekday').toLowerCase() as Weekday;
  if (!WEEKDAYS.includes(weekday)) throw new RangeError(`no weekday for time zone ${timeZone}`);
  return { weekday, minute: Number(part('hour')) * 60 + Number(part('minute')) };
}

/** Whether the tz database knows the name. */
export function isTimeZone(name: string): boolean {
  try {
    formatFor(name);
    return true;
  } catch {
    return false;
  }
}

/** "HH:MM" as minutes since midnight. */
export function minuteOfDay(text: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!match) throw new RangeError(`"${text}" is not a time of day such as "09:30"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of an instant on a store's wall clock, as "YYYY-MM-DD". */
export function localDate(at: Instant, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dateFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}
