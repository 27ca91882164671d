import { activityReport, ActivityReport } from '../../reports/activity';
import { enrolmentReport, EnrolmentReport } from '../../reports/enrolments';
import { expiringReport, ExpiringReport } from '../../reports/expiring';
import { liabilityReport, LiabilityQuery, LiabilityReport } from '../../reports/liability';
import { DayRange } from '../../reports/range';
import { VoidQuery, voidReport, VoidReport } from '../../reports/voids';
import type { RouteModule } from '../app';
import { requireStaff } from '../../auth/principal';

const tags = ['reports'];

/** Head office's reports: points as integers (amount-type reward points in minor units). */
export const hqReportRoutes: RouteModule = (app, context) => {
  const { database } = context;

  app.get(
    '/api/hq/reports/liability',
    {
      schema: {
        tags,
        summary: 'outstanding posted points per reward point at the end of each day',
        querystring: LiabilityQuery,
        response: { 200: LiabilityReport },
      },
    },
    async (request) => {
      requireStaff(request.principal, 'headOffice');
      return liabilityReport(database, request.query);
    },
  );

  app.get(
    '/api/hq/reports/activity',
    {
      schema: {
        tags,
        summary: 'points earned and redeemed per store per day (the store’s local day)',
        querystring: DayRange,
        response: { 200: ActivityReport },
      },
    },
    async (request) => {
      requireStaff(request.principal, 'headOffice');
      return activityReport(database, request.query);
    },
  );

  app.get(
    '/api/hq/reports/enrolments',
    {
      schema: {
        tags,
        summary: 'cards issued per day and enrolment source',
        querystring: DayRange,
        response: { 200: EnrolmentReport },
      },
    },
    async (request) => {
      requireStaff(request.principal, 'headOffice');
      return enrolmentReport(database, request.query);
    },
  );

  app.get(
    '/api/hq/reports/expiring',
    {
      schema: {
        tags,
        summary: 'available points expiring in the next 30, 60 and 90 days per reward point',
        response: { 200: ExpiringReport },
      },
    },
    async (request) => {
      requireStaff(request.principal, 'headOffice');
      return expiringReport(database, new Date(context.clock.now()));
    },
  );

  app.get(
    '/api/hq/reports/voids',
    {
      schema: {
        tags,
        summary:
          'lines and sales voided at the registers (of one store or all): what, by whom, why, approved by whom',
        querystring: VoidQuery,
        response: { 200: VoidReport },
      },
    },
    async (request) => {
      requireStaff(request.principal, 'headOffice');
      return voidReport(database, request.query);
    },
  );
};
