// Electron runtime helpers for `npm start` and the Electron e2e spec: where the Electron binary is
// (null when its download was skipped or blocked) and a better-sqlite3 binary built for Electron's ABI,
// cached per Electron version under .cache/electron-native/. Building it downloads Electron headers,
// so only `npm start` on a user's machine may call ensureElectronSqlite(); tests only look it up.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'package.json'));

/** Installed Electron version from node_modules/electron, or null when the package is absent. */
export function electronVersion() {
  try {
    const pkg = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8'));
    return typeof pkg.version === 'string' ? pkg.version : null;
  } catch {
    return null;
  }
}

/** Absolute path of the Electron executable, or null when the binary was never downloaded. */
export function electronBinary() {
  try {
    // The electron package's main export is the executable path; it throws when path.txt is missing.
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const FAILURE_FILE = path.join(ROOT, '.cache', 'electron-download-failed.json');
/** After a failed download, `npm start` goes straight to the browser for this long. */
export const RETRY_AFTER_MS = 6 * 60 * 60 * 1000;
/** How long the reachability probe waits for the download host's first answer. */
export const PROBE_TIMEOUT_MS = 15_000;

/** The remembered failure for this Electron version, or null (none, another version, or expired). */
export function readDownloadFailure({
  now = Date.now(),
  version = electronVersion(),
  file = FAILURE_FILE,
} = {}) {
  let record;
  try {
    record = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  if (record?.version !== version || typeof record.failedAtMs !== 'number') return null;
  const retryAtMs = record.failedAtMs + RETRY_AFTER_MS;
  if (now >= retryAtMs || now < record.failedAtMs) return null;
  return { reason: String(record.reason ?? 'unknown'), failedAtMs: record.failedAtMs, retryAtMs };
}

export function rememberDownloadFailure(
  reason,
  { now = Date.now(), version = electronVersion(), file = FAILURE_FILE } = {},
) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ version, failedAtMs: now, reason })}\n`);
}

export function forgetDownloadFailure({ file = FAILURE_FILE } = {}) {
  rmSync(file, { force: true });
}

/** The archive @electron/get fetches (ELECTRON_MIRROR honoured), used to probe the network first. */
export function electronDownloadUrl(
  version,
  { platform = process.platform, arch = process.arch, env = process.env } = {},
) {
  const mirror = env.ELECTRON_MIRROR || 'https://github.com/electron/electron/releases/download/';
  const base = mirror.endsWith('/') ? mirror : `${mirror}/`;
  const dir = env.ELECTRON_CUSTOM_DIR
    ? env.ELECTRON_CUSTOM_DIR.replace('{{ version }}', version)
    : `v${version}`;
  return `${base}${dir}/electron-v${version}-${platform}-${arch}.zip`;
}

/**
 * Ask the download host for the archive's headers (HEAD, redirects followed) and give up after
 * `timeoutMs` without an answer: a network that drops packets silently costs seconds, not the
 * downloader's minutes. Resolves null when reachable, else a one-line reason.
 */
export async function probeDownload(url, { timeoutMs = PROBE_TIMEOUT_MS } = {}) {
  try {
    const res = await fetch(url, {
      method: 'HEAD',
      redirect: 'follow',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return res.ok ? null : `${new URL(url).host} answered HTTP ${res.status}`;
  } catch (err) {
    const host = new URL(url).host;
    if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
      return `no answer from ${host} within ${timeoutMs / 1000} s`;
    }
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
    return `${host} is unreachable (${cause})`;
  }
}

const clock = (ms) => new Date(ms).toLocaleString();

/**
 * npm 11 skips the electron package's own download step (package.json allowScripts: electron=false,
 * so installs never reach out to GitHub by surprise). On the first `npm start` on a machine with a
 * network, fetch the runtime then; returns the executable path, or null when that is not possible.
 * A failure is remembered for RETRY_AFTER_MS so later starts fall back to the browser at once;
 * `retry: true` (npm start -- --retry-download) tries anyway.
 */
export async function fetchElectronRuntime({ log = (line) => console.log(line), retry = false } = {}) {
  const skip = process.env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  if (skip && skip !== '0' && skip !== 'false') return null;
  const version = electronVersion();
  let installer;
  try {
    installer = require.resolve('electron/install.js');
  } catch {
    return null;
  }
  const failure = retry ? null : readDownloadFailure({ version });
  if (failure !== null) {
    log(
      `BenchLens: the Electron download failed at ${clock(failure.failedAtMs)} (${failure.reason}); ` +
        `next attempt after ${clock(failure.retryAtMs)}, or now with \`npm start -- --retry-download\`.`,
    );
    return null;
  }
  const fail = (reason) => {
    rememberDownloadFailure(reason, { version });
    log(`BenchLens: the download failed (${reason}); \`npm start -- --retry-download\` tries again.`);
    return null;
  };
  // Behind a proxy, Node's fetch cannot probe the way @electron/get downloads: skip the probe there.
  const proxied = ['HTTPS_PROXY', 'https_proxy', 'GLOBAL_AGENT_HTTPS_PROXY'].some((k) => process.env[k]);
  if (!proxied) {
    log('BenchLens: checking that the Electron download is reachable…');
    const unreachable = await probeDownload(electronDownloadUrl(version));
    if (unreachable !== null) return fail(unreachable);
  }
  log('BenchLens: downloading the Electron runtime (first start only)…');
  const r = spawnSync(process.execPath, [installer], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 5 * 60 * 1000,
  });
  if (r.status !== 0) {
    // one plain line, not the downloader's stack trace
    const lines = `${r.stderr ?? ''}\n${r.stdout ?? ''}`.split('\n').map((l) => l.trim());
    const why =
      r.error?.code === 'ETIMEDOUT'
        ? 'it took longer than 5 minutes'
        : (lines.find((l) => /error/i.test(l)) ?? lines.find((l) => l.length > 0) ?? `exit ${r.status}`);
    return fail(why);
  }
  forgetDownloadFailure();
  return electronBinary();
}

/**
 * Where the Electron-ABI better-sqlite3 binary for this Electron version (and CPU architecture, for
 * packaging another arch) lives; it may not exist yet.
 */
export function electronSqlitePath(version = electronVersion(), arch = process.arch) {
  if (version === null) return null;
  const folder = arch === process.arch ? version : `${version}-${arch}`;
  return path.join(ROOT, '.cache', 'electron-native', folder, 'better_sqlite3.node');
}

/**
 * Make sure the Electron-ABI better-sqlite3 binary exists, building it on first use: copy the
 * installed better-sqlite3 into a scratch folder and run @electron/rebuild there, so the Node-ABI
 * copy the CLI and tests use is never touched. Returns the binary path; throws with a plain message.
 */
export async function ensureElectronSqlite({ log = (line) => console.log(line), arch = process.arch } = {}) {
  const version = electronVersion();
  if (version === null) throw new Error('the electron package is not installed');
  const target = electronSqlitePath(version, arch);
  if (existsSync(target)) return target;

  const source = path.dirname(require.resolve('better-sqlite3/package.json'));
  const scratch = mkdtempSync(path.join(tmpdir(), 'benchlens-electron-native-'));
  try {
    const moduleDir = path.join(scratch, 'node_modules', 'better-sqlite3');
    cpSync(source, moduleDir, {
      recursive: true,
      filter: (p) => !p.startsWith(path.join(source, 'build') + path.sep) && p !== path.join(source, 'build'),
    });
    const pkg = JSON.parse(readFileSync(path.join(source, 'package.json'), 'utf8'));
    writeFileSync(
      path.join(scratch, 'package.json'),
      JSON.stringify({
        name: 'benchlens-electron-native',
        private: true,
        dependencies: { 'better-sqlite3': pkg.version },
      }),
    );
    log(`BenchLens: building the SQLite module for Electron ${version} (first start only, takes a minute)…`);
    const { rebuild } = await import('@electron/rebuild');
    await rebuild({
      buildPath: scratch,
      electronVersion: version,
      arch,
      onlyModules: ['better-sqlite3'],
      force: true,
    });
    const built = path.join(moduleDir, 'build', 'Release', 'better_sqlite3.node');
    if (!existsSync(built)) throw new Error('the rebuild finished but produced no better_sqlite3.node');
    mkdirSync(path.dirname(target), { recursive: true });
    const partial = `${target}.partial-${process.pid}`;
    cpSync(built, partial);
    renameSync(partial, target);
    return target;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
