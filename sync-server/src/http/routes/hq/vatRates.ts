import { z } from 'zod';
import { CountryCode } from '../../../../../shared/domain/common';
import { CountryVatRates } from '../../../../../shared/domain/master';
import { requireStaff } from '../../../auth/principal';
import { invalidField } from '../../../errors';
import { listVatRates, replaceVatRates, VatRatesList } from '../../../hq/vatRates';
import type { RouteModule } from '../../app';

const CountryParams = z.object({ country: CountryCode });
const tags = ['vat rates'];

/**
 * VAT rates per store country and product category, in basis points (2100 = 21 %):
 * `GET /api/hq/vat-rates`, `PUT /api/hq/vat-rates/:country` replaces one country's rates.
 */
export const vatRateRoutes: RouteModule = (app, context) => {
  const { database } = context;

  app.get(
    '/api/hq/vat-rates',
    { schema: { tags, summary: 'every country’s VAT rates', response: { 200: VatRatesList } } },
    async (request) => {
      requireStaff(request.principal, 'headOffice');
      return listVatRates(database);
    },
  );

  app.put(
    '/api/hq/vat-rates/:country',
    {
      schema: {
        tags,
        summary: 'replaces one country’s VAT rates (a category left out is sold at 0 %)',
        params: CountryParams,
        body: CountryVatRates,
        response: { 200: CountryVatRates },
      },
    },
    async (request) => {
      requireStaff(request.principal, 'headOffice');
      const { country } = request.params;
      if (request.body.country !== country)
        throw invalidField(
          'idMismatch',
          'country',
          'invalid',
          `the body names ${request.body.country} but the path ${country}`,
        );
      await database.transaction((tx) =>
        replaceVatRates(tx, request.body, new Date(context.clock.now())),
      );
      return request.body;
    },
  );
};
