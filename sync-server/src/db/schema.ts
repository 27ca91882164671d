/**
 * The sync server's tables, as the query builder sees them. Migrations are written by hand in
 * sync-server/migrations; test/server/schemaDrift.test.ts checks these match what they build.
 */
export * from './schema/loyalty';
export * from './schema/stores';
export * from './schema/catalogue';
export * from './schema/cards';
export * from './schema/ledger';
export * from './schema/sync';
export * from './schema/operations';
export * from './schema/access';
export * from './schema/distribution';
export * from './schema/reviews';
export * from './schema/reviewActions';
export * from './schema/postingAttempts';
export * from './schema/activityAwards';
export * from './schema/rewards';
