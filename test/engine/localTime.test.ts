import { describe, expect, it } from 'vitest';
import { isTimeZone, localDate, localTime } from '../../shared/units/localTime';

const at = (iso: string) => Date.parse(iso);

describe("a store's wall clock", () => {
  it('reads the weekday and minute in the store’s zone, summer time included', () => {
    // 22:30 UTC on Saturday 28 June is 00:30 on Sunday in Amsterdam (UTC+2).
    expect(localTime(at('2025-06-28T22:30:00Z'), 'Europe/Amsterdam')).toEqual({
      weekday: 'sun',
      minute: 30,
    });
    expect(localTime(at('2025-01-06T08:15:00Z'), 'Europe/Stockholm')).toEqual({
      weekday: 'mon',
      minute: 9 * 60 + 15,
    });
  });

  it("reads the calendar date of the store's day, not UTC's", () => {
    expect(localDate(at('2025-06-28T22:30:00Z'), 'Europe/Amsterdam')).toBe('2025-06-29');
    expect(localDate(at('2025-06-28T22:30:00Z'), 'UTC')).toBe('2025-06-28');
    expect(localDate(at('2025-03-01T03:00:00Z'), 'America/New_York')).toBe('2025-02-28');
  });

  it('keeps the two readings of one zone apart, whichever comes first', () => {
    const instant = at('2025-12-31T23:59:00Z');
    const date = localDate(instant, 'Europe/Paris');
    const time = localTime(instant, 'Europe/Paris');
    expect([date, time, localDate(instant, 'Europe/Paris')]).toEqual([
      '2026-01-01',
      { weekday: 'thu', minute: 59 },
      '2026-01-01',
    ]);
  });

  it('knows the zones of the tz database and no others', () => {
    expect(isTimeZone('Europe/Brussels')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
