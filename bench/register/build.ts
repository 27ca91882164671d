import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/**
 * Builds the register as it ships, so the benchmark runs the current code; into a folder of its
 * own, as tests running beside it rebuild dist/renderer.
 */
export async function buildRegister(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'bench-register-'));
  await build({
    configFile: 'vite.config.ts',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

/** Bundles the baseline page (Dexie included) into a temporary folder; returns the folder. */
export async function buildBaselinePage(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'bench-baseline-'));
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      lib: {
        entry: fileURLToPath(new URL('./baselinePage.ts', import.meta.url)),
        formats: ['es'],
        fileName: () => 'baseline.js',
      },
    },
  });
  return outDir;
}
