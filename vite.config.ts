import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const page = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Two pages from one code base: the register at `/` and head office's console at `/hq`. */
/** Where the service worker's source says "every built asset"; the build writes the list there. */
const ASSETS_MARK = '__REGISTER_ASSETS__';

/** Writes the names of the built assets into the register's service worker, which keeps them. */
function assetListInServiceWorker(): Plugin {
  return {
    name: 'register-asset-list',
    generateBundle(_options, bundle) {
      const worker = bundle['register-sw.js'];
      if (worker?.type !== 'chunk') return;
      const assets = Object.keys(bundle)
        .filter((name) => name.startsWith('assets/'))
        .map((name) => `/${name}`);
      if (!worker.code.includes(ASSETS_MARK))
        throw new Error('register-sw.js: the asset list mark is missing');
      worker.code = worker.code.replace(ASSETS_MARK, assets.join(','));
    },
  };
}

export default defineConfig({
  root: 'renderer',
  base: '/',
  plugins: [react(), assetListInServiceWorker()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        register: page('renderer/index.html'),
        console: page('renderer/hq/index.html'),
        // The register's service worker: at the root, so that it may serve the register's page.
        sw: page('renderer/register/offline/sw.ts'),
      },
      output: {
        entryFileNames: (chunk) =>
          chunk.name === 'sw' ? 'register-sw.js' : 'assets/[name]-[hash].js',
      },
    },
  },
});
