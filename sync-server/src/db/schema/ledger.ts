import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import type { LotUse } from '../../../../shared/engine/model';
import { instant, oneOf, safeBigint } from '../columns';
import { cards } from './cards';
import { rewardPoints } from './loyalty';
import { registers, staff, stores } from './stores';

import { ENTRY_KINDS, ENTRY_ORIGINS, ENTRY_STATUSES } from '../../../../shared/engine/ledger';

export { ENTRY_KINDS, ENTRY_ORIGINS, ENTRY_STATUSES };

/**
 * The card transactions. Append-only: a row is never deleted, and once posted or rejected it never
 * changes (a trigger in migration 0001 enforces both). Balances and lots are folds of it.
 */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    /** Made by the register (or the server) when the entry is created: the idempotency key. */
    id: uuid('id').primaryKey(),
    /** Server-side insertion order, for stable history paging. */
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    cardNumber: text('card_number')
      .notNull()
      .references(() => cards.number),
    rewardPointId: text('reward_point_id')
      .notNull()
      .references(() => rewardPoints.id),
    kind: text('kind', { enum: ENTRY_KINDS }).notNull(),
    /** Signed. */
    points: safeBigint('points').notNull(),
    storeId: text('store_id').references(() => stores.id),
    registerId: text('register_id').references(() => registers.id),
    receiptId: text('receipt_id'),
    lineId: text('line_id'),
    schemeId: text('scheme_id'),
    schemeVersion: integer('scheme_version'),
    ruleIds: jsonb('rule_ids').$type<string[]>().notNull().default([]),
    earnedAt: instant('earned_at').notNull(),
    vestsAt: instant('vests_at'),
    expiresAt: instant('expires_at'),
    origin: text('origin', { enum: ENTRY_ORIGINS }).notNull(),
    status: text('status', { enum: ENTRY_STATUSES }).notNull(),
    reason: text('reason'),
    /** Points the cap (max points per card) cut off this entry. */
    cropped: safeBigint('cropped').notNull().default(0),
    staffId: text('staff_id').references(() => staff.id),
    comment: text('comment'),
    deviceTime: instant('device_time'),
    deviceSeq: safeBigint('device_seq'),
    serverTime: instant('server_time').notNull().defaultNow(),
    /** For spends: the lots consumed, so a refund can restore exactly those. */
    lots: jsonb('lots').$type<LotUse[]>(),
    /** The entry this one reverses (a return, a refund, the other half of a transfer). */
    reverses: uuid('reverses').references((): AnyPgColumn => ledgerEntries.id),
    /** The pushed fact this entry came from, if any. */
    factId: uuid('fact_id'),
    /** For kind `activity`: which other activity it awards (its per-customer limit counts these). */
    activityType: text('activity_type'),
  },
  (table) => [
    oneOf('ledger_entries_kind_check', table.kind, ENTRY_KINDS),
    oneOf('ledger_entries_origin_check', table.origin, ENTRY_ORIGINS),
    oneOf('ledger_entries_status_check', table.status, ENTRY_STATUSES),
    // A card's history and balance: its entries in posting order.
    index('ledger_entries_card_idx').on(table.cardNumber, table.seq),
    index('ledger_entries_receipt_idx').on(table.receiptId, table.lineId),
    index('ledger_entries_reverses_idx')
      .on(table.reverses)
      .where(sql`${table.reverses} is not null`),
    index('ledger_entries_fact_idx').on(table.factId),
    // The per-customer limit of an other activity counts a card's activity entries of one type.
    index('ledger_entries_activity_idx')
      .on(table.cardNumber, table.activityType)
      .where(sql`${table.kind} = 'activity'`),
    // The daily offline allowance sums a card's offline spends of one local day.
    index('ledger_entries_offline_spend_idx')
      .on(table.cardNumber, table.earnedAt)
      .where(sql`${table.kind} = 'redeem' and ${table.origin} = 'offline'`),
    // Reports: posted points by the day they were earned, read from the index alone (covering
    // columns in INDEX_INCLUDES).
    index('ledger_entries_posted_earned_idx')
      .on(table.earnedAt)
      .where(sql`${table.status} = 'posted'`),
  ],
);

/**
 * What is left of each positive entry: derived, kept current with the ledger, rebuildable from it.
 */
export const lots = pgTable(
  'lots',
  {
    entryId: uuid('entry_id')
      .primaryKey()
      .references(() => ledgerEntries.id),
    cardNumber: text('card_number')
      .notNull()
      .references(() => cards.number),
    rewardPointId: text('reward_point_id')
      .notNull()
      .references(() => rewardPoints.id),
    remaining: safeBigint('remaining').notNull(),
    earnedAt: instant('earned_at').notNull(),
    vestsAt: instant('vests_at'),
    expiresAt: instant('expires_at'),
  },
  (table) => [
    index('lots_card_idx').on(table.cardNumber, table.rewardPointId),
    // The expire job scans lots that still hold points, by expiry.
    index('lots_expiring_idx')
      .on(table.expiresAt)
      .where(sql`${table.remaining} > 0 and ${table.expiresAt} is not null`),
  ],
);
