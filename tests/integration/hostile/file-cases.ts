// One bad-input file case run through `benchlens import`: the bad input beside two good files,
// then the checks every case shares (exit status, the report line naming the bad file and line,
// the good files imported, integrity_check and row counts matching what the report says committed,
// the database still listable, peak RSS within the bound), recorded as one row of the table.
import { join } from 'node:path';
import { expect } from 'vitest';
import type { ImportReport } from '../../../shared/model';
import {
  caseDir,
  describeDb,
  importCli,
  inspectDb,
  listCli,
  oneLine,
  record,
  snapshotIssues,
  type Outcome,
  type RunOptions,
} from './harness';
import { writeGoodFiles } from './inputs';

export interface FileCaseContext {
  dir: string;
  db: string;
  report: ImportReport;
  outcome: Outcome;
  bad: string[];
}

export interface FileCase {
  kind: string;
  /** Writes the bad input under DIR/bad (DIR also holds the good files); returns the report names of the bad entries. */
  make(bad: string, dir: string, dbDir: string): Promise<string[]> | string[];
  /**
   * What the report says of each bad entry: an error (its message and line), skipped (its reason),
   * imported (the snapshot's issue or note), or nothing (the bad input is not a file, e.g. a loop).
   */
  expect: 'error' | 'skipped' | 'imported' | 'nothing';
  message?: RegExp;
  /** The line the error or issue names (omit where no line applies). */
  line?: number | null;
  /** Peak RSS bound of the import process, MiB. */
  boundMb?: number;
  timeoutMs?: number;
  run?: RunOptions;
  /** Further checks of this kind. */
  check?(ctx: FileCaseContext): void;
}

export const DEFAULT_BOUND_MB = 300;

export async function runFileCase(c: FileCase): Promise<void> {
  const boundMb = c.boundMb ?? DEFAULT_BOUND_MB;
  const row = record(c.kind, 'cli', boundMb);
  const dir = caseDir(c.kind.replace(/[^a-z0-9]+/gi, '-'));
  // the database lives outside the imported folder (a database inside it is its own case)
  const dbDir = caseDir('db');
  const db = join(dbDir, 'benchlens.db');
  const good = writeGoodFiles(dir);
  const bad = await c.make(join(dir, 'bad'), dir, dbDir);
  const outcome = await importCli(db, [dir], { timeoutMs: c.timeoutMs ?? 120_000, ...c.run });
  row.peakRssMb = outcome.peakRssMb;
  row.alive = outcome.timedOut
    ? 'no: killed at its time bound'
    : outcome.signal
      ? `no: ${outcome.signal}`
      : `exit ${outcome.code}`;
  const report = outcome.report;
  if (!report) row.message = oneLine(`no report: ${outcome.stderr}`);
  expect(outcome.timedOut, 'finished within its time bound').toBe(false);
  expect(report, `a JSON report (stderr: ${outcome.stderr.slice(0, 400)})`).not.toBeNull();
  if (!report) return;

  // the message naming each bad entry (and its line)
  const messages: string[] = [];
  const push = (m: string): void => {
    messages.push(m);
    row.message = oneLine(messages.join('; '));
  };
  for (const file of bad) {
    if (c.expect === 'error') {
      const e = report.errors.find((x) => x.file === file);
      push(
        e
          ? `${file.slice(dir.length + 1)}${e.line === null ? '' : `:${e.line}`}: ${e.message}`
          : '(no error)',
      );
      expect.soft(e, `an error naming ${file}`).toBeDefined();
      if (c.message) expect.soft(e?.message).toMatch(c.message);
      if (c.line !== undefined) expect.soft(e?.line).toBe(c.line);
    } else if (c.expect === 'skipped') {
      const s = report.skipped.find((x) => x.file === file);
      push(s ? `${file.slice(dir.length + 1)}: skipped, ${s.reason}` : '(not listed as skipped)');
      expect
        .soft(s, `a skipped line naming ${file} (errors: ${JSON.stringify(report.errors)})`)
        .toBeDefined();
      if (c.message) expect.soft(s?.reason).toMatch(c.message);
    } else if (c.expect === 'imported') {
      const i = report.imported.find((x) => x.file === file);
      const skipped = report.skipped.find((x) => x.file === file);
      const error = report.errors.find((x) => x.file === file);
      if (!i) {
        push(skipped ? `skipped: ${skipped.reason}` : error ? `error: ${error.message}` : '(not imported)');
      }
      expect
        .soft(i, `${file} imported (skipped: ${skipped?.reason}, error: ${error?.message})`)
        .toBeDefined();
      if (!i) continue;
      const notes = [
        ...(i.note ? [{ line: null, message: `${i.status ?? ''} ${i.note}` }] : []),
        ...snapshotIssues(db, i.snapshotId),
      ];
      const hit = c.message ? notes.find((n) => c.message?.test(n.message)) : notes[0];
      push(
        `${file.slice(dir.length + 1)}: imported${hit ? `; ${hit.line === null ? '' : `line ${hit.line}: `}${hit.message}` : notes.length ? `; ${notes[0]?.message}` : ''}`,
      );
      if (c.message)
        expect
          .soft(hit, `an issue or note matching ${c.message} (got ${JSON.stringify(notes)})`)
          .toBeDefined();
      if (c.line !== undefined) expect.soft(hit?.line).toBe(c.line);
    }
  }
  if (c.expect === 'nothing') {
    const named = [...report.errors, ...report.skipped].filter((x) => bad.some((b) => x.file.startsWith(b)));
    push(named.length ? named.map((x) => JSON.stringify(x)).join('; ') : 'no report line (as intended)');
    expect(report.errors).toEqual([]);
  }
  row.message = oneLine(messages.join('; '));

  // the good files of the same batch
  const imported = good.filter((g) => report.imported.some((i) => i.file === g));
  row.goodImported = `${imported.length}/${good.length}`;
  expect(imported).toEqual(good);

  // exit status: 1 when the report holds an error, else 0
  expect(outcome.code).toBe(report.errors.length > 0 ? 1 : 0);

  // the database holds exactly what the report says committed
  const state = inspectDb(db);
  row.dbIntact = describeDb(state);
  expect(state.integrity).toBe('ok');
  const ids = new Set(report.imported.map((i) => i.snapshotId));
  expect(state.snapshots).toBe(ids.size);
  expect(state.sourceFiles).toBe(report.imported.length);

  // the database still answers a reading command
  const list = await listCli(db);
  row.alive += `; list ${list.code === 0 ? `ok (${list.count})` : `exit ${list.code}`}`;
  expect(list.code, list.stderr).toBe(0);
  expect(list.count).toBe(ids.size);

  expect(outcome.peakRssMb).not.toBeNull();
  expect(outcome.peakRssMb ?? Infinity).toBeLessThanOrEqual(boundMb);
  c.check?.({ dir, db, report, outcome, bad });
}
