// Runs the real `benchlens` CLI as a subprocess against a temporary database.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES = join(ROOT, 'main/importers/vllm-startup-log/fixtures');

export function tempDb(): string {
  return join(mkdtempSync(join(tmpdir(), 'benchlens-it-')), 'benchlens.db');
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `benchlens ARGS --db DB --create` (a temporary database is created on first use). */
export function cli(db: string, ...args: string[]): Run {
  return cliRaw(...args, '--db', db, '--create');
}

/** Runs `benchlens ARGS` exactly as given (no --db, no --create added). */
export function cliRaw(...args: string[]): Run {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/benchlens.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, BENCHLENS_DB: '' },
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function cliJson<T>(db: string, ...args: string[]): T {
  const r = cli(db, ...args, '--json');
  if (r.code !== 0) throw new Error(`benchlens ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
