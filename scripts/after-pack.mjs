// electron-builder afterPack hook: puts a better-sqlite3 binary built for the packaged Electron's ABI
// into resources/app.asar.unpacked. It replaces electron-builder's npmRebuild, which rebuilds the
// project's own node_modules in place and so breaks the Node-ABI copy the CLI and tests use.
// BENCHLENS_PACK_NODE_ABI=1 keeps the Node-ABI binary (the offline layout test: nothing to download).
import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { ensureElectronSqlite } from './electron-native.mjs';

/** electron-builder's Arch enum (builder-util), by value. */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

export async function afterPack(context) {
  const resources = context.packager.getResourcesDir(context.appOutDir);
  const target = path.join(
    resources,
    'app.asar.unpacked',
    'node_modules',
    'better-sqlite3',
    'build',
    'Release',
    'better_sqlite3.node',
  );
  if (!existsSync(target)) {
    throw new Error(`afterPack: ${target} is missing; is better-sqlite3 still in asarUnpack?`);
  }
  if (process.env.BENCHLENS_PACK_NODE_ABI === '1') {
    console.log(
      '  • BenchLens: BENCHLENS_PACK_NODE_ABI=1, keeping the Node-ABI better-sqlite3 (layout test only)',
    );
    return;
  }
  const arch = ARCH_NAMES[context.arch];
  if (context.electronPlatformName !== process.platform || arch === undefined || arch === 'universal') {
    throw new Error(
      `afterPack: better-sqlite3 can only be built for this machine's OS (${process.platform}), ` +
        `not ${context.electronPlatformName}/${arch ?? context.arch}; build each installer on its own OS`,
    );
  }
  // Built once per Electron version and arch into .cache/electron-native/ (downloads Electron headers).
  const binary = await ensureElectronSqlite({ arch, log: (line) => console.log(`  • ${line}`) });
  copyFileSync(binary, target);
  console.log(
    `  • BenchLens: better-sqlite3 for Electron (${arch}) → ${path.relative(process.cwd(), target)}`,
  );
}
