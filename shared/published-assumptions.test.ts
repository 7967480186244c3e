import { describe, expect, it } from 'vitest';
import { publishedValues } from './published-assumptions';

describe('published chart assumptions', () => {
  it('gives the Qwen3-235B constants under any of its names, the cache download only on a hit', () => {
    const base = publishedValues({
      model: 'Qwen/Qwen3-235B-A22B',
      meta: { compileCache: 'miss' },
      phases: [],
    });
    expect(base?.values.map((v) => [v.phase, v.valueS])).toEqual([
      ['fixed_init', 39],
      ['memory_profiling', 18.7],
      ['cuda_graph_capture', 44.6],
      ['warmup', 47.7],
      ['unattributed', 0],
    ]);
    const all = publishedValues({
      model: 'Qwen3-235B-A22B-sharded',
      meta: { compileCache: 'hit' },
      phases: [],
    });
    expect(all?.values.find((v) => v.phase === 'compile_cache_download')?.valueS).toBe(15.6);
    expect(all?.values[0]?.note).toMatch(/published chart .*Qwen235B\.png/);
    expect(publishedValues({ model: 'meta-llama/Meta-Llama-3-8B', meta: {}, phases: [] })).toBeNull();
  });
});
