import { build } from 'vite';

/** Builds the register and the console once, so the server under test serves the current code. */
export default async function setup(): Promise<void> {
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
}
