import { z } from 'zod';
import { readMeta, writeMeta, type RegisterDb } from '../localdb/schema';

/** Wrong PINs a staff member may type in a row before their sign-in locks. */
export const MAX_PIN_TRIES = 5;
/** How long a staff member's sign-in stays locked after too many wrong PINs. */
export const PIN_LOCK_MS = 30_000;

/** One staff member's run of wrong PINs, kept in the local database so a reload does not end it. */
const PinLockout = z.object({
  failures: z.number().int().min(0),
  lockedUntil: z.number().int().min(0),
});
export type PinLockout = z.infer<typeof PinLockout>;

const NONE: PinLockout = { failures: 0, lockedUntil: 0 };
const keyOf = (staff: string) => `pinLockout:${staff.toUpperCase()}`;

/** Milliseconds the staff member's sign-in stays locked from `now` (0: not locked). */
export const lockRemainingMs = (lockout: PinLockout, now: number): number =>
  Math.max(0, lockout.lockedUntil - now);

/** The next state after a wrong PIN: the fifth in a row locks and starts a new run. */
export function afterWrongPin(lockout: PinLockout, now: number): PinLockout {
  const failures = lockout.failures + 1;
  return failures >= MAX_PIN_TRIES
    ? { failures: 0, lockedUntil: now + PIN_LOCK_MS }
    : { failures, lockedUntil: lockout.lockedUntil };
}

export async function readPinLockout(db: RegisterDb, staff: string): Promise<PinLockout> {
  const stored = PinLockout.safeParse(await readMeta(db, keyOf(staff)));
  return stored.success ? stored.data : NONE;
}

/** Counts a wrong PIN for this staff member only; returns their state after it. */
export function recordWrongPin(db: RegisterDb, staff: string, now: number): Promise<PinLockout> {
  return db.transaction('rw', db.meta, async () => {
    const next = afterWrongPin(await readPinLockout(db, staff), now);
    await writeMeta(db, keyOf(staff), next);
    return next;
  });
}

/** A right PIN ends the staff member's run of wrong ones. */
export async function clearPinLockout(db: RegisterDb, staff: string): Promise<void> {
  await db.meta.delete(keyOf(staff));
}
