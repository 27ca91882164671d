import { and, eq, gt, isNull } from 'drizzle-orm';
import { hashToken, randomEnrolmentCode, randomToken } from '../auth/secrets';
import type { ServerContext } from '../context';
import type { Session } from '../db/database';
import { enrolmentCodes, registers } from '../db/schema';
import { REGISTER_TOKEN_PREFIX } from '../auth/principal';
import { notFound } from '../errors';

/** Codes are typed by people: compare them without case or dashes. */
const normalise = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

export async function createEnrolmentCode(
  context: ServerContext,
  store: string,
  register: string,
): Promise<{ code: string; expiresAt: string }> {
  const [found] = await context.database.db
    .select({ id: registers.id })
    .from(registers)
    .where(and(eq(registers.id, register), eq(registers.storeId, store)));
  if (!found) throw notFound(`register ${register} of store ${store}`);
  const code = randomEnrolmentCode();
  const expiresAt = new Date(context.clock.now() + context.config.enrolmentCodeMs);
  await context.database.db.insert(enrolmentCodes).values({
    codeHash: await hashToken(normalise(code)),
    storeId: store,
    registerId: register,
    expiresAt,
    createdAt: new Date(context.clock.now()),
  });
  return { code, expiresAt: expiresAt.toISOString() };
}

/** Why a code did not enrol a register: the register says so and what to do next. */
export type EnrolmentRefusal = 'unknown' | 'used' | 'expired';

/**
 * Trades a code for a register token, once: the code is marked used and any earlier token of that
 * register stops working. An unknown, used or expired code is refused with its reason.
 */
export async function enrolRegister(
  context: ServerContext,
  code: string,
): Promise<{ token: string; store: string; register: string } | { refused: EnrolmentRefusal }> {
  const now = new Date(context.clock.now());
  const codeHash = await hashToken(normalise(code));
  const token = `${REGISTER_TOKEN_PREFIX}${randomToken()}`;
  const tokenHash = await hashToken(token);
  return context.database.transaction(async (tx) => {
    const [claimed] = await tx.db
      .update(enrolmentCodes)
      .set({ usedAt: now })
      .where(
        and(
          eq(enrolmentCodes.codeHash, codeHash),
          isNull(enrolmentCodes.usedAt),
          gt(enrolmentCodes.expiresAt, now),
        ),
      )
      .returning({ store: enrolmentCodes.storeId, register: enrolmentCodes.registerId });
    if (!claimed) return { refused: await refusalOf(tx, codeHash) };
    await tx.db
      .update(registers)
      .set({ enrolmentState: 'enrolled', tokenHash, enrolledAt: now, revokedAt: null })
      .where(eq(registers.id, claimed.register));
    return { token, store: claimed.store, register: claimed.register };
  });
}

/** A code that was not claimed: never made, already used, or past its time. */
async function refusalOf(session: Session, codeHash: string): Promise<EnrolmentRefusal> {
  const [row] = await session.db
    .select({ usedAt: enrolmentCodes.usedAt })
    .from(enrolmentCodes)
    .where(eq(enrolmentCodes.codeHash, codeHash));
  if (!row) return 'unknown';
  return row.usedAt ? 'used' : 'expired';
}
