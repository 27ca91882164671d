import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (the engine Electron embeds); CHROMIUM_PATH overrides it. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * How the tests and benchmarks run it. Background networking is off: this machine's closed network
 * would refuse it anyway.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** Says how to install Chromium when it is missing, instead of a launch error. */
export function assertChromium(): void {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`,
    );
}

/** A real Chromium with a persistent profile on disk, so IndexedDB behaves as it does at a register. */
export async function launchBrowser(): Promise<BrowserContext> {
  assertChromium();
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'register-profile-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}
