// The gallery of real public inputs through the real CLI: logs import (most of them as partial
// excerpts), other engines are refused, and result files of two models in one generic `results/`
// folder, an llmperf summary and a sweep folder become one snapshot each, named after what they are.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportReport, SnapshotSummary } from '../../shared/model';
import { GALLERY } from '../fixtures/gallery/gallery-values';
import { ROOT, cli, cliJson, tempDb } from './cli-helpers';

const GALLERY_DIR = join(ROOT, 'tests/fixtures/gallery');

describe('gallery of real public inputs through the CLI', () => {
  it('imports every vLLM log with its status and refuses the other engines by name', () => {
    const db = tempDb();
    const r = cli(db, 'import', join(GALLERY_DIR, 'logs'), '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as ImportReport;
    const base = (f: string) => f.split('/').pop() ?? f;
    const imported = new Map(report.imported.map((i) => [base(i.file), i.status ?? 'complete']));
    const skipped = new Map(report.skipped.map((s) => [base(s.file), s.reason]));
    expect(report.errors).toEqual([]);
    for (const g of GALLERY) {
      if (g.kind === 'vllm') expect([g.file, imported.get(g.file)]).toEqual([g.file, g.status]);
      else if (g.kind === 'refused')
        expect(skipped.get(g.file)).toBe(`not a vLLM log (looks like ${g.engine ?? ''})`);
      else expect(skipped.get(g.file)).toMatch(/without any start-up message/);
    }
  });

  it('splits a generic results/ folder by model, names tools and sweeps, flags a run whose requests all failed', () => {
    const db = tempDb();
    const sweep = join(dirname(db), 'sweep', 'SERVE--max_num_seqs=4-BENCH--max_concurrency=2');
    mkdirSync(sweep, { recursive: true });
    const run = {
      backend: 'vllm',
      model_id: 'Qwen/Qwen3-0.6B',
      num_prompts: 8,
      request_rate: 'inf',
      max_concurrency: 2,
      completed: 0,
      failed: 8,
      mean_ttft_ms: 0.0,
      request_throughput: 0.0,
    };
    writeFileSync(join(sweep, 'run=0.json'), JSON.stringify(run));
    const r = cli(
      db,
      'import',
      join(GALLERY_DIR, 'results', 'results'),
      join(GALLERY_DIR, 'results', 'llmperf'),
      join(dirname(sweep)),
      '--json',
    );
    expect(r.code).toBe(0);
    const list = cliJson<SnapshotSummary[]>(db, 'list');
    expect(list.map((s) => s.name).sort()).toEqual([
      'Qwen2.5-VL-3B-Instruct · openai',
      'Qwen3-0.6B',
      'Qwen3-VL-8B-Instruct · openai',
      'TinyLlama-1.1B-Chat-v1.0 · llmperf',
    ]);
    const id = list.find((s) => s.name.startsWith('Qwen3-0.6B'))?.id;
    const shown = cliJson<{ points: { metrics: Record<string, unknown>; flags: Record<string, string> }[] }>(
      db,
      'show',
      String(id),
    );
    expect(shown.points[0]?.metrics['mean_ttft_ms']).toBeNull();
    expect(shown.points[0]?.flags).toMatchObject({ mean_ttft_ms: 'all-failed', request_rate: 'infinite' });
  });
});
