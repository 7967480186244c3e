// Tests for the configuration diff: only differing keys, in a fixed order (settings, attributes, bench
// parameters), importer bookkeeping ignored, bench parameters summarised over the value files.
import { describe, expect, it } from 'vitest';
import { benchParameters, configDiff } from './config-diff';
import type { ServingPoint } from './model';
import { point } from './serving-fixtures';

describe('configDiff', () => {
  it('lists only the start-up settings that differ, in reading order', () => {
    const base = {
      model: 'Qwen/Qwen3-235B-A22B',
      meta: {
        tensorParallelSize: 8,
        loadFormat: 'auto',
        compileCache: 'miss',
        vllmVersion: '0.11.0',
        gpu: 'H100',
        lines: 900,
        startedAt: '10-15 14:44:14',
      },
      attributes: {},
    };
    const cand = {
      model: 'Qwen3-235B-A22B-sharded',
      meta: {
        tensorParallelSize: 8,
        loadFormat: 'runai_streamer_sharded',
        compileCache: 'hit',
        vllmVersion: '0.11.0',
        gpu: 'H100',
        maxModelLen: 32768,
        lines: 150,
        startedAt: '10-15 16:02:48',
      },
      attributes: { label: 'all' },
    };
    expect(configDiff(base, cand)).toEqual([
      { key: 'model', baseline: 'Qwen/Qwen3-235B-A22B', candidate: 'Qwen3-235B-A22B-sharded' },
      { key: 'loadFormat', baseline: 'auto', candidate: 'runai_streamer_sharded' },
      { key: 'compileCache', baseline: 'miss', candidate: 'hit' },
      { key: 'maxModelLen', baseline: null, candidate: 32768 },
      { key: 'label', baseline: null, candidate: 'all' },
    ]);
    expect(configDiff(base, base)).toEqual([]);
  });

  it('diffs serving attributes and bench parameters (1e9 rate as inf, varying values listed)', () => {
    /** A result file with the string `backend` key the fixture helper's numeric metrics cannot hold. */
    const withBackend = (p: ServingPoint): ServingPoint => ({
      ...p,
      metrics: { ...p.metrics, backend: 'vllm' },
    });
    const files = (prompts: number, burst: number) => [
      withBackend(
        point(
          'all-parts/conc4.json',
          {
            num_prompts: prompts * 4,
            request_rate: 1e9,
            burstiness: burst,
            max_concurrency: 4,
          },
          {},
          { request_rate: 'infinite' },
        ),
      ),
      withBackend(
        point(
          'all-parts/conc8.json',
          {
            num_prompts: prompts * 8,
            request_rate: 1e9,
            burstiness: burst,
            max_concurrency: 8,
          },
          {},
          { request_rate: 'infinite' },
        ),
      ),
      // parts are not what the values come from: ignored while an all-parts file exists
      point('part1/conc4.json', { num_prompts: 1, burstiness: 99 }),
    ];
    expect(benchParameters(files(10, 1))).toEqual({
      num_prompts: '40, 80',
      request_rate: 'inf',
      burstiness: 1,
      max_concurrency: '4, 8',
      backend: 'vllm',
    });
    const a = {
      model: 'gpt-oss',
      meta: { modelId: 'openai/gpt-oss-120b' },
      attributes: { runtime: 'rayoss', replicas: 2 },
      points: files(10, 1),
    };
    const b = {
      model: 'gpt-oss',
      meta: { modelId: 'openai/gpt-oss-120b' },
      attributes: { runtime: 'rayturbo', replicas: 8 },
      points: files(20, 0.5),
    };
    expect(configDiff(a, b)).toEqual([
      { key: 'runtime', baseline: 'rayoss', candidate: 'rayturbo' },
      { key: 'replicas', baseline: 2, candidate: 8 },
      { key: 'bench.num_prompts', baseline: '40, 80', candidate: '80, 160' },
      { key: 'bench.burstiness', baseline: 1, candidate: 0.5 },
    ]);
  });
});
