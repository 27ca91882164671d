import { z } from 'zod';
import {
  ActivityAwardList,
  ActivityAwardParams,
  ActivityAwardQuery,
  ActivityAwardView,
} from './awardWire';
import { route } from './contract';
import { Affiliation, Customer, Store } from '../../domain/master';
import { Program, RewardPoint } from '../../domain/loyalty';
import {
  ActivityType,
  CreateRegister,
  CreateStaff,
  CustomerOut,
  ProductBody,
  ProductOut,
  RegisterOut,
  RegisterParams,
  SchemeBodySchema,
  SchemeDetail,
  SchemeUpdateSchema,
  SchemeVersion,
  SchemeVersionParams,
  StaffMember,
  StoreOut,
  UpdateRegister,
  UpdateStaff,
  withOptionalId,
} from './masterWire';
import {
  IdParams,
  PageQuery,
  pageSchema,
  QuickKeysBody,
  QuickKeysView,
  SalesPage,
  SalesQuery,
  StoreParams,
  VatRatesList,
} from './hqWire';
import { JobInfo, JobParams, JobSchedule, RunRecord, RunsQuery, ScheduleBody } from './jobWire';
import {
  ActivityReport,
  DayRange,
  EnrolmentReport,
  ExpiringReport,
  LiabilityQuery,
  LiabilityReport,
  SyncHealth,
  VoidQuery,
  VoidReport,
} from './reportWire';
import {
  RepostBody,
  Reposted,
  ReviewFactParams,
  ReviewPage,
  ReviewQuery,
  SettleBody,
  Settled,
} from './reviewWire';
import { CountryCode } from '../../domain/common';
import { CountryVatRates } from '../../domain/master';

/**
 * A head office resource: list (keyset paged by id), read, create (201; 409 when the id is taken)
 * and replace (404 when unknown), each with the resource's wire form as its reply.
 */
function resource<Item extends z.ZodType, Create extends z.ZodType, Update extends z.ZodType>(
  path: string,
  tag: string,
  schemas: { item: Item; create: Create; update: Update },
) {
  const tags = [tag];
  const access = 'headOffice';
  return {
    list: route({
      method: 'GET',
      path,
      access,
      query: PageQuery,
      reply: pageSchema(schemas.item),
      tags,
    }),
    get: route({
      method: 'GET',
      path: `${path}/:id`,
      access,
      params: IdParams,
      reply: schemas.item,
      tags,
    }),
    create: route({
      method: 'POST',
      path,
      access,
      body: schemas.create,
      reply: schemas.item,
      status: 201,
      tags,
    }),
    update: route({
      method: 'PUT',
      path: `${path}/:id`,
      access,
      params: IdParams,
      body: schemas.update,
      reply: schemas.item,
      tags,
    }),
  };
}

/** A resource whose create body is its wire form, and whose update body may repeat the id. */
const plainResource = <Item extends z.ZodObject>(path: string, tag: string, item: Item) =>
  resource(path, tag, { item, create: item, update: withOptionalId(item) });

const REGISTER = '/api/hq/stores/:store/registers/:register';

/** Head office: master data, schemes, registers, the review queue, reports and sync health. */
export const hq = {
  rewardPoints: plainResource('/api/hq/reward-points', 'reward points', RewardPoint),
  programs: plainResource('/api/hq/programs', 'programs', Program),
  affiliations: plainResource('/api/hq/affiliations', 'affiliations', Affiliation),
  stores: resource('/api/hq/stores', 'stores', {
    item: StoreOut,
    create: Store,
    update: withOptionalId(Store),
  }),
  staff: resource('/api/hq/staff', 'staff', {
    item: StaffMember,
    create: CreateStaff,
    update: UpdateStaff,
  }),
  products: resource('/api/hq/products', 'products', {
    item: ProductOut,
    create: ProductBody,
    update: withOptionalId(ProductBody),
  }),
  customers: resource('/api/hq/customers', 'customers', {
    item: CustomerOut,
    create: Customer,
    update: withOptionalId(Customer),
  }),
  vatRates: {
    list: route({
      method: 'GET',
      path: '/api/hq/vat-rates',
      access: 'headOffice',
      reply: VatRatesList,
      summary: 'every country’s VAT rates',
      tags: ['vat rates'],
    }),
    update: route({
      method: 'PUT',
      path: '/api/hq/vat-rates/:country',
      access: 'headOffice',
      params: z.object({ country: CountryCode }),
      body: CountryVatRates,
      reply: CountryVatRates,
      summary: 'replaces one country’s VAT rates (a category left out is sold at 0 %)',
      tags: ['vat rates'],
    }),
  },
  activityTypes: plainResource('/api/hq/activity-types', 'activity types', ActivityType),
  /** Other activity awards waiting for head office before they post (a type that needs review). */
  activityAwards: {
    list: route({
      method: 'GET',
      path: '/api/hq/activity-awards',
      access: 'headOffice',
      query: ActivityAwardQuery,
      reply: ActivityAwardList,
      summary: 'other activity awards by status (waiting by default), oldest first',
      tags: ['activity awards'],
    }),
    post: route({
      method: 'POST',
      path: '/api/hq/activity-awards/:id/post',
      access: 'headOffice',
      params: ActivityAwardParams,
      reply: ActivityAwardView,
      summary: "post a waiting award's points to the card (409 past the type's limit)",
      tags: ['activity awards'],
    }),
    reject: route({
      method: 'POST',
      path: '/api/hq/activity-awards/:id/reject',
      access: 'headOffice',
      params: ActivityAwardParams,
      reply: ActivityAwardView,
      summary: 'reject a waiting award: nothing is posted and it no longer counts to the limit',
      tags: ['activity awards'],
    }),
  },
  schemes: {
    list: route({
      method: 'GET',
      path: '/api/hq/schemes',
      access: 'headOffice',
      query: PageQuery,
      reply: pageSchema(SchemeVersion),
      summary: 'the latest version of each scheme',
      tags: ['schemes'],
    }),
    get: route({
      method: 'GET',
      path: '/api/hq/schemes/:id',
      access: 'headOffice',
      params: IdParams,
      reply: SchemeDetail,
      summary: 'the latest version with the list of all versions, newest first',
      tags: ['schemes'],
    }),
    create: route({
      method: 'POST',
      path: '/api/hq/schemes',
      access: 'headOffice',
      body: SchemeBodySchema,
      reply: SchemeVersion,
      status: 201,
      summary: 'a new scheme: its version 1, a draft',
      tags: ['schemes'],
    }),
    update: route({
      method: 'PUT',
      path: '/api/hq/schemes/:id',
      access: 'headOffice',
      params: IdParams,
      body: SchemeUpdateSchema,
      reply: SchemeVersion,
      status: 201,
      summary: "saves the scheme's next version, a draft",
      tags: ['schemes'],
    }),
    version: route({
      method: 'GET',
      path: '/api/hq/schemes/:id/versions/:version',
      access: 'headOffice',
      params: SchemeVersionParams,
      reply: SchemeVersion,
      tags: ['schemes'],
    }),
    activate: route({
      method: 'POST',
      path: '/api/hq/schemes/:id/versions/:version/activate',
      access: 'headOffice',
      params: SchemeVersionParams,
      reply: SchemeVersion,
      summary: 'makes this version the active one',
      tags: ['schemes'],
    }),
  },
  registers: {
    list: route({
      method: 'GET',
      path: '/api/hq/stores/:store/registers',
      access: 'headOffice',
      params: StoreParams,
      query: PageQuery,
      reply: pageSchema(RegisterOut),
      tags: ['registers'],
    }),
    create: route({
      method: 'POST',
      path: '/api/hq/stores/:store/registers',
      access: 'headOffice',
      params: StoreParams,
      body: CreateRegister,
      reply: RegisterOut,
      status: 201,
      tags: ['registers'],
    }),
    get: route({
      method: 'GET',
      path: REGISTER,
      access: 'headOffice',
      params: RegisterParams,
      reply: RegisterOut,
      tags: ['registers'],
    }),
    update: route({
      method: 'PUT',
      path: REGISTER,
      access: 'headOffice',
      params: RegisterParams,
      body: UpdateRegister,
      reply: RegisterOut,
      tags: ['registers'],
    }),
    enrolmentCode: route({
      method: 'POST',
      path: `${REGISTER}/enrolment-code`,
      access: 'headOffice',
      params: RegisterParams,
      reply: z.object({ code: z.string(), expiresAt: z.string() }),
      status: 201,
      tags: ['registers'],
    }),
    revoke: route({
      method: 'POST',
      path: `${REGISTER}/revoke`,
      access: 'headOffice',
      params: RegisterParams,
      reply: z.null(),
      status: 204,
      tags: ['registers'],
    }),
  },
  quickKeys: {
    get: route({
      method: 'GET',
      path: '/api/hq/stores/:store/quick-keys',
      access: 'headOffice',
      params: StoreParams,
      reply: QuickKeysView,
      tags: ['stores'],
    }),
    replace: route({
      method: 'PUT',
      path: '/api/hq/stores/:store/quick-keys',
      access: 'headOffice',
      params: StoreParams,
      body: QuickKeysBody,
      reply: QuickKeysView,
      tags: ['stores'],
    }),
  },
  review: {
    list: route({
      method: 'GET',
      path: '/api/hq/review',
      access: 'headOffice',
      query: ReviewQuery,
      reply: ReviewPage,
      summary: 'rejected and flagged facts, newest first; `next` pages on as `before`',
      tags: ['review'],
    }),
    void: route({
      method: 'POST',
      path: '/api/hq/review/:factId/void',
      access: 'headOffice',
      params: ReviewFactParams,
      body: SettleBody,
      reply: Settled,
      summary: 'void a rejected fact: nothing is posted; it leaves the open list',
      tags: ['review'],
    }),
    repost: route({
      method: 'POST',
      path: '/api/hq/review/:factId/repost',
      access: 'headOffice',
      params: ReviewFactParams,
      body: RepostBody,
      reply: Reposted,
      summary:
        'post a rejected fact again, optionally corrected, through the same checks; exactly once',
      tags: ['review'],
    }),
    resolve: route({
      method: 'POST',
      path: '/api/hq/review/:factId/resolve',
      access: 'headOffice',
      params: ReviewFactParams,
      body: SettleBody,
      reply: Settled,
      summary: "mark a posted fact's review (an offline overdraw) as resolved",
      tags: ['review'],
    }),
  },
  reports: {
    liability: route({
      method: 'GET',
      path: '/api/hq/reports/liability',
      access: 'headOffice',
      query: LiabilityQuery,
      reply: LiabilityReport,
      summary: 'outstanding posted points per reward point at the end of each day',
      tags: ['reports'],
    }),
    activity: route({
      method: 'GET',
      path: '/api/hq/reports/activity',
      access: 'headOffice',
      query: DayRange,
      reply: ActivityReport,
      summary: 'points earned and redeemed per store per day (the store’s local day)',
      tags: ['reports'],
    }),
    enrolments: route({
      method: 'GET',
      path: '/api/hq/reports/enrolments',
      access: 'headOffice',
      query: DayRange,
      reply: EnrolmentReport,
      summary: 'cards issued per day and enrolment source',
      tags: ['reports'],
    }),
    expiring: route({
      method: 'GET',
      path: '/api/hq/reports/expiring',
      access: 'headOffice',
      reply: ExpiringReport,
      summary: 'available points expiring in the next 30, 60 and 90 days per reward point',
      tags: ['reports'],
    }),
    voids: route({
      method: 'GET',
      path: '/api/hq/reports/voids',
      access: 'headOffice',
      query: VoidQuery,
      reply: VoidReport,
      summary:
        'lines and sales voided at the registers (of one store or all): what, by whom, why, approved by whom',
      tags: ['reports'],
    }),
  },
  syncHealth: route({
    method: 'GET',
    path: '/api/hq/sync-health',
    access: 'headOffice',
    reply: SyncHealth,
    summary: "every register's last contact, outbox, version lag, clock and unsettled facts",
    tags: ['sync health'],
  }),
  sales: route({
    method: 'GET',
    path: '/api/hq/sales',
    access: 'headOffice',
    query: SalesQuery,
    reply: SalesPage,
    summary: 'stored receipts, newest first; `search` matches the start of a receipt id or card',
    tags: ['sales'],
  }),
};

/** How long POST /api/jobs/:name/run waits for the run before answering 202 with it running. */
export const RUN_WAIT_MS = 10_000;

/** The server's scheduled jobs (expiry, posting, tiers...): head office runs and schedules them. */
export const jobs = {
  list: route({
    method: 'GET',
    path: '/api/jobs',
    access: 'headOffice',
    reply: z.array(JobInfo),
    tags: ['jobs'],
  }),
  run: route({
    method: 'POST',
    path: '/api/jobs/:name/run',
    access: 'headOffice',
    params: JobParams,
    reply: RunRecord,
    status: [200, 202],
    summary: `run a job now: 200 with the finished run, or 202 with the running one after ${RUN_WAIT_MS / 1000} s`,
    tags: ['jobs'],
  }),
  runs: route({
    method: 'GET',
    path: '/api/jobs/:name/runs',
    access: 'headOffice',
    params: JobParams,
    query: RunsQuery,
    reply: z.array(RunRecord),
    tags: ['jobs'],
  }),
  schedule: route({
    method: 'PUT',
    path: '/api/jobs/:name/schedule',
    access: 'headOffice',
    params: JobParams,
    body: ScheduleBody,
    reply: JobSchedule,
    summary: "set a job's cron (5 fields, or 6 with seconds first; UTC) and whether it runs",
    tags: ['jobs'],
  }),
};
