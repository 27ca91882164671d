/**
 * Pairs of instants around a store's midnight, in time zones far from UTC and on days a clock
 * change makes 23 or 25 hours long: whether both fall on the same local day of the store. The
 * register's offline allowance and the server's check of it run the same table, so the two count
 * a card's offline spends by one day.
 */
export interface LocalDayCase {
  readonly name: string;
  readonly timeZone: string;
  /** The spend counted first. */
  readonly earlier: string;
  /** The spend checked against the day's allowance. */
  readonly later: string;
  readonly sameDay: boolean;
}

export const LOCAL_DAY_CASES: readonly LocalDayCase[] = [
  {
    name: 'Auckland 23:30 Friday and 00:30 Saturday, one UTC day',
    timeZone: 'Pacific/Auckland',
    earlier: '2026-03-06T10:30:00.000Z',
    later: '2026-03-06T11:30:00.000Z',
    sameDay: false,
  },
  {
    name: 'Auckland 00:30 and 23:30 Saturday, two UTC days',
    timeZone: 'Pacific/Auckland',
    earlier: '2026-03-06T11:30:00.000Z',
    later: '2026-03-07T10:30:00.000Z',
    sameDay: true,
  },
  {
    name: 'Auckland 00:30 and 23:30 on the 25-hour day summer time ends',
    timeZone: 'Pacific/Auckland',
    earlier: '2026-04-04T11:30:00.000Z',
    later: '2026-04-05T11:30:00.000Z',
    sameDay: true,
  },
  {
    name: 'Auckland 23:30 on the day summer time ends and 00:30 the next',
    timeZone: 'Pacific/Auckland',
    earlier: '2026-04-05T11:30:00.000Z',
    later: '2026-04-05T12:30:00.000Z',
    sameDay: false,
  },
  {
    name: 'Los Angeles 00:30 PST and 23:30 PDT on the 23-hour day summer time starts',
    timeZone: 'America/Los_Angeles',
    earlier: '2026-03-08T08:30:00.000Z',
    later: '2026-03-09T06:30:00.000Z',
    sameDay: true,
  },
  {
    name: 'Los Angeles 23:30 on the day summer time starts and 00:30 the next',
    timeZone: 'America/Los_Angeles',
    earlier: '2026-03-09T06:30:00.000Z',
    later: '2026-03-09T07:30:00.000Z',
    sameDay: false,
  },
  {
    name: 'Los Angeles 00:30 PDT and 23:30 PST, 24 hours apart on the 25-hour day',
    timeZone: 'America/Los_Angeles',
    earlier: '2026-11-01T07:30:00.000Z',
    later: '2026-11-02T07:30:00.000Z',
    sameDay: true,
  },
  {
    name: 'Kiritimati (UTC+14) 23:30 Friday and 00:30 Saturday',
    timeZone: 'Pacific/Kiritimati',
    earlier: '2026-03-06T09:30:00.000Z',
    later: '2026-03-06T10:30:00.000Z',
    sameDay: false,
  },
  {
    name: 'Pago Pago (UTC-11) 00:30 and 23:29 Friday, two UTC days',
    timeZone: 'Pacific/Pago_Pago',
    earlier: '2026-03-06T11:30:00.000Z',
    later: '2026-03-07T10:29:00.000Z',
    sameDay: true,
  },
];
