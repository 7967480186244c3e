// The installable app's layout, checked offline: electron-builder packs `--dir` against a stand-in
// Electron folder (created here, with the executable name electron-builder expects), and the unpacked
// app must hold the build output in app.asar, the migrations and the native binary beside it, and no
// development tool. Download hosts point at a closed local port, so any download attempt fails the test.
import { extractAll, getRawHeader, listPackage } from '@electron/asar';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../db/store';
import { resolveRuntimePaths } from '../../main/core/runtime-paths';

const ROOT = join(import.meta.dirname, '..', '..');
const BUILD_OUTPUTS = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
/** Development tools that must never ship inside the app. */
const DEV_TOOLS = [
  'tsx',
  'esbuild',
  '@esbuild',
  'vite',
  'vitest',
  'typescript',
  'electron',
  'electron-vite',
  'electron-builder',
  'playwright',
  '@playwright',
  'eslint',
  'prettier',
];

interface Packed {
  resources: string;
  entries: string[];
  log: string;
  /** app.asar extracted (with its unpacked files), for running what it holds under plain Node. */
  extracted: string;
}

/** Electron's fuse wire marker (@electron/fuses constants.ts): the wire follows it in the binary. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** The V1 fuses in wire order (@electron/fuses config.ts FuseV1Options). */
const FUSES_V1 = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
] as const;
/** A stock Electron binary's wire: '1' on, '0' off (Electron's defaults). */
const STOCK_WIRE = '10110001';

/** The fuses in an executable: version 1, length, then one '0'/'1' byte per fuse after the sentinel. */
function readFuses(file: string): Record<string, boolean> {
  const bin = readFileSync(file);
  const at = bin.indexOf(FUSE_SENTINEL);
  if (at < 0) throw new Error(`${file}: no fuse wire`);
  const wire = at + FUSE_SENTINEL.length;
  expect(bin[wire]).toBe(1); // wire version
  const length = bin[wire + 1] ?? 0;
  return Object.fromEntries(
    FUSES_V1.slice(0, length).map((name, i) => [name, bin[wire + 2 + i] === '1'.charCodeAt(0)]),
  );
}

function standInElectron(dir: string): void {
  // What electron-builder copies for a Linux --dir build: the executable (renamed to executableName),
  // locales (filtered by electronLanguages) and resources/. The executable carries a stock fuse wire,
  // as Electron's does, for electron-builder's electronFuses to flip.
  mkdirSync(join(dir, 'locales'), { recursive: true });
  mkdirSync(join(dir, 'resources'), { recursive: true });
  writeFileSync(
    join(dir, 'electron'),
    Buffer.concat([
      Buffer.from('#!/bin/sh\necho "stand-in for the Electron binary"\nexit 0\n# '),
      Buffer.from(FUSE_SENTINEL),
      Buffer.from([1, FUSES_V1.length]),
      Buffer.from(STOCK_WIRE),
      Buffer.from('\n'),
    ]),
  );
  chmodSync(join(dir, 'electron'), 0o755);
  for (const locale of ['en-US', 'de']) writeFileSync(join(dir, 'locales', `${locale}.pak`), '');
  writeFileSync(join(dir, 'version'), '39.8.10');
}

function pack(): Packed {
  if (!BUILD_OUTPUTS.every((p) => existsSync(join(ROOT, p)))) {
    const build = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '-c', 'electron.config.ts'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    if (build.status !== 0) throw new Error(`electron-vite build failed:\n${build.stderr}`);
  }
  if (!existsSync(join(ROOT, 'out/cli/benchlens.js'))) {
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`CLI build failed:\n${build.stderr}`);
  }
  const work = mkdtempSync(join(tmpdir(), 'benchlens-pack-'));
  const electronDist = join(work, 'electron-dist');
  standInElectron(electronDist);
  const closed = 'http://127.0.0.1:9/'; // the discard port: nothing listens, downloads fail at once
  const r = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/electron-builder/cli.js'),
      '--dir',
      '--linux',
      '--x64',
      '--publish',
      'never',
      `-c.electronDist=${electronDist}`,
      '-c.npmRebuild=false',
      `-c.directories.output=${join(work, 'dist')}`,
    ],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        BENCHLENS_PACK_NODE_ABI: '1', // scripts/after-pack.mjs: keep the Node-ABI binary, build nothing
        ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
        ELECTRON_BUILDER_CACHE: join(work, 'cache'), // an empty cache: nothing downloaded earlier helps
        ELECTRON_MIRROR: closed,
        ELECTRON_BUILDER_BINARIES_MIRROR: closed,
        HTTPS_PROXY: closed,
        HTTP_PROXY: closed,
        CI: '1',
      },
    },
  );
  const log = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0) throw new Error(`electron-builder --dir failed (exit ${r.status}):\n${log}`);
  const resources = join(work, 'dist', 'linux-unpacked', 'resources');
  const entries = listPackage(join(resources, 'app.asar'), { isPack: false }).map((p) =>
    p.replaceAll('\\', '/'),
  );
  const extracted = join(work, 'extracted');
  extractAll(join(resources, 'app.asar'), extracted);
  return { resources, entries, log, extracted };
}

describe('electron-builder --dir with a stand-in Electron', () => {
  let packed: Packed;
  beforeAll(() => {
    packed = pack();
  }, 180_000);

  it('downloads nothing', () => {
    expect(packed.log).not.toMatch(/download(ing|ed)\b/i);
    expect(readdirSync(join(packed.resources, '..')).sort()).toEqual([
      'benchlens',
      'locales',
      'resources',
      'version',
    ]);
  });

  it('flips the Electron fuses electron-builder.yml sets in the packaged executable', () => {
    const stock = Object.fromEntries(FUSES_V1.map((name, i) => [name, STOCK_WIRE[i] === '1']));
    expect(stock).toMatchObject({ runAsNode: true, onlyLoadAppFromAsar: false });
    expect(readFuses(join(packed.resources, '..', 'benchlens'))).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs main (with the core process and import worker), preload and renderer into app.asar', () => {
    for (const file of [
      '/package.json',
      '/out/main/index.js',
      '/out/main/core-process.js',
      '/out/main/import-worker.js',
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
    ]) {
      expect(packed.entries, file).toContain(file);
    }
  });

  it('ships no development tool, no TypeScript source and no source folders', () => {
    const tools = packed.entries.filter((p) =>
      DEV_TOOLS.some((t) => p === `/node_modules/${t}` || p.startsWith(`/node_modules/${t}/`)),
    );
    expect(tools).toEqual([]);
    expect(packed.entries.filter((p) => /\.(ts|tsx|mts|cts)$/.test(p))).toEqual([]);
    const top = new Set(packed.entries.map((p) => p.split('/')[1]));
    expect([...top].sort()).toEqual(['node_modules', 'out', 'package.json']);
    expect(
      packed.entries.filter(
        (p) =>
          p.startsWith('/out/') &&
          !/^\/out\/(main|preload|renderer|cli)\//.test(p) &&
          !/^\/out\/(main|preload|renderer|cli)$/.test(p),
      ),
    ).toEqual([]);
  });

  it('loads every production dependency from the packed app, trimmed as shipped', () => {
    // Outside Electron (plain Node resolving from an extracted copy): what the trimming in
    // electron-builder.yml leaves must still load, down to react-dom/server and a pdfkit document.
    const app = packed.extracted;
    const script = [
      "import { createRequire } from 'node:module';",
      "const require = createRequire(process.cwd() + '/package.json');",
      'const failed = [];',
      "for (const dep of Object.keys(require('./package.json').dependencies)) {",
      "  try { await import(dep); } catch (e) { failed.push(`${dep}: ${e.message.split('\\n')[0]}`); }",
      '}',
      "const { renderToStaticMarkup } = await import('react-dom/server');",
      "const html = renderToStaticMarkup(require('react').createElement('b', null, 'x'));",
      "const doc = new (require('pdfkit'))();",
      "doc.text('BenchLens');",
      'doc.end();',
      'console.log(JSON.stringify({ failed, html }));',
    ].join('\n');
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: app,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ failed: [], html: '<b>x</b>' });
  });

  it('holds the prebuilt CLI, which runs from the packed app', () => {
    expect(packed.entries).toContain('/out/cli/benchlens.js');
    expect(packed.entries).toContain('/out/cli/import-worker.js');
    const db = join(mkdtempSync(join(tmpdir(), 'benchlens-pack-cli-')), 'c.db');
    const cli = join(packed.extracted, 'out', 'cli', 'benchlens.js');
    const r = spawnSync(process.execPath, [cli, 'list', '--json', '--db', db, '--create'], {
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([]);
  });

  it('puts the migrations beside app.asar for the app', () => {
    const shipped = readdirSync(join(packed.resources, 'migrations')).sort();
    const sources = readdirSync(join(ROOT, 'db', 'migrations'))
      .filter((f) => f.endsWith('.sql'))
      .sort();
    expect(shipped).toEqual(sources);
    // only the CLI keeps its own copy (it finds them beside its bundle)
    const inside = packed.entries.filter((p) => p.endsWith('.sql'));
    expect(inside).toEqual(sources.map((f) => `/out/cli/migrations/${f}`));
  });

  it('unpacks better-sqlite3 so the packaged app finds it, and opens a migrated database with it', () => {
    const header = getRawHeader(join(packed.resources, 'app.asar')).header;
    const node = [
      'node_modules',
      'better-sqlite3',
      'build',
      'Release',
      'better_sqlite3.node',
    ].reduce<unknown>((entry, name) => (entry as { files: Record<string, unknown> }).files[name], header);
    expect(node).toMatchObject({ unpacked: true });

    // the same resolution main/electron/main.ts uses when app.isPackaged
    const paths = resolveRuntimePaths({ kind: 'packaged', resourcesPath: packed.resources }, {});
    expect(existsSync(paths.nativeBinding ?? '')).toBe(true);
    const store = new Store(join(mkdtempSync(join(tmpdir(), 'benchlens-pack-db-')), 'p.db'), paths);
    try {
      expect(store.listSnapshots()).toEqual([]);
    } finally {
      store.close();
    }
    // the afterPack hook ran and, told to, kept the Node-ABI binary instead of building one
    expect(packed.log).toContain('keeping the Node-ABI better-sqlite3');
  });
});
