import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { folderAsFile } from '../locate';
import type { ImportRecord } from '../types';
import { metadataParameters, typedParameter } from './bench-result';
import { vllmBenchJsonImporter } from './importer';
import { JsonObjectScanner, JsonScanError } from './json-scanner';

const dir = new URL('../../../tests/fixtures/results/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir));

function points(buf: Buffer): Extract<ImportRecord, { kind: 'serving-point' }>[] {
  const c = vllmBenchJsonImporter.consumer();
  for (let at = 0; at < buf.length; at += 1000) c.push(buf.subarray(at, at + 1000));
  return c
    .end()
    .filter((r): r is Extract<ImportRecord, { kind: 'serving-point' }> => r.kind === 'serving-point');
}

describe('--metadata key=value (real benchmark_serving.py JSON Lines, llm-d deployments)', () => {
  const recs = points(read('vllm-metadata/results.json'));

  it('reads every line, the "inf" rate string and the colon-suffixed goodput key', () => {
    expect(recs).toHaveLength(9);
    expect(recs.map((r) => r.point.requestRate)).toEqual([10, 30, null, 10, 30, null, 10, 30, null]);
    expect(recs[2]?.point.rateInfinite).toBe(true);
    expect(recs[0]?.point.metrics['mean_ttft_ms']).toBe(54.59561144333596);
    expect(recs[1]?.point.metrics['p99_itl_ms']).toBe(74.24358160013071);
    expect(recs[6]?.point.metrics['mean_ttft_ms']).toBe(53.96254838997568);
    expect(recs[0]?.point.metrics['request_goodput']).toBeNull();
    expect('request_goodput:' in (recs[0]?.point.metrics ?? {})).toBe(true);
  });

  it('types the metadata values (written as strings) and keeps them as the run parameters', () => {
    expect(recs[0]?.point.run).toEqual({
      deployment: 'no-features',
      gpu: '4xNVIDIA_L40S',
      gateway: 'kgateway',
      prefill_replicas: 0,
      decode_replicas: 4,
      input_len: 1000,
      output_len: 500,
    });
    // `model=` repeats model_id: not a parameter of its own
    expect(recs[3]?.point.run?.['deployment']).toBe('base');
    expect(recs[8]?.point.run?.['deployment']).toBe('kvcache');
  });

  it('keeps vLLM’s own strings out, renames keys BenchLens sets itself, reads a nested metadata object', () => {
    expect(
      metadataParameters({
        date: '20250530-194738',
        backend: 'vllm',
        model_id: 'a/b',
        model: 'c/d',
        label: 'x',
        request_rate: 'inf',
        tp: '8',
        metadata: { concurrency: '16', note: 'warm', dp: 2 },
      }),
    ).toEqual({ 'metadata.model': 'c/d', tp: 8, 'metadata.concurrency': 16, note: 'warm', dp: 2 });
    expect([
      typedParameter('1e3'),
      typedParameter('true'),
      typedParameter('None'),
      typedParameter('v1'),
    ]).toEqual([1000, true, null, 'v1']);
  });
});

describe('InferenceMAX results (seconds, their own keys)', () => {
  it('reads an agg_bmk.json list: one point per entry, seconds → ms, the serving configuration as run parameters', () => {
    const buf = read('inferencemax/agg_bmk.json');
    expect(vllmBenchJsonImporter.sniff('agg_bmk.json', buf)).toEqual({ match: true });
    const recs = points(buf);
    expect(recs.map((r) => r.ordinal)).toEqual([1, 2]);
    const [none, hicache] = recs.map((r) => r.point);
    expect(none).toMatchObject({
      concurrency: 128,
      completed: 439,
      failed: 0,
      numPrompts: 439,
      durationS: 1827.057731244,
      modelId: 'Qwen/Qwen3.5-397B-A17B-FP8',
      tool: 'InferenceMAX',
    });
    // "none", false and "" say a feature is off: not parameters of the run
    expect(none?.run).toEqual({ hw: 'mi300x', tp: 8, ep: 1, scenario_type: 'agentic-coding' });
    expect(hicache?.run?.['offloading']).toBe('hicache');
    expect(none?.metrics['mean_ttft_ms']).toBeCloseTo(329.37865170195215 * 1000, 6);
    expect(none?.metrics['p95_e2el_ms']).toBeCloseTo(636.9911999089989 * 1000, 6);
    expect(none?.metrics['mean_tpot_ms']).toBeCloseTo(0.3272988768303452 * 1000, 9);
    expect(none?.metrics['output_throughput']).toBe(82.93826593909805);
    // agentic runs are measured by AIPerf: their "itl" is per request, not vLLM's ITL
    expect(none?.metrics['mean_itl_ms']).toBeUndefined();
    expect(none?.metrics['mean_ttft']).toBe(329.37865170195215);
  });

  it('gives the same TTFT in ms as AIPerf’s own export of the same run', () => {
    const [rec] = points(
      read(
        'inferencemax/glm5.1-agentic/glm5.1_tp2_conc4_offloadnone_fp4_sglang_tp2-ep1-dpafalse_disagg-false_spec-none_conc4_mi355x-amds_03.json',
      ),
    );
    const aiperf = JSON.parse(
      read(
        'aiperf/glm5.1-agentic/agentic_glm5.1_tp2_conc4_offloadnone_fp4_sglang_tp2-ep1-dpafalse_disagg-false_spec-none_conc4_mi355x-amds_03/aiperf_artifacts/profile_export_aiperf.json',
      ).toString('utf8'),
    ) as { time_to_first_token: { avg: number } };
    expect(rec?.point.metrics['mean_ttft_ms']).toBeCloseTo(aiperf.time_to_first_token.avg, 9);
    expect(rec?.point).toMatchObject({ concurrency: 4, completed: 294, modelId: 'amd/GLM-5.1-MXFP4' });
    expect(rec?.point.metrics['backend']).toBe('sglang');
  });
});

describe('per-request arrays in seconds', () => {
  it('stand in for missing means in ms, flagged derived, their summaries saying the unit', () => {
    const [rec] = points(
      Buffer.from(
        JSON.stringify({
          backend: 'tensorrt-llm',
          completed: 3,
          num_prompts: 3,
          ttfts: [0.1, 0.2, 0.3],
          itls: [[0.01, 0.03], [0.02]],
          e2els: [1, 2, 3],
        }),
      ),
    );
    const p = rec?.point;
    expect(p?.metrics['mean_ttft_ms']).toBeCloseTo(200, 9);
    expect(p?.metrics['mean_itl_ms']).toBeCloseTo(20, 9);
    expect(p?.metrics['mean_e2el_ms']).toBeCloseTo(2000, 9);
    expect(p?.flags['mean_ttft_ms']).toBe('derived');
    expect(p?.metrics['ttfts']).toMatchObject({ count: 3, unit: 's' });
  });
});

describe('scanner options', () => {
  it('reads a top-level list of objects as one result each, and names a bad list by its line', () => {
    const s = new JsonObjectScanner({ topLevelArray: true });
    s.feed('[\n{"a": 1},\n{"a": 2}\n]\n');
    expect(s.endAll().map((r) => [r.line, r.fields.get('a')])).toEqual([
      [2, 1],
      [3, 2],
    ]);
    const bad = new JsonObjectScanner({ topLevelArray: true });
    expect(() => bad.feed('[\n{"a": 1}\n{"a": 2}]')).toThrow(/between the objects of the list/);
    expect(() => new JsonObjectScanner().feed('[{"a": 1}]')).toThrow(/found an array/);
  });

  it('reads skipped keys through at any depth without keeping or counting them', () => {
    const s = new JsonObjectScanner({ skipKeys: new Set(['requests']) });
    s.feed('{"b": [{"requests": [{"x": "y"}, 2], "keep": {"requests": 3}}]}');
    const r = s.end();
    expect(r.fields.get('b')).toEqual([{ keep: { requests: 3 } }]);
    expect(r.droppedValues).toBe(0);
  });
});

describe('robustness of the fork readers (property)', () => {
  const scalar = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom('inf', '4', 'None', 'true', ''),
  );
  const key = fc.constantFrom(
    'conc',
    'mean_ttft',
    'p99_e2el',
    'tput_per_gpu',
    'num_requests_total',
    'num_requests_successful',
    'framework',
    'scenario_type',
    'tp',
    'model',
    'model_id',
    'completed',
    'num_prompts',
    'request_rate',
    'max_concurrency',
    'request_goodput:',
    'deployment',
    'metadata',
    'ttfts',
    'date',
  );
  const value = fc.oneof(
    scalar,
    fc.array(scalar, { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 6 }), scalar),
  );

  it('never throws on any object of known and unknown keys, and every run parameter is a scalar', () => {
    fc.assert(
      fc.property(
        fc.array(fc.dictionary(key, value), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        (objs, list) => {
          const text = list ? JSON.stringify(objs) : objs.map((o) => JSON.stringify(o)).join('\n');
          for (const r of points(Buffer.from(text))) {
            for (const v of Object.values(r.point.run ?? {}))
              expect(['string', 'number', 'boolean', 'object']).toContain(typeof v);
            for (const v of Object.values(r.point.run ?? {})) if (typeof v === 'object') expect(v).toBeNull();
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('names the line of a broken JSON Lines or list file', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), (n) => {
        const good = Array.from({ length: n }, (_, i) => JSON.stringify({ completed: i, request_rate: 1 }));
        try {
          points(Buffer.from([...good, '{"completed": 1,,}'].join('\n')));
          expect.unreachable();
        } catch (e) {
          expect(e).toBeInstanceOf(JsonScanError);
          expect((e as JsonScanError).line).toBe(n + 1);
        }
      }),
    );
  });
});

describe('artifact folders of fixed-name files', () => {
  it('let the run folder stand in for the file, the folder above being the experiment', () => {
    expect(folderAsFile('sweep/c4/profile_export_aiperf.json')).toBe('sweep/c4.json');
    expect(folderAsFile('/r/glm/run_conc8/aiperf_artifacts/profile_export_aiperf.json')).toBe(
      '/r/glm/run_conc8.json',
    );
    expect(folderAsFile('profile_export_aiperf.json')).toBe('profile_export_aiperf.json');
  });
});
