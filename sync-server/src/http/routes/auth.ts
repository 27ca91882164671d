import type { FastifyRequest } from 'fastify';
import { api } from '../../../../shared/protocol/api';
import { and, eq } from 'drizzle-orm';
import { hashToken, pinHashForUnknownStaff, randomToken, verifyPin } from '../../auth/secrets';
import { claimAttempt, recordFailure, clearFailures } from '../../auth/lockout';
import { staff, staffSessions } from '../../db/schema';
import { unauthorized } from '../../errors';
import { STAFF_TOKEN_PREFIX } from '../../auth/principal';
import type { RouteModule } from '../app';
import { serve } from '../serve';

/**
 * Wrong PINs lock a staff id where they came from: at one register, or from one address without a
 * register token. Guessing from outside so locks nobody out of their own register or console,
 * head office included.
 */
function signInLockKey(staffId: string, request: FastifyRequest): string {
  const register = request.principal?.register?.id;
  return register ? `pin:${staffId}:register:${register}` : `pin:${staffId}:address:${request.ip}`;
}

/** Staff PIN sign-in: a session token for the console or for manager actions at a register. */
export const authRoutes: RouteModule = (app, context) => {
  serve(app, api.auth.signIn, async ({ body, principal, request }) => {
    const { database, clock, config } = context;
    const [member] = await database.db
      .select()
      .from(staff)
      .where(and(eq(staff.id, body.staff), eq(staff.active, true)));
    if (!member) {
      // As long as a wrong PIN takes, and without a row: an unknown id tells nothing and fills
      // nothing.
      await verifyPin(body.pin, await pinHashForUnknownStaff());
      throw unauthorized('that staff id and PIN do not match');
    }
    const lockKey = signInLockKey(member.id, request);
    // Counted before the PIN is checked, so parallel guesses cannot slip past the limit.
    await claimAttempt(database, lockKey, clock.now());
    if (!(await verifyPin(body.pin, member.pinHash))) {
      await recordFailure(database, lockKey, clock.now());
      throw unauthorized('that staff id and PIN do not match');
    }
    await clearFailures(database, lockKey);
    const token = `${STAFF_TOKEN_PREFIX}${randomToken()}`;
    const expiresAt = new Date(clock.now() + config.sessionMs);
    await database.db.insert(staffSessions).values({
      tokenHash: await hashToken(token),
      staffId: member.id,
      registerId: principal?.register?.id ?? null,
      createdAt: new Date(clock.now()),
      expiresAt,
    });
    return {
      token,
      staff: { id: member.id, name: member.name, role: member.role, stores: member.stores },
      expiresAt: expiresAt.toISOString(),
    };
  });

  serve(app, api.auth.signOut, async ({ request }) => {
    const header =
      request.headers['x-staff-token'] ?? request.headers.authorization?.replace(/^Bearer\s+/i, '');
    const token = Array.isArray(header) ? header[0] : header;
    if (token?.startsWith(STAFF_TOKEN_PREFIX)) {
      await context.database.db
        .update(staffSessions)
        .set({ revokedAt: new Date(context.clock.now()) })
        .where(eq(staffSessions.tokenHash, await hashToken(token)));
    }
    return null;
  });
};
