import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ImportRecord } from '../types';
import { JsonScanError } from '../vllm-bench-json/json-scanner';
import { vllmBenchJsonImporter } from '../vllm-bench-json/importer';
import { detectImporter } from '../detect';
import { CSV_REASON, aiperfProfileExportImporter } from './importer';

const dir = new URL('../../../tests/fixtures/results/aiperf/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir));
const GLM =
  'glm5.1-agentic/agentic_glm5.1_tp2_conc4_offloadnone_fp4_sglang_tp2-ep1-dpafalse_disagg-false_spec-none_conc4_mi355x-amds_03/aiperf_artifacts/profile_export_aiperf.json';

function record(buf: Buffer): Extract<ImportRecord, { kind: 'serving-point' }> {
  const c = aiperfProfileExportImporter.consumer();
  for (let at = 0; at < buf.length; at += 4096) c.push(buf.subarray(at, at + 4096));
  const [r] = c.end();
  if (r?.kind !== 'serving-point') throw new Error('no serving point');
  return r;
}

describe('AIPerf profile_export_aiperf.json (real exports)', () => {
  it('is sniffed by its metric objects in all three layouts; vLLM results are not', () => {
    for (const f of [
      'run1/profile_export_aiperf.json',
      'qwen-sweep/qwen_concurrency1/profile_export_aiperf.json',
      GLM,
    ])
      expect(aiperfProfileExportImporter.sniff(f, read(f))).toEqual({ match: true });
    const vllm = Buffer.from('{"request_throughput": 1.5, "mean_ttft_ms": 20}');
    expect(aiperfProfileExportImporter.sniff('x.json', vllm)).toEqual({ match: false, reason: null });
    // the vLLM importer would have taken it (it comes later in the registry)
    expect(vllmBenchJsonImporter.sniff('x.json', read(GLM))).toEqual({ match: true });
  });

  it('skips the CSV export beside the JSON with a reason (same values, rounded)', () => {
    const csv = read('run1/profile_export_aiperf.csv');
    expect(detectImporter('run1/profile_export_aiperf.csv', csv)).toEqual({
      importer: null,
      reason: CSV_REASON,
    });
  });

  it('reads the `records` layout (AIPerf 0.1/0.2): ITL as TPOT, inter-chunk latency as ITL, cancelled requests as failed', () => {
    const { point, pointInFolder } = record(read('run1/profile_export_aiperf.json'));
    expect(pointInFolder).toBe(true);
    expect(point).toMatchObject({
      concurrency: 100,
      completed: 89,
      failed: 11,
      numPrompts: 100,
      durationS: 9.317788951,
      date: '2025-10-03T13:13:39.146443',
      modelId: 'openai/gpt-oss-20b',
      tool: 'aiperf',
    });
    const m = point.metrics;
    expect(m['mean_ttft_ms']).toBe(2343.219436988764);
    expect(m['median_ttft_ms']).toBe(2369.317693);
    expect(m['p99_ttft_ms']).toBe(3833.3894000399996);
    expect(m['std_ttft_ms']).toBe(1049.8164554204095);
    expect(m['mean_tpot_ms']).toBe(27.763065454471807);
    expect(m['mean_itl_ms']).toBe(27.755153106189347);
    expect(m['p99_itl_ms']).toBe(140.53429476);
    expect(m['mean_e2el_ms']).toBe(9059.654633033708);
    expect(m['request_throughput']).toBe(9.551622221540914);
    expect(m['output_throughput']).toBe(2320.7222350404572);
    expect(m['total_input_tokens']).toBe(48950);
    // AIPerf's own total_output_tokens leaves reasoning out; vLLM's counts every generated token
    expect(m['total_output_tokens']).toBe(21624);
    expect(m['aiperf.total_output_tokens']).toMatchObject({ unit: 'tokens', avg: 1832 });
    expect(m['aiperf.ttst']).toMatchObject({ unit: 'ms', avg: 120.16625153932584 });
    expect(m['endpoint_type']).toBe('chat');
  });

  it('reads the top-level layout with its version, phases and tokenizer', () => {
    const { point, issues } = record(read(GLM));
    expect(issues).toEqual([]);
    expect(point).toMatchObject({
      concurrency: 4,
      completed: 294,
      failed: 0,
      durationS: 1820.3131223040002,
      modelId: 'amd/GLM-5.1-MXFP4',
      tool: 'aiperf 0.8.0',
    });
    expect(point.metrics['mean_ttft_ms']).toBe(1302.5129366156464);
    expect(point.metrics['median_ttft_ms']).toBe(432.555779);
    expect(point.metrics['p99_e2el_ms']).toBe(97272.95370406994);
    expect(point.metrics['total_token_throughput']).toBe(10918.673692163122);
  });

  it('places each export of a concurrency sweep by its own load generator setting', () => {
    const got = [1, 2, 4].map((c) => {
      const { point } = record(read(`qwen-sweep/qwen_concurrency${c}/profile_export_aiperf.json`));
      return [point.concurrency, point.metrics['mean_ttft_ms'], point.metrics['request_throughput']];
    });
    expect(got).toEqual([
      [1, 30.814987671875, 0.2504302580624667],
      [2, 36.455307999999995, 0.5033347244269587],
      [4, 49.838312015625, 0.9726808041949375],
    ]);
  });

  it('reads GenAI-Perf’s run configuration, older and newer (no real export found: built from its exporter’s tests)', () => {
    const doc = (input_config: unknown) =>
      Buffer.from(
        JSON.stringify({
          request_throughput: { unit: 'requests/sec', avg: 2.87 },
          time_to_first_token: { unit: 'ms', avg: 40.5, p99: 51 },
          input_config,
        }),
      );
    expect(aiperfProfileExportImporter.sniff('profile_export_genai_perf.json', doc({}))).toEqual({
      match: true,
    });
    const older = record(doc({ model: ['gpt2'], concurrency: 8 })).point;
    expect([older.modelId, older.concurrency, older.tool, older.metrics['backend']]).toEqual([
      'gpt2',
      8,
      'genai-perf',
      'genai-perf',
    ]);
    const newer = record(
      doc({ model_names: ['llama'], perf_analyzer: { stimulus: { concurrency: 32 } } }),
    ).point;
    expect([newer.modelId, newer.concurrency, newer.metrics['request_throughput']]).toEqual([
      'llama',
      32,
      2.87,
    ]);
  });

  it('converts from the unit each metric states, and refuses a latency in a unit that is not a time', () => {
    const doc = (unit: string) =>
      Buffer.from(
        JSON.stringify({
          request_count: { unit: 'requests', avg: 3 },
          time_to_first_token: { unit, avg: 0.25, p99: 0.5 },
          input_config: { endpoint: { model_names: ['m'] } },
        }),
      );
    expect(record(doc('sec')).point.metrics['mean_ttft_ms']).toBe(250);
    expect(record(doc('ns')).point.metrics['p99_ttft_ms']).toBe(0.5e-6);
    const bad = record(doc('tokens'));
    expect(bad.point.metrics['mean_ttft_ms']).toBeUndefined();
    expect(bad.issues[0]?.message).toMatch(/"time_to_first_token" in unit "tokens", not a time/);
  });

  it('keeps a run whose requests all failed out of the curves', () => {
    const { point, issues } = record(
      Buffer.from(
        JSON.stringify({
          request_count: { unit: 'requests', avg: 0 },
          error_request_count: { unit: 'requests', avg: 8 },
          time_to_first_token: { unit: 'ms', avg: 0 },
          request_throughput: { unit: 'requests/sec', avg: 0 },
        }),
      ),
    );
    expect(point.metrics['mean_ttft_ms']).toBeNull();
    expect(point.flags['request_throughput']).toBe('all-failed');
    expect(issues[0]?.message).toMatch(/every request failed \(completed 0, failed 8\)/);
  });

  it('never throws anything but a JSON error with its line or a named export error (property)', () => {
    const text = read('run1/profile_export_aiperf.json').toString('utf8');
    fc.assert(
      fc.property(fc.nat(text.length), fc.nat(text.length), fc.string(), (a, b, junk) => {
        const cut = text.slice(0, Math.min(a, b)) + junk + text.slice(Math.max(a, b));
        try {
          record(Buffer.from(cut));
        } catch (e) {
          if (e instanceof JsonScanError) expect(e.line).toBeGreaterThanOrEqual(1);
          else expect((e as Error).message).toMatch(/^not an AIPerf profile export/);
        }
      }),
      { numRuns: 300 },
    );
  });
});
