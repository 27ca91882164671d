/**
 * `npm run electron:smoke`: starts the built desktop shell against a real server, loads the
 * register through register://, and checks the bridge and the content security policy. Where
 * Electron's binary is absent (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1) it says so and exits
 * 0 having checked nothing; .github/workflows/desktop.yml runs it where the binary is.
 */
import path from 'node:path';
import { _electron as electron, type Page } from 'playwright-core';
import { build } from 'vite';
import { findElectron } from '../sync-server/src/demo/launch';
import { pgliteBackend } from '../test/server/helpers/backends';
import { enrol, seedBasics, signIn } from '../test/server/helpers/fixtures';
import { startTestServer } from '../test/server/helpers/server';

type Check = readonly [name: string, run: (page: Page) => Promise<boolean>];

const CHECKS: readonly Check[] = [
  [
    'the register is loaded through register://',
    async (page) => page.url().startsWith('register://app/'),
  ],
  [
    'the bridge is exposed, and only the bridge (no Node in the page)',
    (page) =>
      page.evaluate(
        () =>
          typeof (window as unknown as Record<string, unknown>)['registerBridge'] === 'object' &&
          typeof (window as unknown as Record<string, unknown>)['require'] === 'undefined',
      ),
  ],
  [
    'the page says desktop, not browser mode',
    async (page) => (await page.getByText('Browser mode').count()) === 0,
  ],
  [
    'the content security policy refuses eval',
    (page) =>
      page.evaluate(() => {
        try {
          new Function('return 1')();
          return false;
        } catch {
          return true;
        }
      }),
  ],
  [
    'the page syncs through the shell (/api forwarded to the server)',
    async (page) => {
      await page
        .getByRole('status', { name: 'Sync status' })
        .filter({ hasText: /^Online/ })
        .waitFor({ timeout: 60_000 });
      return true;
    },
  ],
];

async function main(): Promise<number> {
  const found = findElectron(process.env);
  if ('reason' in found) {
    console.log(`electron:smoke: not run, nothing was checked: ${found.reason}.`);
    return 0;
  }
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
  const { buildShell } = await import('../electron/build');
  await buildShell();

  const backend = await pgliteBackend();
  const server = await startTestServer(backend);
  try {
    await seedBasics(server.database);
    const token = await enrol(server, await signIn(server, 'hq'), 'S1', 'S1-R1');
    const app = await electron.launch({
      executablePath: found.binary,
      // Hosted Linux runners forbid the setuid sandbox helper.
      args: [
        path.resolve('dist/electron/main.js'),
        ...(process.platform === 'linux' ? ['--no-sandbox'] : []),
      ],
      env: {
        ...process.env,
        REGISTER_URL: `${server.url}/#token=${token}&store=S1&register=S1-R1`,
      },
    });
    try {
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      let failed = 0;
      for (const [name, run] of CHECKS) {
        const passed = await run(page).catch(() => false);
        if (!passed) failed += 1;
        console.log(`${passed ? 'ok  ' : 'FAIL'} ${name}`);
      }
      console.log(failed === 0 ? 'electron:smoke: passed' : `electron:smoke: ${failed} failed`);
      return failed === 0 ? 0 : 1;
    } finally {
      await app.close();
    }
  } finally {
    await server.close();
    await backend.remove();
  }
}

process.exitCode = await main();
