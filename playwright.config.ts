import { defineConfig } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from './test/e2e/helpers/browser';

/**
 * The end-to-end tests: the register and the console in Debian's Chromium (Playwright cannot
 * download its own browsers here) against the real server. A failing test keeps its trace
 * (`npx playwright show-trace test-results/<test>/trace.zip`) and a screenshot of every open page;
 * `npx playwright show-report` opens the HTML report.
 */
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/globalSetup.ts',
  // Each spec file tells one story in order (serial); files run side by side.
  workers: Number(process.env['E2E_WORKERS'] ?? 2),
  forbidOnly: Boolean(process.env['CI']),
  retries: 0,
  // The CI machine may be busy: generous limits, never fixed sleeps.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    viewport: { width: 1366, height: 768 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 15_000,
  },
});
