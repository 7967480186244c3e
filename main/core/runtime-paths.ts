// Where the core finds its better-sqlite3 binary and SQL migrations in each way BenchLens runs:
// the packaged app (resources/), Electron from a source checkout (.cache/electron-native/, out/main/)
// and plain Node (the CLI, `serve`, tests: the installed module and db/migrations). Pure: no Electron.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type Runtime =
  /** An installed app: `resourcesPath` is Electron's process.resourcesPath. */
  | { kind: 'packaged'; resourcesPath: string }
  /** Electron started from a checkout (`npm start`, `npm run dev`): the electron-vite output folder. */
  | { kind: 'electron-dev'; repoRoot: string; outDir: string; electronVersion: string; arch: string }
  /** Plain Node: the CLI, `benchlens serve`, tests. */
  | { kind: 'node' };

export interface RuntimePaths {
  /** better-sqlite3 binary for this runtime's ABI; undefined = the module's own (Node-ABI) binary. */
  nativeBinding?: string;
  /** Folder of the numbered .sql migrations; undefined = db/migrate.ts's default beside the module. */
  migrationsDir?: string;
}

export const SQLITE_BINARY = 'better_sqlite3.node';

/** The Electron-ABI binary `npm start` builds per Electron version (and arch) into .cache/. */
export function devElectronSqlitePath(repoRoot: string, electronVersion: string, arch: string): string {
  const folder = arch === process.arch ? electronVersion : `${electronVersion}-${arch}`;
  return join(repoRoot, '.cache', 'electron-native', folder, SQLITE_BINARY);
}

/**
 * Resolve the native binding and migrations for a runtime. BENCHLENS_SQLITE_BINDING, when set, wins
 * in development and plain Node (tests, unusual setups); a packaged app loads only its own native
 * module, never one the environment names (that would run foreign code in the app). In development a missing cached binary is reported by name,
 * because loading the Node-ABI module into Electron fails with an obscure NODE_MODULE_VERSION error.
 */
export function resolveRuntimePaths(
  runtime: Runtime,
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): RuntimePaths {
  const override = runtime.kind === 'packaged' ? undefined : env['BENCHLENS_SQLITE_BINDING'] || undefined;
  switch (runtime.kind) {
    case 'packaged': {
      const unpacked = join(runtime.resourcesPath, 'app.asar.unpacked', 'node_modules', 'better-sqlite3');
      return {
        nativeBinding: join(unpacked, 'build', 'Release', SQLITE_BINARY),
        migrationsDir: join(runtime.resourcesPath, 'migrations'),
      };
    }
    case 'electron-dev': {
      const cached = devElectronSqlitePath(runtime.repoRoot, runtime.electronVersion, runtime.arch);
      if (override === undefined && !exists(cached)) {
        throw new Error(
          `the SQLite module for Electron ${runtime.electronVersion} is missing (${cached}); ` +
            'run `npm start` once to build it',
        );
      }
      return { nativeBinding: override ?? cached, migrationsDir: join(runtime.outDir, 'main', 'migrations') };
    }
    case 'node':
      return override === undefined ? {} : { nativeBinding: override };
  }
}
