import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The register (and later the head office console) are built from renderer/ into dist/renderer. */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: { outDir: '../dist/renderer', emptyOutDir: true },
});
