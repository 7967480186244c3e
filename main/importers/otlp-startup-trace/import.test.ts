// Both start-up formats through the real import pipeline into a fresh database: one snapshot per
// trace / per iteration, named after the file and what tells them apart; a second import is a no-op.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../db/store';
import { Importer } from '../../core/import';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'benchlens-startup-formats-'));
  store = new Store(join(dir, 'db.sqlite'));
});
afterEach(() => store.close());

const fixture = (rel: string) => fileURLToPath(new URL(`../${rel}`, import.meta.url));

describe('start-up snapshots from traces and `vllm bench startup`', () => {
  it('imports every trace and iteration as its own snapshot, and finds them unchanged the second time', async () => {
    const files = [
      ['otlp-startup-trace/fixtures/otlp-tp2-startup.json', 'trace.json'],
      ['otlp-startup-trace/fixtures/otlp-two-servers.jsonl.json', 'servers.json'],
      ['vllm-bench-startup/fixtures/startup-qwen3-0.6b.json', 'startup.json'],
    ].map(([from, to]) => {
      const p = join(dir, to ?? '');
      copyFileSync(fixture(from ?? ''), p);
      return p;
    });
    const report = await new Importer(store).importPaths(files);
    expect(report.errors).toEqual([]);
    expect(report.imported.map((i) => [i.name, i.status ?? 'complete'])).toEqual([
      ['trace', 'complete'],
      ['servers · vllm trace aaaaaaaa', 'partial'],
      ['servers · vllm trace bbbbbbbb', 'complete'],
      ['startup · cold 1/3', 'complete'],
      ['startup · cold 2/3', 'complete'],
      ['startup · cold 3/3', 'complete'],
      ['startup · warm 1/3', 'complete'],
      ['startup · warm 2/3', 'complete'],
      ['startup · warm 3/3', 'complete'],
    ]);
    const totals = store.listSnapshots().map((s) => [s.name, s.totalS]);
    expect(totals).toEqual(
      expect.arrayContaining([
        ['trace', 98.4],
        ['startup · cold 1/3', 43.12],
        ['servers · vllm trace bbbbbbbb', 40],
      ]),
    );
    const again = await new Importer(store).importPaths(files);
    expect(again.imported).toEqual([]);
    expect(again.unchanged).toHaveLength(9);
  });
});
