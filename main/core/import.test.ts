// Import pipeline on hostile and unusual input (issue 9): JSON Lines results, cut strings reported,
// deep JSON refused by name, listing that survives a bad row, and a report holding only what committed.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Store } from '../../db/store';
import { MAX_LINE_BYTES } from '../importers/line-reader';
import { JsonObjectScanner, MAX_DEPTH, MAX_STRING_CHARS } from '../importers/vllm-bench-json/json-scanner';
import { Importer } from './import';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'benchlens-import-'));
  store = new Store(join(dir, 'db.sqlite'));
});
afterEach(() => store.close());

function write(rel: string, text: string): string {
  const p = join(dir, 'in', rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
}

const run = (c: number) => ({ completed: 10, num_prompts: 10, max_concurrency: c, output_throughput: c * 3 });

describe('Importer', () => {
  it('imports each line of a JSON Lines result file (--append-result) as one point', async () => {
    const f = write(
      'exp/results.jsonl',
      [run(1), run(4), run(16)].map((r) => JSON.stringify(r)).join('\n') + '\n',
    );
    const report = await new Importer(store).importPaths([f]);
    expect(report.errors).toEqual([]);
    expect(report.imported.map((i) => i.file)).toEqual([`${f}#1`, `${f}#2`, `${f}#3`]);
    const [snap] = store.listSnapshots();
    expect(snap?.meta['points']).toBe(3);
    expect(store.servingPoints(snap?.id ?? -1).map((p) => p.concurrency)).toEqual([1, 4, 16]);
    // the same file again: every line unchanged
    const again = await new Importer(store).importPaths([f]);
    expect(again.unchanged).toHaveLength(3);
    expect(again.imported).toEqual([]);
  });

  it('imports a result with a huge string, cut and reported as an issue', async () => {
    const f = write(
      'exp/c1.json',
      `{"completed": 1, "num_prompts": 1, "note": "${'z'.repeat(MAX_STRING_CHARS + 10)}"}`,
    );
    const report = await new Importer(store).importPaths([f]);
    expect(report.errors).toEqual([]);
    const [snap] = store.listSnapshots();
    expect(snap?.issues).toContainEqual({
      line: 1,
      message: `c1.json: string under "note" cut to ${MAX_STRING_CHARS} of ${MAX_STRING_CHARS + 10} characters`,
    });
    expect((store.servingPoints(snap?.id ?? -1)[0]?.metrics['note'] as string).length).toBe(MAX_STRING_CHARS);
    // the report says what was cut, beside the file
    expect(report.imported[0]?.limits).toEqual([
      `line 1: string under "note" cut to ${MAX_STRING_CHARS} of ${MAX_STRING_CHARS + 10} characters`,
    ]);
  });

  it('refuses JSON nested 1000 levels deep with the file and line, and the store stays listable', async () => {
    const good = write('exp/c1.json', JSON.stringify(run(1)));
    const deep = write(
      'exp/c2.json',
      `{"completed": 1, "num_prompts": 1,\n"x": ${'['.repeat(1000)}${']'.repeat(1000)}}`,
    );
    const report = await new Importer(store).importPaths([good, deep]);
    expect(report.errors).toEqual([
      { file: deep, line: 2, message: `invalid JSON: JSON nested deeper than ${MAX_DEPTH} levels` },
    ]);
    expect(report.imported.map((i) => i.file)).toEqual([good]);
    // a row written by an older version (or by hand) that SQLite's JSON functions cannot read
    store.db
      .prepare('UPDATE serving_points SET metrics_json = ?')
      .run(`{"output_throughput": 1, "x": ${'['.repeat(1000)}${']'.repeat(1000)}}`);
    const rows = store.listSnapshots();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.meta['points']).toBe(1);
  });

  it('reports nothing as imported from a file whose transaction rolled back', async () => {
    // the third point of the file fails inside the transaction: the first two roll back with it
    store.db.exec(`CREATE TRIGGER fail_third BEFORE INSERT ON serving_points WHEN NEW.file LIKE '%#3'
      BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    const f = write('exp/results.jsonl', [run(1), run(2), run(3)].map((r) => JSON.stringify(r)).join('\n'));
    const report = await new Importer(store).importPaths([f]);
    expect(report.imported).toEqual([]);
    expect(report.errors).toEqual([{ file: f, line: null, message: 'disk I/O error' }]);
    expect(store.listSnapshots()).toEqual([]);
  });

  const fixture = readFileSync(
    new URL('../importers/vllm-startup-log/fixtures/vllm-serve-2026.log', import.meta.url),
    'utf8',
  );

  it('imports a log with a line longer than MAX_LINE_BYTES, cut and reported with its line', async () => {
    const lines = fixture.split('\n');
    const long = 'q'.repeat(MAX_LINE_BYTES + 123);
    const f = write('run.log', [lines[0], long, ...lines.slice(1)].join('\n'));
    const report = await new Importer(store).importPaths([f]);
    expect(report.errors).toEqual([]);
    expect(report.imported).toHaveLength(1);
    const snap = store.findSnapshot(report.imported[0]?.snapshotId ?? -1);
    expect(snap?.issues).toContainEqual({
      line: 2,
      message: `line cut to ${MAX_LINE_BYTES} bytes (123 more bytes not read)`,
    });
    expect(report.imported[0]?.limits).toEqual([
      `line 2: line cut to ${MAX_LINE_BYTES} bytes (123 more bytes not read)`,
    ]);
  });

  it('stops inside a file when cancelled, not only between files', async () => {
    // 8 MB: many read chunks; cancelled when the file starts
    const f = write('big.log', fixture + `${'x'.repeat(99)}\n`.repeat(80_000));
    const second = write('exp/c1.json', JSON.stringify(run(1)));
    const ctl = new AbortController();
    const importer = new Importer(store, (p) => {
      if (p.file === f) ctl.abort();
    });
    const report = await importer.importPaths([f, second], ctl.signal);
    expect(report.imported).toEqual([]);
    expect(report.skipped).toEqual([
      { file: f, reason: 'import cancelled' },
      { file: second, reason: 'import cancelled' },
    ]);
    expect(store.listSnapshots()).toEqual([]);
  });

  it('re-imports the files of a deleted serving snapshot (their source rows go with it)', async () => {
    const f = write('exp/c1.json', JSON.stringify(run(1)));
    const first = await new Importer(store).importPaths([f]);
    expect(store.deleteSnapshot(first.imported[0]?.snapshotId ?? -1)).toBe(1);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM source_files').get()).toEqual({ n: 0 });
    const again = await new Importer(store).importPaths([f]);
    expect(again.unchanged).toEqual([]);
    expect(again.imported.map((i) => i.file)).toEqual([f]);
  });

  it('feeds an upload to the parser in read-sized chunks, not as one string of the whole file', async () => {
    const feed = vi.spyOn(JsonObjectScanner.prototype, 'feed');
    try {
      const content = JSON.stringify({ ...run(1), note: 'n'.repeat(1 << 20) });
      const report = await new Importer(store).importContents([{ name: 'exp/c1.json', content }]);
      expect(report.imported).toHaveLength(1);
      const longest = Math.max(...feed.mock.calls.map(([chunk]) => chunk.length));
      expect(longest).toBeLessThanOrEqual(64 * 1024);
    } finally {
      feed.mockRestore();
    }
  });
});
