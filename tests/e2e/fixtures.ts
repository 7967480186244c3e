// Playwright fixtures for BenchLens: every test gets its own data directory and its own
// `benchlens serve` child (port 0, database in that directory), parsed from the URL line it prints,
// plus a `cli` helper that runs the CLI against the same database. The server is stopped after the test.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect } from '@playwright/test';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(ROOT, 'bin', 'benchlens.js');
const URL_LINE = /(http:\/\/127\.0\.0\.1:(\d+)\/#token=([A-Za-z0-9_-]+))/;

export interface ServedApp {
  /** Full URL with the token fragment, as printed by `benchlens serve`. */
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  dbPath: string;
  /** Everything the server printed so far (stdout and stderr), for failure messages. */
  output(): string;
}

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number;
}

export type RunCli = (args: string[]) => Promise<CliResult>;

/** Environment for children: data, config and cache all inside the test's own directory. */
export function isolatedEnv(dataDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: dataDir,
    XDG_DATA_HOME: path.join(dataDir, 'xdg-data'),
    XDG_CONFIG_HOME: path.join(dataDir, 'xdg-config'),
    XDG_CACHE_HOME: path.join(dataDir, 'xdg-cache'),
    NO_COLOR: '1',
  };
}

function waitForUrl(child: ChildProcess, log: { text: string }): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      log.text += text;
      buffered += text;
      const match = URL_LINE.exec(buffered);
      if (match) {
        cleanup();
        resolve(match);
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      cleanup();
      reject(
        new Error(
          `benchlens serve exited (code ${String(code)}, signal ${String(signal)}) before printing its URL:\n${log.text}`,
        ),
      );
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const cleanup = (): void => {
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
    };
    child.stdout?.on('data', onData);
    child.on('exit', onExit);
    child.on('error', onError);
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  // A server that ignores SIGTERM must not outlive the test run.
  const forced = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(forced);
}

export function runCli(dataDir: string, args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: ROOT, env: isolatedEnv(dataDir), maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ stdout, stderr, code });
      },
    );
  });
}

export const test = base.extend<{
  dataDir: string;
  served: ServedApp;
  cli: RunCli;
  /** Serve this existing database instead of a new one (e.g. a generated 100k-snapshot library). */
  servedDb: string | null;
}>({
  servedDb: [null, { option: true }],
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form here.
  dataDir: async ({}, use) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'benchlens-e2e-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  served: async ({ dataDir, servedDb }, use) => {
    const dbPath = servedDb ?? path.join(dataDir, 'benchlens.db');
    const log = { text: '' };
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--db', dbPath, '--create'], {
      cwd: ROOT,
      env: isolatedEnv(dataDir),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr.on('data', (chunk: Buffer) => {
      log.text += chunk.toString('utf8');
    });
    try {
      const match = await waitForUrl(child, log);
      const [, url = '', port = '', token = ''] = match;
      child.stdout.on('data', (chunk: Buffer) => {
        log.text += chunk.toString('utf8');
      });
      await use({ url, origin: `http://127.0.0.1:${port}`, token, dataDir, dbPath, output: () => log.text });
    } finally {
      await stop(child);
    }
  },
  cli: async ({ dataDir, served }, use) => {
    await use((args) => runCli(dataDir, [...args, '--db', served.dbPath, '--create']));
  },
});

export { expect };
