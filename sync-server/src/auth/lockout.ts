import { eq, sql } from 'drizzle-orm';
import type { Session } from '../db/database';
import { signInAttempts } from '../db/schema';
import { ApiError } from '../http/errors';

/** After this many failures in a row a key is locked for LOCK_MS; each further failure locks again. */
export const MAX_FAILURES = 5;
export const LOCK_MS = 5 * 60_000;

export async function checkLockout(session: Session, key: string, now: number): Promise<void> {
  const [row] = await session.db.select().from(signInAttempts).where(eq(signInAttempts.key, key));
  if (row?.lockedUntil && row.lockedUntil.getTime() > now) {
    const minutes = Math.ceil((row.lockedUntil.getTime() - now) / 60_000);
    throw new ApiError(
      429,
      'lockedOut',
      `too many wrong attempts: try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
    );
  }
}

export async function recordFailure(session: Session, key: string, now: number): Promise<void> {
  const lockUntil = new Date(now + LOCK_MS);
  await session.db
    .insert(signInAttempts)
    .values({ key, failures: 1, updatedAt: new Date(now) })
    .onConflictDoUpdate({
      target: signInAttempts.key,
      set: {
        failures: sql`${signInAttempts.failures} + 1`,
        lockedUntil: sql`case when ${signInAttempts.failures} + 1 >= ${MAX_FAILURES} then ${lockUntil.toISOString()}::timestamptz else ${signInAttempts.lockedUntil} end`,
        updatedAt: new Date(now),
      },
    });
}

export async function clearFailures(session: Session, key: string): Promise<void> {
  await session.db.delete(signInAttempts).where(eq(signInAttempts.key, key));
}
