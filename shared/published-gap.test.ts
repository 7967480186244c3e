import { describe, expect, it } from 'vitest';
import type { Phase } from './model';
import { publishedGap } from './published-gap';

const phase = (id: string, durationS: number, over: Partial<Phase> = {}): Phase => ({
  id,
  parent: null,
  startS: 0,
  durationS,
  source: 'log',
  detail: '',
  ranks: [],
  lines: [],
  measuredS: null,
  note: null,
  ...over,
});

// qwen235B-base as the log gives it (rounded): 982 s in all
const logged = [
  phase('fixed_init', 50),
  phase('model_loading', 758.2),
  phase('torch_compile', 113),
  phase('memory_profiling', 12.5),
  phase('cuda_graph_capture', 44),
  phase('warmup', 4),
  phase('unattributed', 0.3),
];

describe('publishedGap', () => {
  it('lists per phase the logged value, the chart constant, the difference and the source', () => {
    const g = publishedGap({
      model: 'Qwen/Qwen3-235B-A22B',
      meta: { compileCache: 'miss' },
      phases: logged,
      totalS: 982,
    });
    expect(g?.rows.map((r) => [r.phase, r.loggedS, r.publishedS, Number(r.differenceS.toFixed(3))])).toEqual([
      ['fixed_init', 50, 39, -11],
      ['memory_profiling', 12.5, 18.7, 6.2],
      ['cuda_graph_capture', 44, 44.6, 0.6],
      ['warmup', 4, 47.7, 43.7],
      ['unattributed', 0.3, 0, -0.3],
    ]);
    expect(g?.rows[3]?.label).toMatch(/Warmup/);
    expect(g?.rows[0]?.source).toMatch(/Qwen235B\.png/);
    expect(g?.loggedTotalS).toBe(982);
    expect(g?.publishedTotalS).toBeCloseTo(1021.2, 9);
  });

  it('compares with the measurement when the chart constants are applied, and counts a phase the log lacks as 0 s', () => {
    const applied = logged.map((p) =>
      p.id === 'warmup' ? { ...p, durationS: 47.7, source: 'manual' as const, measuredS: 4 } : p,
    );
    applied.push(phase('compile_cache_download', 15.6, { source: 'manual', measuredS: null }));
    const g = publishedGap({
      model: 'Qwen3-235B-A22B-sharded',
      meta: { compileCache: 'hit' },
      phases: applied,
      totalS: 982 + 43.7 + 15.6,
      measuredTotalS: 982,
    });
    const warmup = g?.rows.find((r) => r.phase === 'warmup');
    expect([warmup?.loggedS, warmup?.publishedS]).toEqual([4, 47.7]);
    const cache = g?.rows.find((r) => r.phase === 'compile_cache_download');
    expect([cache?.loggedS, cache?.publishedS, cache?.differenceS]).toEqual([null, 15.6, 15.6]);
    expect(g?.loggedTotalS).toBe(982);
    expect(g?.publishedTotalS).toBeCloseTo(982 + 39.2 + 15.6, 9);
  });

  it('is null for a model without a documented published chart', () => {
    expect(
      publishedGap({ model: 'meta-llama/Meta-Llama-3-70B', meta: {}, phases: logged, totalS: 982 }),
    ).toBeNull();
  });
});
