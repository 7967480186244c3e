// The same startup comparison inside the real desktop shell, driven through Playwright's Electron
// support. It runs only where the Electron binary exists (and a display plus the Electron-ABI SQLite
// module built by `npm start`); elsewhere it reports itself skipped with the reason.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron as electron, test } from '@playwright/test';
import { z } from 'zod';
import { SnapshotSummary } from '../../shared/model';
import { isolatedEnv, ROOT, runCli } from './fixtures';
import { fixturePair, runStartupCompare } from './startup-flow';

const require = createRequire(path.join(ROOT, 'package.json'));

function electronBinary(): string | null {
  try {
    const binary: unknown = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function electronSqlite(): string | null {
  const pkg = z
    .object({ version: z.string() })
    .parse(JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')));
  const binding = path.join(ROOT, '.cache', 'electron-native', pkg.version, 'better_sqlite3.node');
  return existsSync(binding) ? binding : null;
}

const binary = electronBinary();
const hasDisplay =
  process.platform !== 'linux' || Boolean(process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY']);
const binding = binary ? electronSqlite() : null;

// Report only the first missing piece: without the binary the other two questions do not arise.
const skipReason =
  binary === null
    ? 'Electron binary not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD / no network)'
    : !hasDisplay
      ? 'no display for the Electron window (DISPLAY / WAYLAND_DISPLAY unset; run under xvfb-run)'
      : binding === null
        ? 'Electron-ABI better-sqlite3 not built yet: run `npm start` once on this machine'
        : null;
test.skip(skipReason !== null, skipReason ?? '');

test('compares two startup logs in the Electron window', async () => {
  test.skip(
    !existsSync(path.join(ROOT, 'out', 'main', 'index.js')),
    'app not built: run `npx electron-vite build -c electron.config.ts`',
  );
  const dataDir = await mkdtemp(path.join(tmpdir(), 'benchlens-electron-'));
  const dbPath = path.join(dataDir, 'benchlens.db');
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(isolatedEnv(dataDir))) if (value !== undefined) env[key] = value;
  env['BENCHLENS_DB'] = dbPath;
  env['BENCHLENS_SQLITE_BINDING'] = binding ?? '';
  delete env['ELECTRON_RUN_AS_NODE'];
  const app = await electron.launch({
    args: ['.'],
    cwd: ROOT,
    env,
    ...(binary ? { executablePath: binary } : {}),
  });
  try {
    const page = await app.firstWindow();
    const { baseline, candidate } = await fixturePair();
    await runStartupCompare({
      page,
      baselineFile: baseline,
      candidateFile: candidate,
      cli: (args) => runCli(dataDir, [...args, '--db', dbPath, '--create']),
      listSnapshots: async () =>
        z.array(SnapshotSummary).parse(
          await page.evaluate(async () => {
            const bridge = (
              globalThis as unknown as { benchlens: { call(m: string, i: unknown): Promise<unknown> } }
            ).benchlens;
            return bridge.call('listSnapshots', {});
          }),
        ),
      screenshotPath: path.join(ROOT, 'test-results', 'electron-startup-compare.png'),
    });
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
