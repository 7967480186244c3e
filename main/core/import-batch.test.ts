// Small files share one transaction (issue 10: 5): the report is the same as one transaction per
// file, a file that fails inside the batch rolls back alone, a failed commit reports every file of
// the batch as not stored, and two imports running at once on one importer keep their own reports.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Store } from '../../db/store';
import { BATCH_MAX_FILES, Importer } from './import';

let dir: string;
const stores: Store[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'benchlens-batch-'));
});
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

function open(name: string): Store {
  const s = new Store(join(dir, name));
  stores.push(s);
  return s;
}

const result = (c: number) =>
  JSON.stringify({ completed: 10, num_prompts: 10, max_concurrency: c, output_throughput: c * 3 });

/** `experiments` folders of `points` result files each under `root`. */
function tree(root: string, experiments: number, points: number): string {
  for (let e = 0; e < experiments; e++) {
    mkdirSync(join(dir, root, `exp${e}`), { recursive: true });
    for (let c = 1; c <= points; c++) writeFileSync(join(dir, root, `exp${e}`, `c${c}.json`), result(c));
  }
  return join(dir, root);
}

const countRows = (s: Store, table: string) =>
  (s.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('batched import', () => {
  it('reports and stores the same as one transaction per file, with far fewer commits', async () => {
    const root = tree('in', 30, 10); // 300 files: more than one batch by count
    const batched = open('a.db');
    const commits = vi.spyOn(batched, 'endBatch');
    const a = await new Importer(batched).importPaths([root]);
    const b = await new Importer(open('b.db'), undefined, { batch: false }).importPaths([root]);
    expect(a.errors).toEqual([]);
    expect(a.imported).toHaveLength(300);
    expect(a).toEqual(b);
    expect(commits.mock.calls.length).toBeGreaterThanOrEqual(Math.ceil(300 / BATCH_MAX_FILES));
    expect(commits.mock.calls.length).toBeLessThan(300 / 4);
    expect(countRows(batched, 'serving_points')).toBe(300);
    expect(batched.db.inTransaction).toBe(false);
  });

  it('rolls back only the file that fails inside the batch', async () => {
    const root = tree('in', 1, 5);
    const store = open('a.db');
    const real = store.insertServingPoint.bind(store);
    vi.spyOn(store, 'insertServingPoint').mockImplementation((file, exp, point, issues) => {
      if (point.file === 'c3.json') {
        real(file, exp, point, issues); // written, then the failure: the savepoint must undo it
        throw new Error('disk said no');
      }
      return real(file, exp, point, issues);
    });
    const r = await new Importer(store).importPaths([root]);
    expect(r.errors).toEqual([{ file: join(root, 'exp0', 'c3.json'), line: null, message: 'disk said no' }]);
    expect(r.imported.map((i) => i.file.slice(root.length))).toEqual(
      ['c1', 'c2', 'c4', 'c5'].map((c) => `/exp0/${c}.json`),
    );
    expect(store.servingPoints(r.imported[0]?.snapshotId ?? -1).map((p) => p.file)).toEqual([
      'c1.json',
      'c2.json',
      'c4.json',
      'c5.json',
    ]);
    expect(countRows(store, 'source_files')).toBe(4);
  });

  it('reports every file of a batch whose commit failed as not stored, and stores none of it', async () => {
    const root = tree('in', 2, 3);
    const store = open('a.db');
    const real = store.endBatch.bind(store);
    vi.spyOn(store, 'endBatch').mockImplementation(() => {
      real(false); // what a failed COMMIT leaves: nothing of the batch
      throw new Error('database or disk is full');
    });
    const r = await new Importer(store).importPaths([root]);
    expect(r.imported).toEqual([]);
    expect(r.errors).toHaveLength(6);
    for (const e of r.errors) expect(e.message).toMatch(/^not stored: .*database or disk is full/);
    expect(countRows(store, 'snapshots')).toBe(0);
    expect(countRows(store, 'source_files')).toBe(0);
  });

  it('keeps two imports running at once on one importer apart: each report lists its own files', async () => {
    const one = tree('one', 3, 4);
    const two = tree('two', 2, 5);
    const store = open('a.db');
    const importer = new Importer(store);
    const [a, b] = await Promise.all([importer.importPaths([one]), importer.importPaths([two])]);
    expect(a.imported).toHaveLength(12);
    expect(b.imported).toHaveLength(10);
    expect(a.imported.every((i) => i.file.startsWith(one))).toBe(true);
    expect(b.imported.every((i) => i.file.startsWith(two))).toBe(true);
    expect(countRows(store, 'serving_points')).toBe(22);
    expect(store.db.inTransaction).toBe(false);
  });
});
