import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ImportRecord } from '../types';
import { JsonScanError } from '../vllm-bench-json/json-scanner';
import { guidellmBenchmarksImporter } from './importer';

const dir = new URL('../../../tests/fixtures/results/guidellm/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir));

function records(buf: Buffer): Extract<ImportRecord, { kind: 'serving-point' }>[] {
  const c = guidellmBenchmarksImporter.consumer();
  for (let at = 0; at < buf.length; at += 4096) c.push(buf.subarray(at, at + 4096));
  return c
    .end()
    .filter((r): r is Extract<ImportRecord, { kind: 'serving-point' }> => r.kind === 'serving-point');
}

describe('GuideLLM benchmarks.json (real reports)', () => {
  it('is sniffed by its own keys, before the vLLM importer would take it', () => {
    for (const f of ['benchmarks_stripped.json', 'Qwen_Qwen3-30B-A3B_tp4_quant-fp8_benchmarks.json'])
      expect(guidellmBenchmarksImporter.sniff(f, read(f).subarray(0, 65536))).toEqual({ match: true });
    expect(
      guidellmBenchmarksImporter.sniff('x.json', Buffer.from('{"request_throughput": 1, "mean_ttft_ms": 2}')),
    ).toEqual({ match: false, reason: null });
  });

  it('reads the 0.3 layout (args / worker per benchmark): ms kept, request latency s → ms, ITL as TPOT', () => {
    const [rec, ...rest] = records(read('benchmarks_stripped.json'));
    expect(rest).toEqual([]);
    const p = rec?.point;
    expect(p).toMatchObject({
      concurrency: 1, // synchronous
      requestRate: null,
      completed: 46,
      failed: 0,
      numPrompts: 47,
      durationS: 29.997201442718506,
      modelId: 'example_model',
      tool: 'guidellm',
      run: { profile: 'sweep', data: 'prompt_tokens=256,output_tokens=128' },
    });
    expect(p?.date).toBe(new Date(1749157168.1827004 * 1000).toISOString());
    const m = p?.metrics ?? {};
    expect(m['mean_ttft_ms']).toBe(16.792535781860348);
    expect(m['median_ttft_ms']).toBe(16.38054847717285);
    expect(m['p99_ttft_ms']).toBe(21.281957626342773);
    expect(m['mean_tpot_ms']).toBe(4.941609043733832);
    expect(m['mean_e2el_ms']).toBeCloseTo(644.4743664368339, 9);
    expect(m['request_throughput']).toBe(1.5481806532737452);
    expect(m['output_throughput']).toBe(198.13346751788123);
    // GuideLLM's TPOT counts the first token: not vLLM's, kept as written only
    expect(m['mean_itl_ms']).toBeUndefined();
    expect(m['guidellm.time_per_output_token_ms']).toMatchObject({ mean: 4.90300272307966 });
    expect(m['backend']).toBe('guidellm');
  });

  it('reads the 0.4+ layout (metadata, config.strategy, measured request totals) and says the version', () => {
    const [rec] = records(read('Qwen_Qwen3-30B-A3B_tp4_quant-fp8_benchmarks.json'));
    const p = rec?.point;
    expect(p).toMatchObject({
      concurrency: 1,
      completed: 19,
      failed: 0,
      numPrompts: 19,
      durationS: 720,
      modelId: 'Qwen/Qwen3-30B-A3B',
      tool: 'guidellm 0.5.0.dev0',
      run: { profile: 'synchronous', data: '/root/aime_2024_v2.jsonl' },
    });
    const m = p?.metrics ?? {};
    expect(m['mean_ttft_ms']).toBe(59.9928153188605);
    expect(m['p99_ttft_ms']).toBe(72.79777526855469);
    expect(m['mean_tpot_ms']).toBe(38.65124784686373);
    expect(m['median_e2el_ms']).toBeCloseTo(40018.13006401062, 6);
    expect(m['total_token_throughput']).toBe(28.184432940030266);
    // per-request lists are read through, never kept
    expect(JSON.stringify(m)).not.toContain('"requests"');
    expect(rec?.issues).toEqual([]);
  });

  it('gives one point per benchmark of a sweep, numbered, placed by streams or rate', () => {
    const one = JSON.parse(read('benchmarks_stripped.json').toString('utf8')) as {
      benchmarks: { args: { strategy: Record<string, unknown> } }[];
    };
    const b = one.benchmarks[0];
    const sweep = {
      benchmarks: [
        b,
        { ...b, args: { ...b?.args, strategy: { type_: 'concurrent', streams: 8 } } },
        { ...b, args: { ...b?.args, strategy: { type_: 'constant', rate: 2.5 } } },
        { ...b, args: { ...b?.args, strategy: { type_: 'throughput' } } },
      ],
    };
    const recs = records(Buffer.from(JSON.stringify(sweep)));
    expect(recs.map((r) => r.ordinal)).toEqual([1, 2, 3, 4]);
    expect(recs.map((r) => [r.point.concurrency, r.point.requestRate, r.point.rateInfinite])).toEqual([
      [1, null, false],
      [8, null, false],
      [null, 2.5, false],
      [null, null, true],
    ]);
  });

  it('names the benchmark when one is not a GuideLLM benchmark after all', () => {
    expect(() => records(Buffer.from('{"benchmarks": [{"metrics": {}}, {"nope": 1}]}'))).toThrow(
      /GuideLLM benchmarks\[1\]: "metrics"/,
    );
  });

  it('never throws anything but a named Error on mangled reports (property)', () => {
    const text = read('benchmarks_stripped.json').toString('utf8');
    fc.assert(
      fc.property(fc.nat(text.length), fc.nat(text.length), fc.string(), (a, b, junk) => {
        const cut = text.slice(0, Math.min(a, b)) + junk + text.slice(Math.max(a, b));
        try {
          records(Buffer.from(cut));
        } catch (e) {
          // a JSON error names its line; a schema error names the benchmark and field
          if (e instanceof JsonScanError) expect(e.line).toBeGreaterThanOrEqual(1);
          else expect((e as Error).message).toMatch(/^(?:not a GuideLLM report|GuideLLM )/);
        }
      }),
      { numRuns: 300 },
    );
  });
});
