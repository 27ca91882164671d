import { eq, sql } from 'drizzle-orm';
import type { Session } from '../db/database';
import { counters } from '../db/schema';

/**
 * Small numbers the nightly jobs remember between runs (a watermark, a fingerprint), kept in the
 * `counters` table under a prefixed name so no table of their own is needed.
 */
const PREFIX = 'mark:';

export async function readMark(session: Session, name: string): Promise<number | null> {
  const [row] = await session.db
    .select({ value: counters.value })
    .from(counters)
    .where(eq(counters.name, PREFIX + name));
  return row?.value ?? null;
}

export async function writeMark(session: Session, name: string, value: number): Promise<void> {
  await session.db
    .insert(counters)
    .values({ name: PREFIX + name, value })
    .onConflictDoUpdate({ target: counters.name, set: { value: sql`excluded.value` } });
}
