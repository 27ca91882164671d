import { z } from 'zod';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { Id } from '../../../../shared/domain/common';
import { checkLockout, clearFailures, recordFailure } from '../../auth/lockout';
import { createEnrolmentCode, enrolRegister, type EnrolmentRefusal } from '../../enrolment/codes';
import { enrolmentCodes, registers } from '../../db/schema';
import { DomainError, notFound } from '../../errors';
import { requireStaff } from '../../auth/principal';
import type { RouteModule } from '../app';
import { ENROL_LIMIT } from '../limits';

const RegisterParams = z.object({ store: Id, register: Id });

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
  app.post(
    '/api/hq/stores/:store/registers/:register/enrolment-code',
    {
      schema: {
        tags: ['registers'],
        params: RegisterParams,
        response: { 201: z.object({ code: z.string(), expiresAt: z.string() }) },
      },
    },
    async (request, reply) => {
      requireStaff(request.principal, 'headOffice');
      const result = await createEnrolmentCode(
        context,
        request.params.store,
        request.params.register,
      );
      return reply.status(201).send(result);
    },
  );

  app.post(
    '/api/registers/enrol',
    {
      schema: {
        tags: ['registers'],
        security: [],
        body: z.object({ code: z.string().min(4).max(40) }),
        response: { 200: z.object({ token: z.string(), store: Id, register: Id }) },
      },
      config: { rateLimit: ENROL_LIMIT },
    },
    async (request) => {
      const lockKey = `enrol:${request.ip}`;
      await checkLockout(context.database, lockKey, context.clock.now());
      const result = await enrolRegister(context, request.body.code);
      if ('refused' in result) {
        await recordFailure(context.database, lockKey, context.clock.now());
        throw enrolmentRefused(result.refused);
      }
      await clearFailures(context.database, lockKey);
      return result;
    },
  );

  app.post(
    '/api/hq/stores/:store/registers/:register/revoke',
    { schema: { tags: ['registers'], params: RegisterParams, response: { 204: z.null() } } },
    async (request, reply) => {
      requireStaff(request.principal, 'headOffice');
      const updated = await context.database.db
        .update(registers)
        .set({
          enrolmentState: 'revoked',
          tokenHash: null,
          revokedAt: new Date(context.clock.now()),
        })
        .where(
          and(
            eq(registers.id, request.params.register),
            eq(registers.storeId, request.params.store),
          ),
        )
        .returning({ id: registers.id });
      if (updated.length === 0)
        throw notFound(`register ${request.params.register} of store ${request.params.store}`);
      await context.database.db
        .update(enrolmentCodes)
        .set({ usedAt: new Date(context.clock.now()) })
        .where(
          and(
            eq(enrolmentCodes.registerId, request.params.register),
            isNull(enrolmentCodes.usedAt),
            gt(enrolmentCodes.expiresAt, new Date(context.clock.now())),
          ),
        );
      return reply.status(204).send(null);
    },
  );
};
