import { defineConfig } from 'drizzle-kit';

// Paths are relative to the repository root, where the npm scripts run drizzle-kit.
export default defineConfig({
  dialect: 'postgresql',
  schema: './sync-server/src/db/schema.ts',
  out: './sync-server/migrations',
  migrations: { prefix: 'index' },
  strict: true,
});
