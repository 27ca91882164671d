import { api } from '../../../../shared/protocol/api';
import { PROTOCOL_VERSION } from '../../../../shared/protocol/sync';
import { parseInstant } from '../../../../shared/units/time';
import { requireRegister } from '../../auth/principal';
import { recordRegisterHealth } from '../../ingest/health';
import { ingestPush } from '../../ingest/push';
import { clockOffsetMs } from '../../ingest/skew';
import type { RouteModule } from '../app';
import { serve } from '../serve';

/** A register pushes its outbox: sales, ledger entries, issued cards and customers (PRODUCT 5). */
export const syncPushRoutes: RouteModule = (app, context) => {
  serve(app, api.sync.push, async ({ principal, body }) =>
    ingestPush(context, requireRegister(principal), body),
  );

  serve(app, api.sync.health, async ({ principal, body }) => {
    const register = requireRegister(principal);
    const now = context.clock.now();
    await recordRegisterHealth(context.database, {
      registerId: register.id,
      at: new Date(now),
      clockOffsetMs: clockOffsetMs(parseInstant(body.sentAt), now, now),
      outboxDepth: body.outboxDepth,
      distributionVersion: body.distributionVersion,
    });
    return { protocol: PROTOCOL_VERSION, serverTime: new Date(now).toISOString() };
  });
};
