import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JsonObjectScanner } from '../vllm-bench-json/json-scanner';
import { llmperfSummaryImporter } from './importer';
import { llmperfPoint } from './llmperf';

const FILE = new URL(
  '../../../tests/fixtures/gallery/results/llmperf/tinyLlama-TinyLlama-1-1B-Chat-v1-0_256_100_summary.json',
  import.meta.url,
);

describe('llmperf summary (real file from the gallery)', () => {
  const text = readFileSync(FILE, 'utf8');

  it('is sniffed by its own keys', () => {
    expect(llmperfSummaryImporter.sniff('x.json', Buffer.from(text))).toEqual({ match: true });
    expect(llmperfSummaryImporter.sniff('x.json', Buffer.from('{"mean_ttft_ms": 1}'))).toEqual({
      match: false,
      reason: null,
    });
  });

  it('maps the metrics that mean the same onto vLLM names, keeps the rest as written', () => {
    const s = new JsonObjectScanner();
    s.feed(text);
    const { point } = llmperfPoint(s.end());
    expect(point).toMatchObject({
      concurrency: 5,
      completed: 50,
      failed: 0,
      numPrompts: 50,
      modelId: 'tinyLlama/TinyLlama-1.1B-Chat-v1.0',
    });
    expect(point.metrics['mean_ttft_ms']).toBeCloseTo(0.25382229144015583 * 1000, 9);
    expect(point.metrics['p99_ttft_ms']).toBeCloseTo(0.5874693769191432 * 1000, 9);
    expect(point.metrics['mean_e2el_ms']).toBeCloseTo(1.1840654935201018 * 1000, 9);
    expect(point.metrics['output_throughput']).toBe(335.40081105324157);
    expect(point.metrics['request_throughput']).toBeCloseTo(202.3737797988183 / 60, 12);
    // llmperf's ITL includes the TTFT: not vLLM's ITL, so not mapped
    expect(point.metrics['mean_itl_ms']).toBeUndefined();
    expect(point.metrics['results_number_input_tokens_min']).toBe('131');
    expect(point.metrics['backend']).toBe('llmperf');
  });

  it('names the file when it is not an llmperf summary after all', () => {
    const s = new JsonObjectScanner();
    s.feed('{"num_concurrent_requests": 2, "results_num_completed_requests": 3}');
    expect(() => llmperfPoint(s.end())).toThrow(/not an llmperf summary: "model"/);
  });
});
