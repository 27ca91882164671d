import { z } from 'zod';
import { Id } from '../../domain/common';
import {
  ActivityAwardList,
  ActivityAwardParams,
  ActivityAwardQuery,
  ActivityAwardView,
} from './awardWire';
import { route, type Method } from './contract';

const RegisterParams = z.object({ store: Id, register: Id });

const hqRoute = (method: Method, path: string, tags: string[] = ['hq']) =>
  route({ method, path, access: 'headOffice', tags });

/** A head office resource: list (keyset paged), read, create and replace. */
const resource = (path: string, tag: string) => ({
  list: hqRoute('GET', path, [tag]),
  get: hqRoute('GET', `${path}/:id`, [tag]),
  create: hqRoute('POST', path, [tag]),
  update: hqRoute('PUT', `${path}/:id`, [tag]),
});

const REGISTER = '/api/hq/stores/:store/registers/:register';

/** Head office: master data, schemes, registers, the review queue, reports and sync health. */
export const hq = {
  rewardPoints: resource('/api/hq/reward-points', 'reward points'),
  programs: resource('/api/hq/programs', 'programs'),
  affiliations: resource('/api/hq/affiliations', 'affiliations'),
  stores: resource('/api/hq/stores', 'stores'),
  staff: resource('/api/hq/staff', 'staff'),
  products: resource('/api/hq/products', 'products'),
  customers: resource('/api/hq/customers', 'customers'),
  vatRates: {
    list: hqRoute('GET', '/api/hq/vat-rates', ['vat rates']),
    update: hqRoute('PUT', '/api/hq/vat-rates/:country', ['vat rates']),
  },
  activityTypes: resource('/api/hq/activity-types', 'activity types'),
  /** The rewards catalogue (issue 17): rewards priced in points, distributed to every store. */
  rewards: resource('/api/hq/rewards', 'rewards'),
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
    ...resource('/api/hq/schemes', 'schemes'),
    version: hqRoute('GET', '/api/hq/schemes/:id/versions/:version', ['schemes']),
    activate: hqRoute('POST', '/api/hq/schemes/:id/versions/:version/activate', ['schemes']),
  },
  registers: {
    list: hqRoute('GET', '/api/hq/stores/:store/registers', ['registers']),
    create: hqRoute('POST', '/api/hq/stores/:store/registers', ['registers']),
    get: hqRoute('GET', REGISTER, ['registers']),
    update: hqRoute('PUT', REGISTER, ['registers']),
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
    get: hqRoute('GET', '/api/hq/stores/:store/quick-keys', ['stores']),
    replace: hqRoute('PUT', '/api/hq/stores/:store/quick-keys', ['stores']),
  },
  review: {
    list: hqRoute('GET', '/api/hq/review', ['review']),
    void: hqRoute('POST', '/api/hq/review/:factId/void', ['review']),
    repost: hqRoute('POST', '/api/hq/review/:factId/repost', ['review']),
    resolve: hqRoute('POST', '/api/hq/review/:factId/resolve', ['review']),
  },
  reports: {
    liability: hqRoute('GET', '/api/hq/reports/liability', ['reports']),
    activity: hqRoute('GET', '/api/hq/reports/activity', ['reports']),
    enrolments: hqRoute('GET', '/api/hq/reports/enrolments', ['reports']),
    expiring: hqRoute('GET', '/api/hq/reports/expiring', ['reports']),
    voids: hqRoute('GET', '/api/hq/reports/voids', ['reports']),
  },
  syncHealth: hqRoute('GET', '/api/hq/sync-health', ['sync health']),
  sales: hqRoute('GET', '/api/hq/sales', ['sales']),
};

/** The server's scheduled jobs (expiry, posting, tiers...): head office runs and schedules them. */
export const jobs = {
  list: hqRoute('GET', '/api/jobs', ['jobs']),
  run: hqRoute('POST', '/api/jobs/:name/run', ['jobs']),
  runs: hqRoute('GET', '/api/jobs/:name/runs', ['jobs']),
  schedule: hqRoute('PUT', '/api/jobs/:name/schedule', ['jobs']),
};
