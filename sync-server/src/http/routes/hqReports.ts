import { api } from '../../../../shared/protocol/api';
import { activityReport } from '../../reports/activity';
import { enrolmentReport } from '../../reports/enrolments';
import { expiringReport } from '../../reports/expiring';
import { liabilityReport } from '../../reports/liability';
import { voidReport } from '../../reports/voids';
import type { RouteModule } from '../app';
import { serve } from '../serve';

/** Head office's reports: points as integers (amount-type reward points in minor units). */
export const hqReportRoutes: RouteModule = (app, context) => {
  const { database } = context;
  const reports = api.hq.reports;
  serve(app, reports.liability, async ({ query }) => liabilityReport(database, query));
  serve(app, reports.activity, async ({ query }) => activityReport(database, query));
  serve(app, reports.enrolments, async ({ query }) => enrolmentReport(database, query));
  serve(app, reports.expiring, async () => expiringReport(database, new Date(context.clock.now())));
  serve(app, reports.voids, async ({ query }) => voidReport(database, query));
};
