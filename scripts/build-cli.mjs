// Bundles the `benchlens` CLI (main/cli) and its import worker with esbuild into out/cli/, so the
// command starts without compiling TypeScript: bin/benchlens.js runs out/cli/benchlens.js while it is
// newer than every source it was built from (out/cli/inputs.json), and the sources through tsx otherwise.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'out', 'cli');

/** Native modules load their .node files from their own folders; pdfkit reads font data beside itself. */
export const CLI_EXTERNALS = [
  'better-sqlite3',
  '@resvg/resvg-js',
  'pdfkit',
  'svg-to-pdfkit',
  'electron',
  'tsx',
];

export const CLI_ENTRIES = {
  benchlens: 'main/cli/index.ts',
  // import-runner looks for import-worker.js beside the module that starts it
  'import-worker': 'main/core/import-worker.ts',
};

/** Bundle `entryPoints` (paths relative to the repository) into `outDir`; returns the source files used. */
export async function buildCli({ quiet = false, entryPoints = CLI_ENTRIES, outDir = OUT } = {}) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints,
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    jsx: 'automatic',
    // React (figures rendered to SVG in Node) and others pick their production build
    define: { 'process.env.NODE_ENV': '"production"' },
    external: CLI_EXTERNALS,
    // bundled CommonJS dependencies may require() Node built-ins
    banner: {
      js: "import { createRequire as __benchlensRequire } from 'node:module';\nconst require = __benchlensRequire(import.meta.url);",
    },
    // chunks stay beside the entries: modules find files (migrations/, import-worker.js) via import.meta.url
    chunkNames: '[name]-[hash]',
    legalComments: 'none',
    metafile: true,
    logLevel: quiet ? 'error' : 'warning',
  });
  // db/migrate.ts reads its SQL files beside the module: out/cli/migrations
  cpSync(path.join(ROOT, 'db', 'migrations'), path.join(outDir, 'migrations'), { recursive: true });
  const inputs = Object.keys(result.metafile.inputs)
    .filter((p) => !p.startsWith('node_modules/'))
    .sort();
  writeFileSync(path.join(outDir, 'inputs.json'), `${JSON.stringify(inputs, null, 1)}\n`);
  if (!quiet) console.log(`BenchLens: CLI bundled into out/cli/ (${inputs.length} source files)`);
  return inputs;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildCli();
}
