import {
  HealthReportRequest,
  HealthReportResponse,
  PROTOCOL_VERSION,
  PushRequest,
  PushResponse,
} from '../../../../shared/protocol/sync';
import type { z } from 'zod';
import { parseInstant } from '../../../../shared/units/time';
import { recordRegisterHealth } from '../../ingest/health';
import { ingestPush } from '../../ingest/push';
import { clockOffsetMs } from '../../ingest/skew';
import { requireRegister } from '../../auth/principal';
import type { RouteModule } from '../app';

type HealthReportAnswer = z.infer<typeof HealthReportResponse>;

/** A register pushes its outbox: sales, ledger entries, issued cards and customers (PRODUCT 5). */
export const syncPushRoutes: RouteModule = (app, context) => {
  app.post(
    '/api/sync/push',
    {
      schema: {
        tags: ['sync'],
        summary: 'Push facts from a register; each is answered accepted, duplicate or rejected',
        body: PushRequest,
        response: { 200: PushResponse },
      },
    },
    async (request) => {
      const register = requireRegister(request.principal);
      return ingestPush(context, register, request.body);
    },
  );

  app.post(
    '/api/sync/health',
    {
      schema: {
        tags: ['sync'],
        summary: 'A register with an empty outbox reports its outbox depth, version and clock',
        body: HealthReportRequest,
        response: { 200: HealthReportResponse },
      },
    },
    async (request) => {
      const register = requireRegister(request.principal);
      const now = context.clock.now();
      await recordRegisterHealth(context.database, {
        registerId: register.id,
        at: new Date(now),
        clockOffsetMs: clockOffsetMs(parseInstant(request.body.sentAt), now, now),
        outboxDepth: request.body.outboxDepth,
        distributionVersion: request.body.distributionVersion,
      });
      const answer: HealthReportAnswer = {
        protocol: PROTOCOL_VERSION,
        serverTime: new Date(now).toISOString(),
      };
      return answer;
    },
  );
};
