import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { devElectronSqlitePath, resolveRuntimePaths } from './runtime-paths';

const noFiles = () => false;

describe('resolveRuntimePaths', () => {
  it('finds the packaged binary in app.asar.unpacked and the migrations in resources/', () => {
    const resourcesPath = join('/opt', 'BenchLens', 'resources');
    expect(resolveRuntimePaths({ kind: 'packaged', resourcesPath }, {}, noFiles)).toEqual({
      nativeBinding: join(
        resourcesPath,
        'app.asar.unpacked',
        'node_modules',
        'better-sqlite3',
        'build',
        'Release',
        'better_sqlite3.node',
      ),
      migrationsDir: join(resourcesPath, 'migrations'),
    });
  });

  it('uses the Electron-ABI binary cached by npm start in development, and out/main/migrations', () => {
    const runtime = {
      kind: 'electron-dev' as const,
      repoRoot: '/src/benchlens',
      outDir: '/src/benchlens/out',
      electronVersion: '39.8.10',
      arch: process.arch,
    };
    const cached = join('/src/benchlens', '.cache', 'electron-native', '39.8.10', 'better_sqlite3.node');
    expect(resolveRuntimePaths(runtime, {}, (p) => p === cached)).toEqual({
      nativeBinding: cached,
      migrationsDir: join('/src/benchlens/out', 'main', 'migrations'),
    });
    expect(() => resolveRuntimePaths(runtime, {}, noFiles)).toThrow(
      /SQLite module for Electron 39\.8\.10 is missing .*run `npm start` once/,
    );
  });

  it('keys a cross-arch development binary by arch', () => {
    const other = process.arch === 'arm64' ? 'x64' : 'arm64';
    expect(devElectronSqlitePath('/r', '39.8.10', other)).toBe(
      join('/r', '.cache', 'electron-native', `39.8.10-${other}`, 'better_sqlite3.node'),
    );
  });

  it('leaves plain Node (CLI, serve, tests) on the installed module and db/migrations', () => {
    expect(resolveRuntimePaths({ kind: 'node' }, {}, noFiles)).toEqual({});
  });

  it('lets BENCHLENS_SQLITE_BINDING override the binary in development and plain Node only', () => {
    const env = { BENCHLENS_SQLITE_BINDING: '/tmp/custom.node' };
    expect(resolveRuntimePaths({ kind: 'node' }, env, noFiles).nativeBinding).toBe('/tmp/custom.node');
    // a packaged app loads only its own native module, never one named by the environment
    expect(resolveRuntimePaths({ kind: 'packaged', resourcesPath: '/r' }, env, noFiles).nativeBinding).toBe(
      join(
        '/r',
        'app.asar.unpacked',
        'node_modules',
        'better-sqlite3',
        'build',
        'Release',
        'better_sqlite3.node',
      ),
    );
    expect(
      resolveRuntimePaths(
        { kind: 'electron-dev', repoRoot: '/r', outDir: '/r/out', electronVersion: '1.0.0', arch: 'x64' },
        env,
        noFiles,
      ).nativeBinding,
    ).toBe('/tmp/custom.node');
  });
});
