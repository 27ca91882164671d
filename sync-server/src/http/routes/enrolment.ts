import { api } from '../../../../shared/protocol/api';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { checkLockout, clearFailures, recordFailure } from '../../auth/lockout';
import { createEnrolmentCode, enrolRegister, type EnrolmentRefusal } from '../../enrolment/codes';
import { enrolmentCodes, registers } from '../../db/schema';
import { DomainError, notFound } from '../../errors';
import type { RouteModule } from '../app';
import { serve } from '../serve';

/** Each reason a code is refused has its own code, so the register can say what to do next. */
const ENROLMENT_REFUSED: Record<EnrolmentRefusal, readonly [code: string, message: string]> = {
  unknown: [
    'enrolmentCodeUnknown',
    'this enrolment code is not known: check it for typos, or ask head office for a new one',
  ],
  used: [
    'enrolmentCodeUsed',
    'this enrolment code was already used: ask head office for a new code for this register',
  ],
  expired: [
    'enrolmentCodeExpired',
    'this enrolment code has expired: ask head office for a new one',
  ],
};
const enrolmentRefused = (reason: EnrolmentRefusal) =>
  new DomainError('unauthenticated', ...ENROLMENT_REFUSED[reason]);

/** A register is enrolled once with a one-time code from head office, then holds its own token. */
export const enrolmentRoutes: RouteModule = (app, context) => {
  serve(app, api.hq.registers.enrolmentCode, async ({ params }) =>
    createEnrolmentCode(context, params.store, params.register),
  );

  serve(app, api.auth.enrol, async ({ request, body }) => {
    const lockKey = `enrol:${request.ip}`;
    await checkLockout(context.database, lockKey, context.clock.now());
    const result = await enrolRegister(context, body.code);
    if ('refused' in result) {
      await recordFailure(context.database, lockKey, context.clock.now());
      throw enrolmentRefused(result.refused);
    }
    await clearFailures(context.database, lockKey);
    return result;
  });

  serve(app, api.hq.registers.revoke, async ({ params }) => {
    const updated = await context.database.db
      .update(registers)
      .set({
        enrolmentState: 'revoked',
        tokenHash: null,
        revokedAt: new Date(context.clock.now()),
      })
      .where(and(eq(registers.id, params.register), eq(registers.storeId, params.store)))
      .returning({ id: registers.id });
    if (updated.length === 0)
      throw notFound(`register ${params.register} of store ${params.store}`);
    await context.database.db
      .update(enrolmentCodes)
      .set({ usedAt: new Date(context.clock.now()) })
      .where(
        and(
          eq(enrolmentCodes.registerId, params.register),
          isNull(enrolmentCodes.usedAt),
          gt(enrolmentCodes.expiresAt, new Date(context.clock.now())),
        ),
      );
    return null;
  });
};
