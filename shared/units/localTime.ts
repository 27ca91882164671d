import type { Instant } from './time';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The day of the week and the minute of the day of an instant in a time zone (IANA name). */
export interface LocalTime {
  readonly weekday: Weekday;
  readonly minute: number;
}

/** The wall-clock readings this module makes, each one formatter per time zone. */
const FORMATS = {
  // en-US with a 24-hour cycle: "Mon", "09", "30" whatever the machine's language.
  weekdayAndTime: {
    locale: 'en-US',
    options: { weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  },
  // en-CA: the year, month and day as numbers, each padded.
  calendarDate: {
    locale: 'en-CA',
    options: { year: 'numeric', month: '2-digit', day: '2-digit' },
  },
} as const satisfies Record<string, { locale: string; options: Intl.DateTimeFormatOptions }>;
type Reading = keyof typeof FORMATS;

/** Building a formatter is slow next to using one: one per reading and time zone, kept. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatFor(reading: Reading, timeZone: string): Intl.DateTimeFormat {
  const key = `${reading} ${timeZone}`;
  let format = formatters.get(key);
  if (!format) {
    const { locale, options } = FORMATS[reading];
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    formatters.set(key, format);
  }
  return format;
}

/** The parts of an instant's reading on a store's wall clock, by part type ("" if absent). */
function readWallClock(at: Instant, timeZone: string, reading: Reading) {
  const parts = formatFor(reading, timeZone).formatToParts(at);
  return (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
}

/** Reads the wall clock of a store: the tz database answers, so no offset is kept by hand. */
export function localTime(at: Instant, timeZone: string): LocalTime {
  const part = readWallClock(at, timeZone, 'weekdayAndTime');
  const weekday = part('weekday').toLowerCase() as Weekday;
  if (!WEEKDAYS.includes(weekday)) throw new RangeError(`no weekday for time zone ${timeZone}`);
  return { weekday, minute: Number(part('hour')) * 60 + Number(part('minute')) };
}

/** Whether the tz database knows the name. */
export function isTimeZone(name: string): boolean {
  try {
    formatFor('weekdayAndTime', name);
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

/** The calendar date of an instant on a store's wall clock, as "YYYY-MM-DD". */
export function localDate(at: Instant, timeZone: string): string {
  const part = readWallClock(at, timeZone, 'calendarDate');
  return `${part('year')}-${part('month')}-${part('day')}`;
}
