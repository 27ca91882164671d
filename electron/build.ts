/**
 * Builds the desktop shell's main process and preload into dist/electron (beside the renderer's
 * dist/renderer), bundled with their dependencies so the packaged app needs no node_modules.
 * The main process is an ES module; the preload is CommonJS, as a sandboxed preload must be.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ELECTRON_OUT_DIR = path.join(root, 'dist/electron');

const ENTRIES = [
  { entry: 'electron/main.ts', format: 'es', file: 'main.js' },
  { entry: 'electron/preload.ts', format: 'cjs', file: 'preload.cjs' },
] as const;

export async function buildShell(): Promise<void> {
  for (const [index, { entry, format, file }] of ENTRIES.entries()) {
    await build({
      configFile: false,
      root,
      logLevel: 'warn',
      ssr: { noExternal: true, target: 'node' },
      build: {
        ssr: entry,
        outDir: ELECTRON_OUT_DIR,
        emptyOutDir: index === 0,
        target: 'node22',
        minify: false,
        sourcemap: true,
        rollupOptions: {
          external: ['electron', /^node:/],
          output: { format, entryFileNames: file },
        },
      },
    });
    console.log(`Built ${path.relative(root, path.join(ELECTRON_OUT_DIR, file))}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  await buildShell();
