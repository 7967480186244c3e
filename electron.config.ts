// electron-vite build for the desktop shell: main process → out/main/index.js (ESM, matching
// package.json "main"), sandboxed preload → out/preload/index.cjs (CommonJS), and the React
// renderer from renderer/ → out/renderer with relative asset paths so loadFile works.
import { cpSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { devCsp } from './renderer/vite.config';

const root = fileURLToPath(new URL('.', import.meta.url));

/** db/migrate.ts finds its SQL files next to the module; after bundling that is out/main/migrations. */
function copyMigrations(): Plugin {
  return {
    name: 'benchlens-copy-migrations',
    apply: 'build',
    writeBundle() {
      cpSync(resolve(root, 'db/migrations'), resolve(root, 'out/main/migrations'), { recursive: true });
    },
  };
}
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default defineConfig({
  main: {
    plugins: [copyMigrations()],
    build: {
      outDir: resolve(root, 'out/main'),
      emptyOutDir: true,
      externalizeDeps: true,
      rollupOptions: {
        // the import worker is its own entry: import-runner finds it beside the core's bundle
        input: {
          index: resolve(root, 'main/electron/main.ts'),
          // the core's utility process (main/electron/core-host.ts forks it)
          'core-process': resolve(root, 'main/electron/core-process.ts'),
          'import-worker': resolve(root, 'main/core/import-worker.ts'),
        },
        external: ['electron', 'better-sqlite3', ...nodeBuiltins],
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      emptyOutDir: true,
      // Sandboxed preloads can only require('electron'); bundle everything else into one file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'main/electron/preload.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    base: './',
    plugins: [react(), devCsp()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
});
