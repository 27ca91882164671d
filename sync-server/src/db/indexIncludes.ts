/**
 * Covering (INCLUDE) columns of indexes, by index name. Drizzle 0.45 cannot declare them on an
 * index, so they are listed here beside the schema; test/server/schemaDrift.test.ts holds each
 * index, these columns included, to what the migrations build.
 */
export const INDEX_INCLUDES: Readonly<Record<string, readonly string[]>> = {
  // Migration 0006: reports read posted points per day from the index alone.
  ledger_entries_posted_earned_idx: ['reward_point_id', 'kind', 'store_id', 'points'],
  // Migration 0006: cards issued per day and enrolment source.
  cards_issued_idx: ['enrolment_source', 'enrolment_store_id'],
};
