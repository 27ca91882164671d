import { SimulationInput } from '../../simulator/input';
import { SimulationOutput } from '../../simulator/output';
import {
  AdjustBalance,
  AwardActivity,
  AwardedActivity,
  CardEntries,
  CardNumberParams,
  CardSearchPage,
  CardSearchQuery,
  CardsMoved,
  CardView,
  HistoryPage,
  HistoryQuery,
  IssueCard,
  LinkCard,
  ReplaceCard,
  SetTier,
  TierChanges,
  TransferPoints,
} from './cardWire';
import { route } from './contract';

const tags = ['cards'];
const params = CardNumberParams;

/**
 * Loyalty cards: reading and searching for any signed-in staff; the rest for head office, or a
 * manager at a register of their store.
 */
export const cards = {
  search: route({
    method: 'GET',
    path: '/api/cards',
    access: 'staff',
    query: CardSearchQuery,
    reply: CardSearchPage,
    tags,
  }),
  get: route({
    method: 'GET',
    path: '/api/cards/:number',
    access: 'staff',
    params,
    reply: CardView,
    tags,
  }),
  history: route({
    method: 'GET',
    path: '/api/cards/:number/history',
    access: 'staff',
    params,
    query: HistoryQuery,
    reply: HistoryPage,
    tags,
  }),
  issue: route({
    method: 'POST',
    path: '/api/cards',
    access: 'manager',
    body: IssueCard,
    reply: CardView,
    status: 201,
    tags,
  }),
  block: route({
    method: 'POST',
    path: '/api/cards/:number/block',
    access: 'manager',
    params,
    reply: CardView,
    tags,
  }),
  unblock: route({
    method: 'POST',
    path: '/api/cards/:number/unblock',
    access: 'manager',
    params,
    reply: CardView,
    tags,
  }),
  link: route({
    method: 'POST',
    path: '/api/cards/:number/link',
    access: 'manager',
    params,
    body: LinkCard,
    reply: CardView,
    tags,
  }),
  adjust: route({
    method: 'POST',
    path: '/api/cards/:number/adjust',
    access: 'manager',
    limit: 'money',
    params,
    body: AdjustBalance,
    reply: CardEntries,
    tags,
  }),
  award: route({
    method: 'POST',
    path: '/api/cards/:number/activities',
    access: 'manager',
    limit: 'money',
    params,
    body: AwardActivity,
    reply: AwardedActivity,
    // 202: the type needs review, and the award waits in head office's list (no entries yet).
    status: [200, 202],
    tags,
  }),
  transfer: route({
    method: 'POST',
    path: '/api/cards/:number/transfer',
    access: 'manager',
    limit: 'money',
    params,
    body: TransferPoints,
    reply: CardsMoved,
    tags,
  }),
  replace: route({
    method: 'POST',
    path: '/api/cards/:number/replace',
    access: 'manager',
    params,
    body: ReplaceCard,
    reply: CardsMoved,
    status: 201,
    tags,
  }),
  /** Sets the card's tier by hand with a reason, held until an end date (PRODUCT 4.5). */
  setTier: route({
    method: 'PUT',
    path: '/api/cards/:number/tier',
    access: 'manager',
    params,
    body: SetTier,
    reply: CardView,
    tags,
  }),
  /** The card's tier history, newest first (PRODUCT 4.5). */
  tierChanges: route({
    method: 'GET',
    path: '/api/cards/:number/tier-changes',
    access: 'staff',
    params,
    reply: TierChanges,
    tags,
  }),
  /** The scheme simulator (CONTRACT.md "Simulation format"): touches no data. */
  simulate: route({
    method: 'POST',
    path: '/api/simulate',
    access: 'staff',
    body: SimulationInput,
    reply: SimulationOutput,
    tags: ['simulator'],
  }),
};
