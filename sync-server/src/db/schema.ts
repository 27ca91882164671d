/** The sync server's tables. drizzle-kit reads this file to generate migrations (see drizzle.config.ts). */
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
