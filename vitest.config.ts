import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/globalSetup.ts'],
    // Generous limits: the suite must pass on a busy machine (a test waits for conditions, and
    // these only end a test that hangs). ESLint's first run alone can take seconds when loaded.
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
