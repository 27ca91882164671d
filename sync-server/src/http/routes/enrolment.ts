import { z } from 'zod';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { Id } from '../../../../shared/domain/common';
import { checkLockout, clearFailures, recordFailure } from '../../auth/lockout';
import { createEnrolmentCode, enrolRegister } from '../../enrolment/codes';
import { enrolmentCodes, registers } from '../../db/schema';
import { notFound, unauthorized } from '../../errors';
import { requireStaff } from '../../auth/principal';
import type { RouteModule } from '../app';
import { ENROL_LIMIT } from '../limits';

const RegisterParams = z.object({ store: Id, register: Id });

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
      if (!result) {
        await recordFailure(context.database, lockKey, context.clock.now());
        throw unauthorized(
          'this enrolment code is unknown, used or expired: ask head office for a new one',
        );
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
