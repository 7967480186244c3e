// The bad-input suite's harness: runs the real `benchlens` CLI (import, list, serve) as a child
// process, measures its peak resident set (VmHWM), inspects the database read-only (integrity_check
// and row counts), and records one table row per case (kind, message, DB intact, good files
// imported, process alive, peak RSS) that the suite prints and writes to test-results/hostile-table.md.
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { onTestFailed, onTestFinished } from 'vitest';
import type { ImportReport } from '../../../shared/model';
import { ROOT } from '../cli-helpers';

export const BIN = join(ROOT, 'bin/benchlens.js');
const PROBE = join(ROOT, 'tests/integration/hostile/hwm-probe.mjs');
const RESULTS = join(ROOT, 'test-results');
export const MB = 1024 * 1024;

/** Every folder a case creates lives under one temporary root, removed by `cleanUp()`. */
const made: string[] = [];
export function caseDir(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), `benchlens-hostile-${tag}-`));
  made.push(dir);
  return dir;
}
export function cleanUp(): void {
  for (const dir of made.splice(0)) {
    // an unreadable folder a case made must be readable again before it can be removed
    try {
      chmodSync(dir, 0o700);
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Peak resident set of the child (VmHWM), MiB; null when it could not be read. */
  peakRssMb: number | null;
  /** Killed because it ran past its time bound. */
  timedOut: boolean;
}

function vmHwmKb(pid: number): number | null {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export interface RunOptions {
  timeoutMs?: number;
  /** Run as this user (a root test run drops to `nobody` so file permissions apply). */
  uid?: number;
  gid?: number;
  /** Called once with the child (e.g. to kill it mid-import). */
  onSpawn?: (child: ChildProcess) => void;
  /** Called with each stdout chunk as it arrives. */
  onStdout?: (text: string, child: ChildProcess) => void;
}

/**
 * Runs `node bin/benchlens.js ARGS` with the VmHWM probe preloaded. The peak is the larger of the
 * probe's exit reading and the parent's own sampling of /proc/<pid>/status (which also covers a
 * child that dies without running exit handlers).
 */
export function runBenchlens(args: string[], opts: RunOptions = {}): Promise<Outcome> {
  return runNode([BIN, ...args], opts);
}

/** Runs `node ARGS` (a script and its arguments) with the VmHWM probe preloaded; see runBenchlens. */
export function runNode(args: string[], opts: RunOptions = {}): Promise<Outcome> {
  const hwmDir = mkdtempSync(join(tmpdir(), 'benchlens-hwm-'));
  chmodSync(hwmDir, 0o777);
  const hwmFile = join(hwmDir, 'hwm');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', PROBE, ...args], {
      env: { ...process.env, BENCHLENS_DB: '', BENCHLENS_HWM_FILE: hwmFile },
      uid: opts.uid,
      gid: opts.gid,
    });
    const pid = child.pid ?? -1;
    let peakKb = 0;
    const sample = (): void => {
      peakKb = Math.max(peakKb, vmHwmKb(pid) ?? 0);
    };
    const sampler = setInterval(sample, 25);
    let timedOut = false;
    const killer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 120_000);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      opts.onStdout?.(stdout, child);
    });
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    opts.onSpawn?.(child);
    child.on('close', (code, signal) => {
      clearInterval(sampler);
      clearTimeout(killer);
      let probed = 0;
      try {
        probed = Number(readFileSync(hwmFile, 'utf8'));
      } catch {
        // killed before its exit handler ran: the sampled peak stands
      }
      rmSync(hwmDir, { recursive: true, force: true });
      const kb = Math.max(peakKb, probed);
      resolve({ code, signal, stdout, stderr, peakRssMb: kb > 0 ? Math.round(kb / 1024) : null, timedOut });
    });
  });
}

/** `benchlens import PATHS --db DB --create --json`, the report parsed (null when stdout is not one). */
export async function importCli(
  db: string,
  paths: string[],
  opts: RunOptions = {},
): Promise<Outcome & { report: ImportReport | null }> {
  const out = await runBenchlens(['import', ...paths, '--db', db, '--create', '--json'], opts);
  let report: ImportReport | null = null;
  try {
    report = JSON.parse(out.stdout) as ImportReport;
  } catch {
    report = null;
  }
  return { ...out, report };
}

/** `benchlens list --json`: the database answers a reading command after the case. */
export async function listCli(
  db: string,
): Promise<{ code: number | null; count: number | null; stderr: string }> {
  const out = await runBenchlens(['list', '--db', db, '--json', '--limit', '1000']);
  try {
    return { code: out.code, count: (JSON.parse(out.stdout) as unknown[]).length, stderr: out.stderr };
  } catch {
    return { code: out.code, count: null, stderr: out.stderr };
  }
}

export interface DbState {
  integrity: string;
  snapshots: number;
  sourceFiles: number;
  servingPoints: number;
  phases: number;
  logEvents: number;
}

/** integrity_check and row counts, read through a read-only connection. */
export function inspectDb(db: string): DbState {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    const count = (table: string): number =>
      (conn.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return {
      integrity: String(conn.pragma('integrity_check', { simple: true })),
      snapshots: count('snapshots'),
      sourceFiles: count('source_files'),
      servingPoints: count('serving_points'),
      phases: count('phases'),
      logEvents: count('log_events'),
    };
  } finally {
    conn.close();
  }
}

/** One query against the database, read-only. */
export function queryDb<T>(db: string, sql: string, ...params: unknown[]): T[] {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return conn.prepare(sql).all(...params) as T[];
  } finally {
    conn.close();
  }
}

/** The issues stored with the snapshot a file was imported into. */
export function snapshotIssues(db: string, snapshotId: number): { line: number | null; message: string }[] {
  const [row] = queryDb<{ issues_json: string }>(
    db,
    'SELECT issues_json FROM snapshots WHERE id = ?',
    snapshotId,
  );
  return row ? (JSON.parse(row.issues_json) as { line: number | null; message: string }[]) : [];
}

// ---- the table ----------------------------------------------------------------------------------

export interface Row {
  kind: string;
  front: 'cli' | 'serve' | 'core';
  message: string;
  dbIntact: string;
  goodImported: string;
  alive: string;
  peakRssMb: number | null;
  boundMb: number | null;
  result: 'pass' | 'FAIL' | 'running';
}

const rows: Row[] = [];

/**
 * Records the row of the running test; fill its fields as the case observes them. The result
 * column is set when the test finishes, so a failing case still shows what it observed.
 */
export function record(kind: string, front: Row['front'], boundMb: number | null): Row {
  const row: Row = {
    kind,
    front,
    message: '',
    dbIntact: '',
    goodImported: '',
    alive: '',
    peakRssMb: null,
    boundMb,
    result: 'running',
  };
  rows.push(row);
  onTestFailed(() => {
    row.result = 'FAIL';
  });
  onTestFinished(() => {
    if (row.result === 'running') row.result = 'pass';
  });
  return row;
}

/** A message for the table: one line, control characters escaped, at most 110 characters. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f]/g, (c) =>
    c === '\n' ? ' ⏎ ' : `\\x${c.charCodeAt(0).toString(16)}`,
  );
  return flat.length > 110 ? `${flat.slice(0, 107)}…` : flat;
}

/** "ok (3 snapshots, 4 files)" or what went wrong. */
export function describeDb(state: DbState): string {
  return `${state.integrity === 'ok' ? 'ok' : `integrity: ${state.integrity}`} (${state.snapshots} snapshots, ${state.sourceFiles} files)`;
}

function markdown(all: (Row & { suite: string })[]): string {
  const esc = (s: string): string => s.replaceAll('|', '\\|');
  const lines = [
    '| kind | front | message | DB intact | good files imported | process alive | peak RSS (MiB) / bound | result |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of all) {
    const rss = r.peakRssMb === null ? 'n/a' : `${r.peakRssMb}${r.boundMb === null ? '' : ` / ${r.boundMb}`}`;
    lines.push(
      `| ${esc(r.kind)} | ${r.front} | ${esc(r.message)} | ${esc(r.dbIntact)} | ${esc(r.goodImported)} | ${esc(r.alive)} | ${rss} | ${r.result} |`,
    );
  }
  return lines.join('\n') + '\n';
}

/**
 * Writes this spec file's rows to test-results/hostile/<suite>.json, then rebuilds
 * test-results/hostile-table.md from every spec file's rows (the last file to finish leaves the
 * full table) and prints this file's part.
 */
export function writeTable(suite: string): void {
  const dir = join(RESULTS, 'hostile');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${suite}.json`),
    JSON.stringify(
      rows.map((r) => ({ ...r, suite })),
      null,
      1,
    ),
  );
  const all: (Row & { suite: string })[] = [];
  for (const f of readdirSync(dir).sort()) {
    if (f.endsWith('.json'))
      all.push(...(JSON.parse(readFileSync(join(dir, f), 'utf8')) as (Row & { suite: string })[]));
  }
  writeFileSync(join(RESULTS, 'hostile-table.md'), markdown(all));
  process.stdout.write(`\nBad-input suite, ${suite}:\n${markdown(rows.map((r) => ({ ...r, suite })))}`);
}

// ---- serve --------------------------------------------------------------------------------------

export interface Served {
  port: number;
  token: string;
  pid: number;
  child: ChildProcess;
  /** Peak RSS so far, MiB (VmHWM of the running server). */
  peakRssMb(): number | null;
  /** Still running (no exit seen). */
  running(): boolean;
  /** SIGTERM, then the outcome. */
  stop(): Promise<Outcome>;
}

/** Starts `benchlens serve --port 0` on DB and waits for the URL it prints. */
export async function startServe(db: string): Promise<Served> {
  let announce: (v: { port: number; token: string }) => void = () => undefined;
  let fail: (e: Error) => void = () => undefined;
  const ready = new Promise<{ port: number; token: string }>((res, rej) => {
    announce = res;
    fail = rej;
  });
  let child: ChildProcess | null = null;
  let exited = false;
  const done = runBenchlens(['serve', '--port', '0', '--db', db, '--create'], {
    timeoutMs: 30 * 60_000,
    onSpawn: (c) => (child = c),
    onStdout: (text) => {
      const m = /Open http:\/\/127\.0\.0\.1:(\d+)\/#token=(\S+)/.exec(text);
      if (m) announce({ port: Number(m[1]), token: m[2] as string });
    },
  }).then((o) => {
    exited = true;
    fail(new Error(`serve exited before it printed its URL (${o.code}): ${o.stderr}`));
    return o;
  });
  const { port, token } = await ready;
  const c = child as unknown as ChildProcess;
  const pid = c.pid ?? -1;
  return {
    port,
    token,
    pid,
    child: c,
    peakRssMb: () => {
      const kb = vmHwmKb(pid);
      return kb === null ? null : Math.round(kb / 1024);
    },
    running: () => !exited,
    stop: async () => {
      if (!exited) c.kill('SIGTERM');
      return done;
    },
  };
}

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RequestOptions {
  method?: string;
  path: string;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
  /** Send the headers and this much of the body only, then wait for the answer. */
  partialBody?: Buffer;
}

/** One HTTP request to 127.0.0.1:PORT; the answer's body is kept up to 1 MiB. */
export function httpSend(port: number, o: RequestOptions): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: o.method ?? 'GET', path: o.path, headers: o.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (s: string) => {
          if (body.length < 1 << 20) body += s;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (o.partialBody) {
      req.write(o.partialBody);
      return; // the answer arrives before the body ends; the socket is dropped with the response
    }
    req.end(o.body);
  });
}

/** POST /api/METHOD with the token and a JSON body. */
export function apiCall(served: Served, method: string, body: unknown): Promise<Reply> {
  const text = JSON.stringify(body);
  return httpSend(served.port, {
    method: 'POST',
    path: `/api/${method}`,
    headers: {
      Authorization: `Bearer ${served.token}`,
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
    },
    body: text,
  });
}
