import { api } from '../../../../shared/protocol/api';
import { requireRegister } from '../../auth/principal';
import { releaseReservation } from '../../redemption/release';
import { reservePoints } from '../../redemption/reserve';
import type { RouteModule } from '../app';
import { serve } from '../serve';

/** Online redemption: reserve a card's points for one tender, or give them back (PRODUCT 4.2). */
export const syncReserveRoutes: RouteModule = (app, context) => {
  serve(app, api.sync.reserve, async ({ principal, body }) =>
    reservePoints(context, requireRegister(principal), body),
  );

  serve(app, api.sync.release, async ({ principal, params }) =>
    releaseReservation(context, requireRegister(principal), params.tender),
  );
};
