import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const page = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Two entries from one code base: the register at `/` and head office's console at `/hq`. */
export default defineConfig({
  root: 'renderer',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: { register: page('renderer/index.html'), console: page('renderer/hq/index.html') },
    },
  },
});
