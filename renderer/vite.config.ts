// Stand-alone Vite build of the renderer (the packaged app builds it through electron.config.ts with
// the same settings): root renderer/, output out/renderer, relative base for file:// and HTTP.
// Run from the repository root: `npx vite build -c renderer/vite.config.ts`. Vite needs the default export.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: { outDir: '../out/renderer', emptyOutDir: true },
});
