import type { RouteModule } from '../app';
import { authRoutes } from './auth';
import { opsRoutes } from './ops';
import { enrolmentRoutes } from './enrolment';
import { hqRoutes } from './hq';
import { cardRoutes } from './cards';
import { simulateRoutes } from './simulate';
import { syncPushRoutes } from './syncPush';
import { syncFactStatusRoutes } from './syncFactStatus';
import { syncApprovalRoutes } from './syncApprovals';
import { syncCardSearchRoutes } from './syncCardSearch';
import { syncReceiptRoutes } from './syncReceipts';
import { syncReserveRoutes } from './syncReserve';
import { syncBlocksRoutes } from './syncBlocks';
import { jobRoutes } from './jobs';
import { syncFeedRoutes } from './syncFeed';
import { syncEventsRoutes } from './syncEvents';
import { staticRoutes } from './static';
import { hqHealthRoutes } from './hqHealth';
import { hqReviewRoutes } from './hqReview';
import { hqActivityAwardRoutes } from './hqActivityAwards';
import { hqReportRoutes } from './hqReports';
import { importJournalRoutes } from './importJournal';

/** Every group of routes the server answers, one module per step of the data flow. */
export const allRoutes: RouteModule[] = [
  opsRoutes,
  authRoutes,
  enrolmentRoutes,
  hqRoutes,
  cardRoutes,
  simulateRoutes,
  jobRoutes,
  syncFeedRoutes,
  syncEventsRoutes,
  syncPushRoutes,
  syncFactStatusRoutes,
  syncApprovalRoutes,
  syncCardSearchRoutes,
  syncReceiptRoutes,
  syncReserveRoutes,
  syncBlocksRoutes,
  hqHealthRoutes,
  hqReviewRoutes,
  hqActivityAwardRoutes,
  hqReportRoutes,
  importJournalRoutes,
  staticRoutes,
];
