import { z } from 'zod';
import { Id, Uuid } from '../../domain/common';
import {
  ApprovalRequest,
  ApprovalResponse,
  CardNumberBlock,
  ContactCardAnswer,
  ContactCardQuery,
  FactStatusRequest,
  FactStatusResponse,
  HealthReportRequest,
  HealthReportResponse,
  PushRequest,
  PushResponse,
  ReserveRequest,
  ReserveResponse,
} from '../sync';
import { route } from './contract';

const tags = ['sync'];

/** What a register calls with its own token (PRODUCT 5): push, pull, reserve, card numbers. */
export const sync = {
  push: route({
    method: 'POST',
    path: '/api/sync/push',
    access: 'register',
    body: PushRequest,
    reply: PushResponse,
    tags,
    summary: 'Push facts from a register; each is answered accepted, duplicate or rejected',
  }),
  health: route({
    method: 'POST',
    path: '/api/sync/health',
    access: 'register',
    body: HealthReportRequest,
    reply: HealthReportResponse,
    tags,
    summary: 'A register with an empty outbox reports its outbox depth, version and clock',
  }),
  factStatus: route({
    method: 'POST',
    path: '/api/sync/fact-status',
    access: 'register',
    body: FactStatusRequest,
    reply: FactStatusResponse,
    tags,
  }),
  approvals: route({
    method: 'POST',
    path: '/api/sync/approvals',
    access: 'register',
    body: ApprovalRequest,
    reply: ApprovalResponse,
    tags,
    summary: "A manager's approval of one action at this register, signed by the server",
  }),
  cardsByContact: route({
    method: 'GET',
    path: '/api/sync/cards-by-contact',
    access: 'register',
    query: ContactCardQuery,
    reply: ContactCardAnswer,
    tags,
  }),
  reserve: route({
    method: 'POST',
    path: '/api/sync/reserve',
    access: 'register',
    body: ReserveRequest,
    reply: ReserveResponse,
    tags,
  }),
  release: route({
    method: 'POST',
    path: '/api/sync/reserve/:tender/release',
    access: 'register',
    params: z.object({ tender: Uuid }),
    reply: z.object({ tender: Uuid, released: z.literal(true), points: z.record(Id, z.int()) }),
    tags,
  }),
  feed: route({ method: 'GET', path: '/api/sync/feed', access: 'register', tags }),
  snapshot: route({ method: 'GET', path: '/api/sync/snapshot', access: 'register', tags }),
  snapshotPage: route({
    method: 'GET',
    path: '/api/sync/snapshot/:collection',
    access: 'register',
    tags,
  }),
  events: route({ method: 'GET', path: '/api/sync/events', access: 'register', tags }),
  cardNumberBlocks: route({
    method: 'GET',
    path: '/api/sync/card-number-blocks',
    access: 'register',
    reply: z.object({ blocks: z.array(CardNumberBlock) }),
    tags,
  }),
  newCardNumberBlock: route({
    method: 'POST',
    path: '/api/sync/card-number-blocks',
    access: 'register',
    reply: CardNumberBlock,
    status: 201,
    tags,
  }),
  importJournal: route({
    method: 'POST',
    path: '/api/sync/import-journal',
    access: 'registerOrHeadOffice',
    tags,
  }),
};
