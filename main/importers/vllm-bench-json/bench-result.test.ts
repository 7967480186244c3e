import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toServingPoint } from './bench-result';
import { JsonObjectScanner } from './json-scanner';

function load(name: string) {
  const s = new JsonObjectScanner();
  s.feed(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
  return toServingPoint(s.end());
}

describe('toServingPoint', () => {
  it('keeps NaN/Infinity as flagged nulls and every unknown key of newer vLLM versions', () => {
    const { point, issues } = load('newer-vllm-nan.json');
    expect(issues).toEqual([]);
    expect(point.rateInfinite).toBe(true);
    expect(point.requestRate).toBeNull();
    expect(point.flags).toMatchObject({
      request_rate: 'Infinity',
      request_goodput: 'NaN',
      std_itl_ms: 'NaN',
      p99_itl_ms: '-Infinity',
    });
    expect(point.metrics['request_goodput']).toBeNull();
    expect(point.metrics['percentiles']).toEqual({
      ttft: [
        [50, 140.25],
        [99, 301.75],
      ],
    });
    expect(point.metrics['engine_args']).toEqual({ tensor_parallel_size: 2, max_num_seqs: 256 });
    expect(point.metrics['spec_decode_acceptance_rate']).toBeNull();
    expect(point).toMatchObject({
      concurrency: 32,
      completed: 198,
      failed: 2,
      numPrompts: 200,
      durationS: 41.25,
      modelId: 'acme/tiny-chat-7b',
    });
    expect(point.flags['failed']).toBeUndefined();
  });

  it('reads 1e9 sentinels as infinite rate / unbounded concurrency and derives a missing "failed"', () => {
    const { point } = load('old-vllm-no-failed.json');
    expect(point).toMatchObject({
      rateInfinite: true,
      requestRate: null,
      concurrencyUnbounded: true,
      concurrency: null,
      failed: 4,
    });
    expect(point.flags).toMatchObject({
      request_rate: 'infinite',
      max_concurrency: 'unbounded',
      failed: 'derived',
    });
    // the file's own numbers stay exactly as written
    expect(point.metrics['request_rate']).toBe(1e9);
    expect(point.metrics['max_concurrency']).toBe(1e9);
  });

  it('summarises --save-detailed per-request arrays', () => {
    const { point } = load('rr2-detailed.json');
    expect(point.requestRate).toBe(2);
    expect(point.concurrencyUnbounded).toBe(true);
    expect(point.flags).toMatchObject({
      ttfts: 'summarised',
      itls: 'summarised',
      generated_texts: 'summarised',
    });
    expect(point.metrics['ttfts']).toMatchObject({ count: 50, numbers: 50, min: 0.1, max: 0.149 });
    expect(point.metrics['itls']).toMatchObject({ count: 50, numbers: 150 });
    expect(point.metrics['generated_texts']).toMatchObject({ count: 50, numbers: 0 });
  });
});

function fromText(text: string) {
  const s = new JsonObjectScanner();
  s.feed(text);
  return toServingPoint(s.end());
}

describe('runs whose requests all failed', () => {
  const failedRun = JSON.stringify({
    backend: 'vllm',
    model_id: 'acme/tiny-chat-7b',
    num_prompts: 8,
    request_rate: 'inf',
    max_concurrency: 4,
    completed: 0,
    failed: 8,
    duration: 1.5,
    request_throughput: 0,
    output_throughput: 0.0,
    mean_ttft_ms: 0.0,
    p99_itl_ms: 0.0,
    total_input_tokens: 0,
  });

  it('keeps the zeros out: every measured metric is a flagged null, counts stay', () => {
    const { point, issues } = fromText(failedRun);
    expect(point.metrics['mean_ttft_ms']).toBeNull();
    expect(point.metrics['request_throughput']).toBeNull();
    expect(point.flags).toMatchObject({
      mean_ttft_ms: 'all-failed',
      p99_itl_ms: 'all-failed',
      output_throughput: 'all-failed',
    });
    expect(point.metrics['total_input_tokens']).toBe(0);
    expect(point).toMatchObject({ completed: 0, failed: 8, concurrency: 4 });
    expect(issues.map((i) => i.message)).toEqual([
      'every request failed (completed 0, failed 8): no metric of this run is a value',
    ]);
  });

  it('reads request_rate written as the string "inf"', () => {
    const { point } = fromText(failedRun);
    expect(point.rateInfinite).toBe(true);
    expect(point.requestRate).toBeNull();
    expect(point.flags['request_rate']).toBe('infinite');
  });
});
