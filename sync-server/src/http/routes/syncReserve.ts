import { z } from 'zod';
import { Id, Uuid } from '../../../../shared/domain/common';
import { ReserveRequest, ReserveResponse } from '../../../../shared/protocol/sync';
import { releaseReservation } from '../../redemption/release';
import { reservePoints } from '../../redemption/reserve';
import { requireRegister } from '../../auth/principal';
import type { RouteModule } from '../app';

const Released = z.object({
  tender: Uuid,
  released: z.literal(true),
  points: z.record(Id, z.int()),
});

/** Online redemption: reserve a card's points for one tender, or give them back (PRODUCT 4.2). */
export const syncReserveRoutes: RouteModule = (app, context) => {
  app.post(
    '/api/sync/reserve',
    {
      schema: {
        tags: ['sync'],
        summary: 'Pay a tender with points, exactly once per tender id',
        body: ReserveRequest,
        response: { 200: ReserveResponse },
      },
    },
    async (request) => reservePoints(context, requireRegister(request.principal), request.body),
  );

  app.post(
    '/api/sync/reserve/:tender/release',
    {
      schema: {
        tags: ['sync'],
        summary: 'Give back the points of an abandoned sale, once',
        params: z.object({ tender: Uuid }),
        response: { 200: Released },
      },
    },
    async (request) =>
      releaseReservation(context, requireRegister(request.principal), request.params.tender),
  );
};
