import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { instant, oneOf, safeBigint } from '../columns';
import { registers, staff, stores } from './stores';

export const FACT_TYPES = ['sale', 'ledgerEntry', 'cardIssued', 'customer', 'void'] as const;
export const FACT_STATUSES = ['pending', 'posted', 'rejected'] as const;

/**
 * The inbox of facts pushed by registers, stored as received. The client-made UUID makes a replay
 * a no-op; the post-offline-earnings job moves each from pending to posted or rejected.
 */
export const facts = pgTable(
  'facts',
  {
    id: uuid('id').primaryKey(),
    storeId: text('store_id')
      .notNull()
      .references(() => stores.id),
    registerId: text('register_id')
      .notNull()
      .references(() => registers.id),
    type: text('type', { enum: FACT_TYPES }).notNull(),
    body: jsonb('body').notNull(),
    deviceTime: instant('device_time').notNull(),
    deviceSeq: safeBigint('device_seq').notNull(),
    serverTime: instant('server_time').notNull().defaultNow(),
    /** Device time outside the skew window: the server's time is used for vesting and expiry. */
    skewFlagged: boolean('skew_flagged').notNull().default(false),
    /**
     * `isPlainSale` of the body, stored as the fact arrives, so the post job can tell the facts it
     * may post side by side without reading their bodies. False on facts stored before it was kept:
     * those are posted in order.
     */
    plainSale: boolean('plain_sale').notNull().default(false),
    /** The distribution versions the register could have priced it at (posting/catalogue.ts). */
    catalogueFrom: integer('catalogue_from'),
    catalogueTo: integer('catalogue_to'),
    status: text('status', { enum: FACT_STATUSES }).notNull().default('pending'),
    reason: text('reason'),
    processedAt: instant('processed_at'),
  },
  (table) => [
    oneOf('facts_type_check', table.type, FACT_TYPES),
    oneOf('facts_status_check', table.status, FACT_STATUSES),
    // The post job's read of pending facts, in its order (nextBatch); posted facts leave it.
    index('facts_pending_idx')
      .on(table.serverTime, table.deviceSeq, table.id)
      .where(sql`${table.status} = 'pending'`),
    index('facts_register_seq_idx').on(table.registerId, table.deviceSeq),
    // Sync health: the facts still waiting or set aside, per register.
    index('facts_unsettled_register_idx')
      .on(table.registerId, table.status)
      .where(sql`${table.status} in ('pending', 'rejected')`),
    // The review list: rejected facts newest first.
    index('facts_rejected_idx')
      .on(table.serverTime, table.id)
      .where(sql`${table.status} = 'rejected'`),
    // The returns of a sale still waiting to be posted (receiptForReturn): by the sale they name.
    index('facts_pending_return_of_idx')
      .on(sql`(${table.body} -> 'receipt' -> 'returnOf' ->> 'sale')`)
      .where(sql`${table.status} = 'pending' and ${table.type} = 'sale'`),
    // Head office's void report.
    index('facts_void_time_idx')
      .on(table.storeId, table.deviceTime)
      .where(sql`${table.type} = 'void'`),
  ],
);

/** Receipts, kept for returns, history and reports. Lines and tenders in their wire form. */
export const sales = pgTable(
  'sales',
  {
    /** The receipt id made by the register. */
    id: text('id').primaryKey(),
    storeId: text('store_id')
      .notNull()
      .references(() => stores.id),
    registerId: text('register_id')
      .notNull()
      .references(() => registers.id),
    staffId: text('staff_id').references(() => staff.id),
    cardNumber: text('card_number'),
    currency: text('currency').notNull(),
    totalMinor: safeBigint('total_minor').notNull(),
    lines: jsonb('lines').notNull(),
    tenders: jsonb('tenders').notNull(),
    /** Set on a return: the sale it returns lines of. */
    returnOf: text('return_of'),
    offline: boolean('offline').notNull(),
    deviceTime: instant('device_time').notNull(),
    deviceSeq: safeBigint('device_seq').notNull(),
    serverTime: instant('server_time').notNull().defaultNow(),
    factId: uuid('fact_id'),
  },
  (table) => [
    index('sales_card_idx').on(table.cardNumber),
    index('sales_store_time_idx').on(table.storeId, table.deviceTime),
    index('sales_return_of_idx')
      .on(table.returnOf)
      .where(sql`${table.returnOf} is not null`),
  ],
);

/** One row per distribution a store received from job 1050. */
export const distributionVersions = pgTable(
  'distribution_versions',
  {
    storeId: text('store_id')
      .notNull()
      .references(() => stores.id),
    version: integer('version').notNull(),
    /**
     * Highest distribution_changes.seq in this version. Registers only read up to the latest
     * version's lastSeq, so a change whose transaction is still open is never skipped.
     */
    lastSeq: safeBigint('last_seq').notNull(),
    changeCount: integer('change_count').notNull(),
    jobRunId: bigint('job_run_id', { mode: 'number' }),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ name: 'distribution_versions_pkey', columns: [table.storeId, table.version] }),
  ],
);

export const DISTRIBUTION_OPS = ['upsert', 'delete'] as const;

/** The per-store change feed registers pull after their checkpoint (a seq). */
export const distributionChanges = pgTable(
  'distribution_changes',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    storeId: text('store_id')
      .notNull()
      .references(() => stores.id),
    version: integer('version').notNull(),
    /** What changed: config, scheme, product, card, staff, ... */
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    op: text('op', { enum: DISTRIBUTION_OPS }).notNull(),
    body: jsonb('body'),
  },
  (table) => [
    oneOf('distribution_changes_op_check', table.op, DISTRIBUTION_OPS),
    index('distribution_changes_store_seq_idx').on(table.storeId, table.seq),
  ],
);
