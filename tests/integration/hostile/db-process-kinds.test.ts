// The bad-input suite, database and process kinds (issue 9): kill -9 mid-import, a full disk
// (SQLite's max_page_count) mid-file, a deleted serving snapshot imported again, a read-only
// database, another application's SQLite file. Each checks the message, the database holding
// exactly what committed (integrity_check, row counts) and the peak RSS of the process.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../../shared/model';
import { ROOT } from '../cli-helpers';
import {
  caseDir,
  cleanUp,
  describeDb,
  importCli,
  inspectDb,
  listCli,
  oneLine,
  queryDb,
  record,
  runBenchlens,
  runNode,
  writeTable,
} from './harness';
import { GOOD_JSON, point, RAY_LOG, V0_LOG, write, writeGoodFiles } from './inputs';

const BOUND_MB = 300;
const AS_OTHER_USER = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
const sha256 = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

afterAll(() => {
  writeTable('3-db-process-kinds');
  cleanUp();
});

/** 40 experiments of 10 result files each, plus the two good files. */
function manyResults(dir: string): number {
  for (let e = 0; e < 40; e++)
    for (let c = 0; c < 10; c++)
      write(join(dir, 'runs', `exp${String(e).padStart(2, '0')}`, `c${2 ** c}.json`), point(2 ** c, { e }));
  return 400 + writeGoodFiles(dir).length;
}

describe('database and process kinds', () => {
  it('kill -9 mid-import', async () => {
    const row = record('kill -9 mid-import', 'cli', BOUND_MB);
    const dir = caseDir('kill9');
    const db = join(caseDir('kill9-db'), 'benchlens.db');
    const total = manyResults(dir);
    let killedAt = -1;
    const first = await importCli(db, [dir], {
      onSpawn: (child) => {
        const poll = setInterval(() => {
          if (!existsSync(`${db}-wal`)) return;
          try {
            const n = inspectDb(db).sourceFiles;
            if (n >= 20) {
              killedAt = n;
              child.kill('SIGKILL');
              clearInterval(poll);
            }
          } catch {
            // the schema is not there yet
          }
        }, 10);
        child.on('close', () => clearInterval(poll));
      },
    });
    row.peakRssMb = first.peakRssMb;
    expect(first.signal, 'killed mid-import (the import finished first?)').toBe('SIGKILL');
    const state = inspectDb(db);
    row.dbIntact = describeDb(state);
    expect(state.integrity).toBe('ok');
    // every committed file is whole: each source file holds its point or its start-up snapshot
    const orphans = queryDb<{ n: number }>(
      db,
      'SELECT count(*) AS n FROM source_files sf WHERE NOT EXISTS (SELECT 1 FROM serving_points p WHERE p.source_file_id = sf.id) AND NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.source_file_id = sf.id)',
    );
    expect(orphans).toEqual([{ n: 0 }]);
    expect(state.sourceFiles).toBeGreaterThanOrEqual(killedAt);
    expect(state.sourceFiles).toBeLessThan(total);
    // importing again adds exactly the files that had not committed
    const again = await importCli(db, [dir]);
    expect(again.code).toBe(0);
    const report = again.report as ImportReport;
    row.message = oneLine(
      `killed after ${state.sourceFiles} of ${total} files committed; re-import: ${report.imported.length} imported, ${report.unchanged.length} unchanged`,
    );
    expect(report.unchanged).toHaveLength(state.sourceFiles);
    expect(report.imported).toHaveLength(total - state.sourceFiles);
    const good = report.imported.concat(report.unchanged as never[]).filter((i) => i.file.includes('/good'));
    row.goodImported = `${good.length}/2`;
    expect(good).toHaveLength(2);
    const end = inspectDb(db);
    expect(end.integrity).toBe('ok');
    expect(end.sourceFiles).toBe(total);
    const list = await listCli(db);
    row.alive = `re-import exit ${again.code}; list ${list.code === 0 ? `ok (${list.count})` : `exit ${list.code}`}`;
    expect(list.code).toBe(0);
    expect(row.peakRssMb ?? Infinity).toBeLessThanOrEqual(BOUND_MB);
  }, 180_000);

  it('the database inside the imported folder, read by another process meanwhile', async () => {
    // Before the fix the import opened its own database files as inputs; closing those descriptors
    // dropped SQLite's POSIX locks, the reader then truncated the shared memory, and the importer
    // died of SIGBUS (or could corrupt the database).
    const row = record('database inside the imported folder + concurrent reader', 'cli', BOUND_MB);
    const dir = caseDir('own-db');
    const db = join(dir, 'db', 'benchlens.db');
    const total = manyResults(dir);
    let reads = 0;
    const out = await importCli(db, [dir], {
      onSpawn: (child) => {
        const poll = setInterval(() => {
          if (!existsSync(`${db}-wal`)) return;
          try {
            queryDb(db, 'SELECT count(*) AS n FROM source_files');
            reads++;
          } catch {
            // the schema is not there yet
          }
        }, 10);
        child.on('close', () => clearInterval(poll));
      },
    });
    row.peakRssMb = out.peakRssMb;
    row.alive = out.signal ? `no: ${out.signal}` : `exit ${out.code} (${reads} reads meanwhile)`;
    expect(out.signal).toBeNull();
    expect(out.code, out.stderr).toBe(0);
    const report = out.report as ImportReport;
    const own = report.skipped.filter((s) => s.file.startsWith(join(dir, 'db')));
    row.message = oneLine(own.map((s) => `${s.file.slice(dir.length + 1)}: skipped, ${s.reason}`).join('; '));
    expect(own.map((s) => s.file)).toEqual(expect.arrayContaining([db, `${db}-wal`, `${db}-shm`]));
    for (const s of own) expect(s.reason).toBe('the database this import writes to (not read)');
    row.goodImported = `${report.imported.filter((i) => i.file.includes('/good')).length}/2`;
    expect(report.imported).toHaveLength(total);
    const state = inspectDb(db);
    row.dbIntact = describeDb(state);
    expect(state.integrity).toBe('ok');
    expect(state.sourceFiles).toBe(total);
    expect(row.peakRssMb ?? Infinity).toBeLessThanOrEqual(BOUND_MB);
  }, 180_000);

  it('full disk mid-file (SQLite max_page_count): the file rolls back, the report says so', async () => {
    const row = record('full disk mid-file (max_page_count)', 'core', BOUND_MB);
    const dir = caseDir('full');
    const db = join(dir, 'benchlens.db');
    const a = write(join(dir, 'a', 'exp', 'c1.json'), GOOD_JSON);
    // 20,000 distinct warnings from 1,000 source locations (20 of each kind, all kept under the event
    // bounds of the parser): far more event rows than the 60 pages left
    const warnings = Array.from(
      { length: 20_000 },
      (_, i) => `WARNING 11-20 08:00:20 [x${i % 1000}.py:1] distinct warning ${i} ${'w'.repeat(60)}\n`,
    );
    const big = write(
      join(dir, 'b', 'big.log'),
      V0_LOG.replace('INFO 11-20 08:00:31', `${warnings.join('')}INFO 11-20 08:00:31`),
    );
    const c = write(join(dir, 'c', 'ray.log'), RAY_LOG);
    // the schema first, so the page budget counts only what the import adds
    expect((await runBenchlens(['list', '--db', db, '--create'])).code).toBe(0);
    const out = await runNode(
      [
        '--import',
        'tsx',
        join(ROOT, 'tests/integration/hostile/full-disk-child.ts'),
        db,
        '60',
        join(dir, 'a'),
        join(dir, 'b'),
        join(dir, 'c'),
      ],
      { timeoutMs: 120_000 },
    );
    row.peakRssMb = out.peakRssMb;
    expect(out.code, out.stderr).toBe(0);
    const report = JSON.parse(out.stdout) as ImportReport;
    const error = report.errors.find((e) => e.file === big);
    row.message = oneLine(
      error ? `b/big.log: ${error.message}` : `no error for big.log: ${JSON.stringify(report)}`,
    );
    expect(error?.message).toMatch(/full/i);
    // listed once, as an error, never as imported
    expect(report.imported.map((i) => i.file)).not.toContain(big);
    const imported = report.imported.map((i) => i.file);
    row.goodImported = `${[a, c].filter((f) => imported.includes(f)).length}/2`;
    expect(imported).toEqual([a, c]);
    const state = inspectDb(db);
    row.dbIntact = describeDb(state);
    expect(state.integrity).toBe('ok');
    expect(state.logEvents).toBeLessThan(1000); // none of big.log's events stayed
    // each reported id holds the file the report names
    for (const i of report.imported) {
      const rows = queryDb<{ path: string }>(
        db,
        'SELECT sf.path AS path FROM source_files sf WHERE sf.id IN (SELECT source_file_id FROM snapshots WHERE id = ? UNION SELECT source_file_id FROM serving_points WHERE snapshot_id = ?)',
        i.snapshotId,
        i.snapshotId,
      );
      expect(rows.map((r) => r.path)).toContain(i.file);
    }
    const list = await listCli(db);
    row.alive = `exit ${out.code}; list ${list.code === 0 ? `ok (${list.count})` : `exit ${list.code}`}`;
    expect(list.count).toBe(2);
    expect(row.peakRssMb ?? Infinity).toBeLessThanOrEqual(BOUND_MB);
  }, 180_000);

  it('deleted serving snapshot imported again', async () => {
    const row = record('deleted serving snapshot re-imported', 'cli', BOUND_MB);
    const dir = caseDir('reimport');
    const db = join(caseDir('reimport-db'), 'benchlens.db');
    for (const c of [1, 2, 4]) write(join(dir, 'exp', `c${c}.json`), point(c));
    const first = (await importCli(db, [dir])).report as ImportReport;
    const id = first.imported[0]?.snapshotId;
    expect(first.imported).toHaveLength(3);
    const rm = await runBenchlens(['rm', `#${id}`, '--db', db]);
    expect(rm.code, rm.stderr).toBe(0);
    const again = await importCli(db, [dir]);
    row.peakRssMb = again.peakRssMb;
    const report = again.report as ImportReport;
    row.message = oneLine(
      `after rm: ${report.imported.length} imported, ${report.unchanged.length} unchanged`,
    );
    row.goodImported = `${report.imported.length}/3`;
    expect(report.unchanged).toEqual([]);
    expect(report.imported).toHaveLength(3);
    const state = inspectDb(db);
    row.dbIntact = describeDb(state);
    expect(state.integrity).toBe('ok');
    expect(state).toMatchObject({ snapshots: 1, sourceFiles: 3, servingPoints: 3 });
    row.alive = `exit ${again.code}`;
    expect(row.peakRssMb ?? Infinity).toBeLessThanOrEqual(BOUND_MB);
  }, 120_000);

  it('read-only database: reading commands work, an import is refused by name', async () => {
    const row = record('read-only database', 'cli', BOUND_MB);
    const dir = caseDir('readonly');
    const db = join(dir, 'db', 'benchlens.db');
    write(join(dir, 'exp', 'c1.json'), point(1));
    expect((await importCli(db, [join(dir, 'exp')])).code).toBe(0);
    // a clean, checkpointed file: what a backup or a shared read-only copy looks like
    const conn = new Database(db);
    conn.pragma('journal_mode = DELETE');
    conn.close();
    const before = sha256(db);
    chmodSync(db, 0o444);
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'db'), 0o555);
    write(join(dir, 'more', 'c2.json'), point(2));
    chmodSync(join(dir, 'more'), 0o755);
    const list = await runBenchlens(['list', '--db', db, '--json'], AS_OTHER_USER);
    const imp = await runBenchlens(['import', join(dir, 'more'), '--db', db, '--json'], AS_OTHER_USER);
    row.peakRssMb = Math.max(list.peakRssMb ?? 0, imp.peakRssMb ?? 0);
    row.message = oneLine(
      `list exit ${list.code}${list.stderr ? `: ${list.stderr}` : ''}; import exit ${imp.code}: ${imp.stderr}`,
    );
    row.goodImported = 'n/a';
    row.alive = `list exit ${list.code}, import exit ${imp.code}`;
    chmodSync(join(dir, 'db'), 0o755);
    const after = sha256(db);
    const state = inspectDb(db);
    row.dbIntact = `${describeDb(state)}; file ${after === before ? 'unchanged' : 'CHANGED'}`;
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as unknown[]).length).toBe(1);
    expect(imp.code).toBe(1);
    expect(imp.stderr).toContain(db);
    expect(imp.stderr).toMatch(/read-only|readonly|not writable|permission/i);
    expect(after).toBe(before);
    expect(existsSync(`${db}-wal`)).toBe(false);
    expect(row.peakRssMb).toBeLessThanOrEqual(BOUND_MB);
  }, 120_000);

  it("another application's SQLite file is refused before anything is written", async () => {
    const row = record('foreign SQLite file as --db', 'cli', BOUND_MB);
    const dir = caseDir('foreign');
    const db = join(dir, 'contacts.sqlite');
    const conn = new Database(db);
    conn.exec(
      "CREATE TABLE contacts (name TEXT, phone TEXT); INSERT INTO contacts VALUES ('Ada', '555-0100');",
    );
    conn.close();
    const before = sha256(db);
    write(join(dir, 'exp', 'c1.json'), point(1));
    const list = await runBenchlens(['list', '--db', db]);
    const imp = await runBenchlens(['import', join(dir, 'exp'), '--db', db]);
    row.peakRssMb = Math.max(list.peakRssMb ?? 0, imp.peakRssMb ?? 0);
    row.message = oneLine(imp.stderr);
    row.goodImported = 'n/a';
    row.alive = `list exit ${list.code}, import exit ${imp.code}`;
    const after = sha256(db);
    row.dbIntact = `${after === before ? 'file unchanged' : 'file CHANGED'}${existsSync(`${db}-wal`) ? ', -wal left' : ''}`;
    for (const r of [list, imp]) {
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(db);
    }
    expect(after).toBe(before);
    expect(existsSync(`${db}-wal`)).toBe(false);
    expect(row.peakRssMb).toBeLessThanOrEqual(BOUND_MB);
  }, 120_000);
});
