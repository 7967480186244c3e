// Issue 9 (5): two processes importing into one database — the desktop app and the CLI share the
// default one — both finish with every file imported: writes are BEGIN IMMEDIATE with a busy timeout,
// so the second writer waits for the lock instead of failing with "database is locked".
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Store } from '../../../db/store';
import type { ImportReport } from '../../../shared/model';
import { tempDb } from '../cli-helpers';
import { describeDb, inspectDb, oneLine, record, runBenchlens, writeTable } from './harness';

const FILES_PER_PROCESS = 150;

function resultFolder(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), `benchlens-conc-${tag}-`));
  for (let e = 0; e < FILES_PER_PROCESS / 10; e++) {
    const exp = join(dir, `${tag}-exp${e}`);
    mkdirSync(exp);
    for (let c = 0; c < 10; c++) {
      const point = {
        completed: 100 + c,
        num_prompts: 100 + c,
        max_concurrency: 2 ** c,
        output_throughput: e * c,
      };
      writeFileSync(join(exp, `c${2 ** c}.json`), JSON.stringify(point));
    }
  }
  return dir;
}

function importIn(db: string, dir: string): ReturnType<typeof runBenchlens> {
  return runBenchlens(['import', dir, '--db', db, '--json']);
}

afterAll(() => writeTable('4-concurrent-writers'));

describe('two processes importing into one database', () => {
  it('both import every file, none fails with "database is locked"', async () => {
    const row = record('two concurrent writers (150 files each)', 'cli', 300);
    const db = tempDb();
    const [a, b] = await Promise.all([importIn(db, resultFolder('a')), importIn(db, resultFolder('b'))]);
    row.peakRssMb = Math.max(a.peakRssMb ?? 0, b.peakRssMb ?? 0);
    row.alive = `exit ${a.code}, ${b.code}`;
    row.message = oneLine(a.stderr + b.stderr || 'no message (no error)');
    const counts = [a, b].map((r) => {
      try {
        return (JSON.parse(r.stdout) as ImportReport).imported.length;
      } catch {
        return 0;
      }
    });
    row.goodImported = `${counts[0]}/${FILES_PER_PROCESS}, ${counts[1]}/${FILES_PER_PROCESS}`;
    row.dbIntact = describeDb(inspectDb(db));
    expect(row.peakRssMb).toBeLessThanOrEqual(300);
    for (const r of [a, b]) {
      expect(r.stderr).not.toMatch(/locked|busy/i);
      const report = JSON.parse(r.stdout) as ImportReport;
      expect(report.errors).toEqual([]);
      expect(report.imported).toHaveLength(FILES_PER_PROCESS);
      expect(r.code).toBe(0);
    }
    const store = new Store(db);
    try {
      const rows = store.listSnapshots();
      expect(rows).toHaveLength((2 * FILES_PER_PROCESS) / 10);
      expect(rows.reduce((s, r) => s + Number(r.meta['points']), 0)).toBe(2 * FILES_PER_PROCESS);
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      store.close();
    }
  }, 120_000);
});
