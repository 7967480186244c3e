// Ray llmperf `*_summary.json` → one serving point. Metrics whose meaning is the same as
// `vllm bench serve`'s are added under vLLM's names (seconds → ms); every key is kept as written.
// llmperf's inter-token latency includes the TTFT (end-to-end / output tokens): it is not mapped.
import { z } from 'zod';
import type { PointIssue, ServingPoint } from '../vllm-bench-json/bench-result';
import type { JsonValue, ScanResult } from '../vllm-bench-json/json-scanner';

/** The fields read, as llmperf's token_benchmark_ray.py writes them (others are kept as written). */
export const LlmperfSummary = z
  .object({
    model: z.string(),
    num_concurrent_requests: z.number(),
    results_ttft_s_mean: z.number(),
    results_num_completed_requests: z.number(),
    results_num_requests_started: z.number().nullish(),
    results_number_errors: z.number().nullish(),
    results_mean_output_throughput_token_per_s: z.number().nullish(),
    results_num_completed_requests_per_min: z.number().nullish(),
    timestamp: z.number().nullish(),
  })
  .passthrough();

/** vLLM metric name ← llmperf key, with the factor from llmperf's unit to vLLM's. */
const SAME_MEANING: readonly [string, string, number][] = [
  ['mean_ttft_ms', 'results_ttft_s_mean', 1000],
  ['median_ttft_ms', 'results_ttft_s_quantiles_p50', 1000],
  ['p99_ttft_ms', 'results_ttft_s_quantiles_p99', 1000],
  ['std_ttft_ms', 'results_ttft_s_stddev', 1000],
  ['mean_e2el_ms', 'results_end_to_end_latency_s_mean', 1000],
  ['median_e2el_ms', 'results_end_to_end_latency_s_quantiles_p50', 1000],
  ['p99_e2el_ms', 'results_end_to_end_latency_s_quantiles_p99', 1000],
  ['std_e2el_ms', 'results_end_to_end_latency_s_stddev', 1000],
  ['output_throughput', 'results_mean_output_throughput_token_per_s', 1],
  ['request_throughput', 'results_num_completed_requests_per_min', 1 / 60],
];

export function llmperfPoint(scan: ScanResult): { point: ServingPoint; issues: PointIssue[] } {
  const metrics: Record<string, JsonValue> = Object.fromEntries(scan.fields);
  const issues: PointIssue[] = [];
  const parsed = LlmperfSummary.safeParse(metrics);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new Error(`not an llmperf summary: "${i?.path.join('.') ?? ''}": ${i?.message ?? ''}`);
  }
  const s = parsed.data;
  for (const [name, key, factor] of SAME_MEANING) {
    const v = metrics[key];
    if (typeof v === 'number' && !(name in metrics)) metrics[name] = v * factor;
  }
  metrics['backend'] ??= 'llmperf';
  metrics['model_id'] ??= s.model;
  const completed = s.results_num_completed_requests;
  const failed = s.results_number_errors ?? null;
  return {
    point: {
      concurrency: s.num_concurrent_requests,
      concurrencyUnbounded: false,
      requestRate: null,
      rateInfinite: false,
      completed,
      failed,
      numPrompts: s.results_num_requests_started ?? null,
      durationS: null,
      date: typeof s.timestamp === 'number' ? new Date(s.timestamp * 1000).toISOString() : null,
      modelId: s.model,
      metrics,
      flags: {},
    },
    issues,
  };
}
