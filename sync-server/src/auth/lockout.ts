import { eq } from 'drizzle-orm';
import type { Session } from '../db/database';
import { signInAttempts } from '../db/schema';
import { tooMany, type DomainError } from '../errors';

/** After this many failures in a row a key is locked for LOCK_MS; each further failure locks again. */
export const MAX_FAILURES = 5;
export const LOCK_MS = 5 * 60_000;

function lockedOut(lockedUntil: Date, now: number): DomainError {
  const minutes = Math.max(1, Math.ceil((lockedUntil.getTime() - now) / 60_000));
  return tooMany(
    'lockedOut',
    `too many wrong attempts: try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
  );
}

/**
 * Counts an attempt BEFORE its secret is checked, in one atomic statement, and refuses it when the
 * key is locked or the attempt would go past the limit. Counting first is what makes the limit
 * hold under parallel requests: each one takes its own number from the row, so at most
 * MAX_FAILURES checks run before the lock. When a lock has run out, exactly one more attempt is
 * let through (a failure locks again). An attempt past the limit sets the lock itself, so a key
 * never stays refused without a lock that ends.
 */
export async function claimAttempt(session: Session, key: string, now: number): Promise<void> {
  const result = await session.query<{ lockedUntilMs: number | null }>(
    `insert into sign_in_attempts as a (key, failures, locked_until, updated_at)
     values ($1, 1, null, $2::timestamptz)
     on conflict (key) do update set
       failures = case
         when a.locked_until > $2::timestamptz then a.failures
         when a.locked_until is not null then $3::int
         else a.failures + 1 end,
       locked_until = case
         when a.locked_until > $2::timestamptz then a.locked_until
         when a.locked_until is null and a.failures + 1 > $3::int then $4::timestamptz
         else null end,
       updated_at = $2::timestamptz
     returning (extract(epoch from locked_until) * 1000)::bigint as "lockedUntilMs"`,
    [key, new Date(now).toISOString(), MAX_FAILURES, new Date(now + LOCK_MS).toISOString()],
  );
  const lockedUntilMs = result.rows[0]?.lockedUntilMs ?? null;
  if (lockedUntilMs !== null && Number(lockedUntilMs) > now)
    throw lockedOut(new Date(Number(lockedUntilMs)), now);
}

/**
 * The attempt claimed with claimAttempt failed: it is already counted, so this only locks the key
 * once the count has reached the limit.
 */
export async function recordFailure(session: Session, key: string, now: number): Promise<void> {
  await session.query(
    `update sign_in_attempts set locked_until = $2::timestamptz, updated_at = $3::timestamptz
      where key = $1 and failures >= $4::int
        and (locked_until is null or locked_until < $2::timestamptz)`,
    [key, new Date(now + LOCK_MS).toISOString(), new Date(now).toISOString(), MAX_FAILURES],
  );
}

export async function clearFailures(session: Session, key: string): Promise<void> {
  await session.db.delete(signInAttempts).where(eq(signInAttempts.key, key));
}

/** The enrolment route's name for claimAttempt: it counts the attempt before the code is checked. */
export const checkLockout = claimAttempt;
