// Naming of result snapshots after their experiment (issue 8): the short name is given once, when the
// import that created the snapshot ends; a name already taken gets its suffix, a snapshot renamed
// meanwhile keeps the user's name, and the library's sort key follows the new name.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../db/store';
import { Importer } from './import';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'benchlens-names-'));
  store = new Store(join(dir, 'db.sqlite'));
});
afterEach(() => store.close());

function write(rel: string, runs: Record<string, unknown>[]): string {
  const p = join(dir, 'in', rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, runs.map((r) => JSON.stringify(r)).join('\n'));
  return p;
}

const run = (deployment: string, c: number) => ({
  backend: 'vllm',
  model_id: 'meta-llama/Llama-3.1-8B',
  deployment,
  gpu: 'L40S',
  completed: 10,
  num_prompts: 10,
  max_concurrency: c,
  output_throughput: c * 3,
});

const names = () =>
  store
    .listSnapshots({ limit: 100 })
    .map((s) => s.name)
    .sort();

describe('result snapshot names', () => {
  it('say the model and only what differs; a taken name gets a suffix; the library key follows', async () => {
    const imp = new Importer(store);
    const r = await imp.importPaths([
      write('results/a.jsonl', [run('base', 1), run('base', 2), run('kv', 1)]),
    ]);
    expect(r.errors).toEqual([]);
    expect(names()).toEqual(['Llama-3.1-8B · deployment=base', 'Llama-3.1-8B · deployment=kv']);
    expect(new Set(r.imported.map((x) => x.name))).toEqual(new Set(names()));
    // the library sorts by a key made from the name: it follows the rename (the names created
    // first, with every parameter, sort the other way round)
    await imp.importPaths([
      write('lab/results/order.jsonl', [
        { ...run('z', 1), deployment: undefined, aaa: 'same', zone: 'z' },
        { ...run('b', 1), deployment: undefined, zone: 'b', aaa: 'same' },
      ]),
    ]);
    const lab = store.listSnapshots({ limit: 100 }).filter((x) => x.bundle === 'lab');
    expect(lab.map((x) => x.name)).toEqual(['Llama-3.1-8B · zone=b', 'Llama-3.1-8B · zone=z']);
    // one experiment alone in each of two folders: both want "Llama-3.1-8B", the second gets "(2)"
    await imp.importPaths([write('x/results/c.jsonl', [run('base', 4)])]);
    await imp.importPaths([write('y/results/d.jsonl', [run('base', 4)])]);
    expect(names()).toEqual([
      'Llama-3.1-8B',
      'Llama-3.1-8B (2)',
      'Llama-3.1-8B · deployment=base',
      'Llama-3.1-8B · deployment=kv',
      'Llama-3.1-8B · zone=b',
      'Llama-3.1-8B · zone=z',
    ]);
  });

  it('renames only a snapshot that still has the name it was created with', async () => {
    await new Importer(store).importPaths([write('results/a.jsonl', [run('base', 1)])]);
    const s = store.findSnapshot('Llama-3.1-8B');
    if (!s) throw new Error('expected the snapshot');
    expect(store.renameImported(s.id, 'another name', 'Llama · x')).toBe('Llama-3.1-8B');
    expect(store.renameImported(s.id, 'Llama-3.1-8B', 'Llama · x')).toBe('Llama · x');
    expect(store.renameImported(99999, 'a', 'b')).toBeNull();
  });
});

describe('a result file uploaded on its own (no folder)', () => {
  it('is named and modelled from its content, as the same file imported from a folder', async () => {
    const name = 'Qwen_Qwen3-30B-A3B_tp4_quant-fp8_benchmarks.json';
    const fixture = join(__dirname, '../../tests/fixtures/results/guidellm', name);
    const staged = join(dir, 'staged.json');
    writeFileSync(staged, readFileSync(fixture));
    const report = await new Importer(store).importStaged([{ name, path: staged }]);
    expect(report.errors).toEqual([]);
    const [snap] = store.listSnapshots({ limit: 10 });
    // the file says Qwen/Qwen3-30B-A3B; its descriptive stem no longer makes the model "qwen"
    expect(snap?.model).toBe('Qwen3-30B-A3B');
    expect(snap?.name).toMatch(/^Qwen3-30B-A3B · guidellm/);
  });
});
