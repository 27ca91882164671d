import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RegisterDb } from '../../renderer/register/localdb/schema';
import {
  clearPinLockout,
  lockRemainingMs,
  MAX_PIN_TRIES,
  PIN_LOCK_MS,
  readPinLockout,
  recordWrongPin,
} from '../../renderer/register/session/lockout';

const NOW = Date.parse('2026-03-01T10:00:00Z');

let db: RegisterDb;
let name = 0;
beforeEach(async () => {
  db = new RegisterDb(`lockout-${++name}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const wrongPins = async (staff: string, times: number) => {
  for (let i = 0; i < times; i++) await recordWrongPin(db, staff, NOW);
};

describe('the PIN lockout', () => {
  it('locks only the staff member who typed the wrong PINs', async () => {
    await wrongPins('C1', MAX_PIN_TRIES);
    expect(lockRemainingMs(await readPinLockout(db, 'C1'), NOW)).toBe(PIN_LOCK_MS);
    expect(lockRemainingMs(await readPinLockout(db, 'c1'), NOW + 1_000)).toBe(PIN_LOCK_MS - 1_000);
    expect(lockRemainingMs(await readPinLockout(db, 'M1'), NOW)).toBe(0);
  });

  it('does not lock before the last try', async () => {
    await wrongPins('C1', MAX_PIN_TRIES - 1);
    expect(lockRemainingMs(await readPinLockout(db, 'C1'), NOW)).toBe(0);
    expect((await readPinLockout(db, 'C1')).failures).toBe(MAX_PIN_TRIES - 1);
  });

  it('survives closing and opening the database (a reload)', async () => {
    await wrongPins('C1', MAX_PIN_TRIES);
    db.close();
    const reopened = new RegisterDb(db.name);
    await reopened.open();
    expect(lockRemainingMs(await readPinLockout(reopened, 'C1'), NOW + 10_000)).toBe(20_000);
    reopened.close();
    await db.open();
  });

  it('ends when the lock runs out, and a right PIN clears the count', async () => {
    await wrongPins('C1', MAX_PIN_TRIES);
    expect(lockRemainingMs(await readPinLockout(db, 'C1'), NOW + PIN_LOCK_MS)).toBe(0);
    await wrongPins('C1', 2);
    await clearPinLockout(db, 'C1');
    expect(await readPinLockout(db, 'C1')).toEqual({ failures: 0, lockedUntil: 0 });
  });
});
