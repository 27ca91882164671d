import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FactRow } from '../../renderer/register/localdb/schema';
import { RegisterDb } from '../../renderer/register/localdb/schema';
import { offlineSpentToday } from '../../renderer/register/sale/offlineAllowance';
import { LOCAL_DAY_CASES } from '../support/localDayCases';

const CARD = '60010000000001';
const AMSTERDAM = 'Europe/Amsterdam';

/**
 * A sale this register recorded at `deviceTime`, paying `points` STAR offline: only the fields the
 * allowance reads (the facts' own validation is tested with the fact writer).
 */
function offlineSale(deviceTime: string, points: number, reward = false): FactRow {
  const id = randomUUID();
  const fact = {
    type: 'sale',
    id,
    deviceTime,
    receipt: {
      card: CARD,
      tenders: reward ? [] : [{ reservation: 'offline', points: { STAR: points } }],
      reward: reward ? { id: 'SHOES-10', version: 1, reservation: 'offline' } : undefined,
      lines: reward ? [{ reward: { discount: '5.00', points: { STAR: points } } }] : [],
    },
  };
  return {
    id,
    seq: Date.parse(deviceTime),
    type: 'sale',
    fact: fact as unknown as FactRow['fact'],
    status: 'queued',
    reason: null,
    recordedAt: deviceTime,
    cards: [CARD],
  };
}

let db: RegisterDb;
let name = 0;
beforeEach(async () => {
  db = new RegisterDb(`allowance-${++name}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe("a card's offline spends of the day at the register", () => {
  it("counts the store's local day, as the server does when it checks the allowance", async () => {
    // 23:30 in Amsterdam on Friday 6 March, then 00:30 and 01:30 on Saturday 7 March.
    await db.facts.bulkAdd([
      offlineSale('2026-03-06T22:30:00.000Z', 100),
      offlineSale('2026-03-06T23:30:00.000Z', 400, true),
    ]);
    const saturday = Date.parse('2026-03-07T00:30:00.000Z');
    // Saturday's 400 (a reward) count on Saturday; Friday's 100 do not, though they share a UTC day.
    expect(await offlineSpentToday(db, CARD, saturday, AMSTERDAM)).toBe(400);
    const friday = Date.parse('2026-03-06T22:45:00.000Z');
    expect(await offlineSpentToday(db, CARD, friday, AMSTERDAM)).toBe(100);
    expect(await offlineSpentToday(db, CARD, saturday, 'UTC')).toBe(0);
  });

  // The same table the server's check of the allowance runs (test/server/offlineAllowanceDay.test.ts).
  it.each(LOCAL_DAY_CASES)('$name', async ({ timeZone, earlier, later, sameDay }) => {
    await db.facts.add(offlineSale(earlier, 400));
    expect(await offlineSpentToday(db, CARD, Date.parse(later), timeZone)).toBe(sameDay ? 400 : 0);
  });
});
