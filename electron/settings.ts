import path from 'node:path';
import { z } from 'zod';
import { loadJson, type Loaded } from './jsonFile';

/**
 * What a shop sets per machine in `settings.json` in the shell's user data (the README shows
 * where): kiosk mode and the receipt printer. Absent fields take the defaults.
 */
export const ShellSettings = z.object({
  kiosk: z.boolean().default(false),
  printer: z
    .object({
      /** The printer's name as the system lists it; null is the system's default printer. */
      name: z.string().min(1).nullable().default(null),
      /** Print without a dialog; false shows the print dialog for every receipt. */
      silent: z.boolean().default(false),
    })
    .default({ name: null, silent: false }),
});
export type ShellSettings = z.infer<typeof ShellSettings>;

export const DEFAULT_SETTINGS: ShellSettings = ShellSettings.parse({});

export function settingsFile(userDataDir: string): string {
  return path.join(userDataDir, 'settings.json');
}

export function loadSettings(userDataDir: string): Promise<Loaded<ShellSettings>> {
  return loadJson(settingsFile(userDataDir), ShellSettings, DEFAULT_SETTINGS);
}

/** Kiosk mode from the settings, or for one run from `--kiosk` or REGISTER_KIOSK=1. */
export function kioskWanted(
  settings: ShellSettings,
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): boolean {
  return settings.kiosk || argv.includes('--kiosk') || env['REGISTER_KIOSK'] === '1';
}
