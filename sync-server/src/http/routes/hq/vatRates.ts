import { api } from '../../../../../shared/protocol/api';
import { invalidField } from '../../../errors';
import { listVatRates, replaceVatRates } from '../../../hq/vatRates';
import type { RouteModule } from '../../app';
import { serve } from '../../serve';

/**
 * VAT rates per store country and product category, in basis points (2100 = 21 %):
 * `GET /api/hq/vat-rates`, `PUT /api/hq/vat-rates/:country` replaces one country's rates.
 */
export const vatRateRoutes: RouteModule = (app, context) => {
  const { database } = context;

  serve(app, api.hq.vatRates.list, async () => listVatRates(database));

  serve(app, api.hq.vatRates.update, async ({ params: { country }, body }) => {
    if (body.country !== country)
      throw invalidField(
        'idMismatch',
        'country',
        'invalid',
        `the body names ${body.country} but the path ${country}`,
      );
    await database.transaction((tx) => replaceVatRates(tx, body, new Date(context.clock.now())));
    return body;
  });
};
