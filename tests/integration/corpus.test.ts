// The numbers the corpus README says BenchLens must reproduce, read from the real logs through
// BENCHLENS_CORPUS (never copied into the repo). Set-but-unreadable fails; unset skips, saying so.
import { accessSync, constants, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Comparison, ImportReport, SnapshotDetail } from '../../shared/model';
import { cli, cliJson, tempDb } from './cli-helpers';

const corpus = process.env['BENCHLENS_CORPUS'];
const logs = corpus ? join(corpus, 'replica_initialization', 'experiment_terminal_output') : '';

describe.skipIf(!corpus)('reference corpus (BENCHLENS_CORPUS; skipped: variable not set)', () => {
  it('BENCHLENS_CORPUS is readable and holds the 9 start-up logs', () => {
    accessSync(logs, constants.R_OK);
    expect(readdirSync(logs).filter((f) => f.endsWith('.txt'))).toHaveLength(9);
  });

  const db = tempDb();
  const phase = (c: Comparison, id: string) => c.phases.find((p) => p.id === id);

  it('imports the 9 logs without errors; a second import is a no-op', () => {
    const r = cliJson<ImportReport>(db, 'import', logs);
    expect(r.errors).toEqual([]);
    expect(r.imported).toHaveLength(9);
    const again = cliJson<ImportReport>(db, 'import', logs);
    expect(again.imported).toHaveLength(0);
    expect(again.unchanged).toHaveLength(9);
  });

  it('Qwen3-235B base vs all from the logs alone: 982 s vs 260 s, 3.78x (slowest rank)', () => {
    const c = cliJson<Comparison>(db, 'compare', 'qwen235B-base', 'qwen235B-all');
    expect(c.baseline.totalS).toBeCloseTo(982, 0);
    expect(c.candidate.totalS).toBeCloseTo(260, 0);
    expect(Math.abs((c.speedup ?? 0) - 3.78)).toBeLessThanOrEqual(0.05);
    expect(phase(c, 'model_loading')).toMatchObject({ baselineS: 758.192123, candidateS: 77.913745 });
    expect(phase(c, 'weights_download')?.baselineS).toBeCloseTo(724.1, 1);
    expect(phase(c, 'weights_load')?.baselineS).toBeCloseTo(32.7, 1);
    expect(phase(c, 'torch_compile')?.baselineS).toBeCloseTo(113.0, 1);
    expect(phase(c, 'torch_compile')?.candidateS).toBeCloseTo(23.4, 1);
    expect(phase(c, 'dynamo_transform')?.baselineS).toBeCloseTo(18.0, 1);
    expect(phase(c, 'inductor_compile')?.baselineS).toBeCloseTo(96.3, 1);
    expect(phase(c, 'compile_cache_load')?.candidateS).toBeCloseTo(5.8, 1);
    expect(phase(c, 'cuda_graph_capture')).toMatchObject({ baselineS: 44, candidateS: 44 });
    // every phase is labelled with where its value came from
    expect(phase(c, 'model_loading')?.baselineSource).toBe('log');
    expect(phase(c, 'fixed_init')?.baselineSource).toBe('timestamp');
    expect(phase(c, 'memory_profiling')?.baselineSource).toBe('derived');
  });

  it('init engine 170.5 s vs 88.2 s: memory profiling is what compile, capture and KV init leave of it', () => {
    const b = cliJson<SnapshotDetail>(db, 'show', 'qwen235B-base');
    const a = cliJson<SnapshotDetail>(db, 'show', 'qwen235B-all');
    const sum = (d: SnapshotDetail, ids: string[]) =>
      ids.reduce((s, id) => s + (d.phases.find((p) => p.id === id)?.durationS ?? 0), 0);
    // memory profiling + torch.compile + capture + KV-cache init (1 s in both) = init engine
    expect(sum(b, ['memory_profiling', 'torch_compile', 'cuda_graph_capture']) + 1).toBeCloseTo(170.53, 2);
    expect(sum(a, ['memory_profiling', 'torch_compile', 'cuda_graph_capture']) + 1).toBeCloseTo(88.2, 2);
    for (const d of [a, b]) {
      const top = d.phases.filter((p) => p.parent === null);
      expect(top.reduce((s, p) => s + p.durationS, 0)).toBeCloseTo(d.totalS, 6);
      expect(d.totalS).toBeCloseTo(d.wallClockS ?? -1, 6);
    }
    expect(a.meta).toMatchObject({
      compileCache: 'hit',
      loadFormat: 'runai_streamer_sharded',
      tensorParallelSize: 8,
      gpu: 'NVIDIA H100 80GB HBM3',
    });
    expect(b.meta).toMatchObject({ compileCache: 'miss', loadFormat: 'auto', model: 'Qwen/Qwen3-235B-A22B' });
  });

  it('Llama runs end at the failed first request (no chat template)', () => {
    const d = cliJson<SnapshotDetail>(db, 'show', 'llama70b-base');
    expect(d.meta['endMarker']).toBe('request_error');
    expect(d.meta['tensorParallelSize']).toBe(4);
  });

  it("with the published chart's constants as manual values and --ranks first: 3.85x", () => {
    const constants = [
      'fixed_init=39.4',
      'memory_profiling=18.7',
      'warmup=47.7',
      'cuda_graph_capture=44.6',
      'unattributed=0',
    ];
    for (const snap of ['qwen235B-base', 'qwen235B-all']) {
      const args = constants.flatMap((c) => ['--phase', c]);
      expect(cli(db, 'annotate', snap, ...args, '--note', 'published chart constant').code).toBe(0);
    }
    expect(
      cli(
        db,
        'annotate',
        'qwen235B-all',
        '--phase',
        'compile_cache_download=15.6',
        '--note',
        'published chart',
      ).code,
    ).toBe(0);
    const c = cliJson<Comparison>(db, 'compare', 'qwen235B-base', 'qwen235B-all', '--ranks', 'first');
    expect(Math.abs((c.speedup ?? 0) - 3.85)).toBeLessThanOrEqual(0.03);
    expect(c.baseline.totalS).toBeCloseTo(1018.4, 0);
    expect(c.candidate.totalS).toBeCloseTo(264.5, 0);
    expect(phase(c, 'fixed_init')).toMatchObject({ baselineSource: 'manual', candidateSource: 'manual' });
    // the measured comparison is still there underneath
    const measured = cliJson<SnapshotDetail>(db, 'show', 'qwen235B-all');
    expect(measured.phases.find((p) => p.id === 'fixed_init')).toMatchObject({
      source: 'manual',
      measuredS: 51,
    });
  });
});
