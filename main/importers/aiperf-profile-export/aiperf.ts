// NVIDIA AIPerf `profile_export_aiperf.json` (and GenAI-Perf's `profile_export_genai_perf.json`,
// same metric objects) → one serving point. Both layouts: metric objects under `records` (AIPerf
// ≤0.2) or at the top level next to `aiperf_version` (later). Metrics whose meaning is vLLM's are
// added under vLLM's names, converted from the unit each object states; every metric object is kept
// as written under `aiperf.<tag>`.
import { z } from 'zod';
import {
  markAllFailed,
  type PointFlag,
  type PointIssue,
  type ServingPoint,
} from '../vllm-bench-json/bench-result';
import type { JsonValue, ScanResult } from '../vllm-bench-json/json-scanner';

/** One metric as AIPerf writes it: a unit and statistics (`avg`, `p50`…, `std`). */
const Metric = z
  .object({
    unit: z.string(),
    avg: z.number().nullish(),
    std: z.number().nullish(),
    p50: z.number().nullish(),
    p90: z.number().nullish(),
    p95: z.number().nullish(),
    p99: z.number().nullish(),
  })
  .passthrough();
type Metric = z.infer<typeof Metric>;

const Phase = z
  .object({
    name: z.string().nullish(),
    exclude_from_results: z.boolean().nullish(),
    concurrency: z.number().nullish(),
    request_rate: z.number().nullish(),
  })
  .passthrough();

/** The run's configuration, in AIPerf's two layouts and GenAI-Perf's. */
const InputConfig = z
  .object({
    endpoint: z
      .object({ model_names: z.array(z.string()).nullish(), type: z.string().nullish() })
      .passthrough()
      .nullish(),
    models: z
      .object({ items: z.array(z.object({ name: z.string() }).passthrough()).nullish() })
      .passthrough()
      .nullish(),
    model: z.array(z.string()).nullish(),
    model_names: z.array(z.string()).nullish(),
    perf_analyzer: z
      .object({
        stimulus: z
          .object({ concurrency: z.number().nullish(), request_rate: z.number().nullish() })
          .passthrough()
          .nullish(),
      })
      .passthrough()
      .nullish(),
    loadgen: z
      .object({ concurrency: z.number().nullish(), request_rate: z.number().nullish() })
      .passthrough()
      .nullish(),
    phases: z.array(Phase).nullish(),
    concurrency: z.number().nullish(),
    request_rate: z.number().nullish(),
    tokenizer: z.object({ name: z.string().nullish() }).passthrough().nullish(),
  })
  .passthrough();

export const AiperfExport = z
  .object({
    aiperf_version: z.string().nullish(),
    records: z.record(z.string(), z.unknown()).nullish(),
    input_config: InputConfig.nullish(),
    error_summary: z.array(z.object({ count: z.number() }).passthrough()).nullish(),
    start_time: z.string().nullish(),
  })
  .passthrough();

/** vLLM stem ← AIPerf tags (older tag first). AIPerf's ITL is (latency − TTFT) / (OSL − 1): vLLM's TPOT;
 * its inter-chunk latency is the gap between streamed chunks: vLLM's ITL. */
const LATENCIES: readonly [string, readonly string[]][] = [
  ['ttft', ['ttft', 'time_to_first_token']],
  ['tpot', ['inter_token_latency']],
  ['itl', ['inter_chunk_latency']],
  ['e2el', ['request_latency']],
];
const STATS: readonly [string, 'avg' | 'p50' | 'std' | 'p90' | 'p95' | 'p99'][] = [
  ['mean', 'avg'],
  ['median', 'p50'],
  ['std', 'std'],
  ['p90', 'p90'],
  ['p95', 'p95'],
  ['p99', 'p99'],
];
/** vLLM name ← AIPerf tag, for single-valued metrics (`avg` only), with the unit they must have. */
const TOTALS: readonly [string, string, RegExp][] = [
  ['request_throughput', 'request_throughput', /^requests\/s(?:ec)?$/],
  ['output_throughput', 'output_token_throughput', /^tokens\/s(?:ec)?$/],
  ['total_token_throughput', 'total_token_throughput', /^tokens\/s(?:ec)?$/],
  ['duration', 'benchmark_duration', /^s(?:ec)?$/],
  ['total_input_tokens', 'total_isl', /^tokens$/],
  // AIPerf's total_output_tokens leaves reasoning tokens out; total_osl is every generated token
  ['total_output_tokens', 'total_osl', /^tokens$/],
];

/** Factor from a latency unit to ms, or null for a unit that is not a time. */
function toMs(unit: string): number | null {
  switch (unit) {
    case 'ms':
      return 1;
    case 's':
    case 'sec':
      return 1000;
    case 'us':
      return 1e-3;
    case 'ns':
      return 1e-6;
    default:
      return null;
  }
}

const first = <T>(xs: readonly T[] | null | undefined): T | null => xs?.[0] ?? null;

export function aiperfPoint(scan: ScanResult): { point: ServingPoint; issues: PointIssue[] } {
  const fields: Record<string, JsonValue> = Object.fromEntries(scan.fields);
  const parsed = AiperfExport.safeParse(fields);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new Error(`not an AIPerf profile export: "${i?.path.join('.') ?? ''}": ${i?.message ?? ''}`);
  }
  const x = parsed.data;
  const issues: PointIssue[] = [];
  const flags: Record<string, PointFlag> = {};
  // metric objects: under `records` in the older layout, top-level next to the run's fields later
  const source: Record<string, unknown> = x.records ?? fields;
  const tags = new Map<string, Metric>();
  for (const [tag, v] of Object.entries(source)) {
    const m = Metric.safeParse(v);
    if (m.success) tags.set(tag, m.data);
  }
  if (!tags.has('request_count') && !tags.has('request_throughput'))
    throw new Error('not an AIPerf profile export: no "request_count" nor "request_throughput" metric');
  // GenAI-Perf (AIPerf's predecessor) writes the same metric objects; its run configuration differs
  const cfg = x.input_config;
  const genaiPerf =
    !x.aiperf_version &&
    !x.records &&
    !cfg?.loadgen &&
    !cfg?.phases &&
    !cfg?.models &&
    !cfg?.endpoint?.model_names &&
    (!!cfg?.perf_analyzer || !!cfg?.model || !!cfg?.model_names);
  const tool = genaiPerf ? 'genai-perf' : x.aiperf_version ? `aiperf ${x.aiperf_version}` : 'aiperf';
  const metrics: Record<string, JsonValue> = { backend: genaiPerf ? 'genai-perf' : 'aiperf' };
  for (const [tag, m] of tags) metrics[`aiperf.${tag}`] = m as unknown as JsonValue;
  for (const [stem, names] of LATENCIES) {
    const name = names.find((n) => tags.has(n));
    const m = name ? tags.get(name) : undefined;
    if (!m) continue;
    const f = toMs(m.unit);
    if (f === null) {
      issues.push({
        line: scan.line,
        message: `"${name ?? ''}" in unit "${m.unit}", not a time: not mapped`,
      });
      continue;
    }
    for (const [prefix, stat] of STATS) {
      const v = m[stat];
      if (typeof v === 'number') metrics[`${prefix}_${stem}_ms`] = v * f;
    }
  }
  for (const [vllm, tag, unit] of TOTALS) {
    const m = tags.get(tag);
    if (m && typeof m.avg === 'number' && unit.test(m.unit)) metrics[vllm] = m.avg;
  }
  const modelId =
    first(cfg?.endpoint?.model_names) ??
    first(cfg?.models?.items)?.name ??
    first(cfg?.model) ??
    first(cfg?.model_names) ??
    null;
  if (modelId) metrics['model_id'] = modelId;
  if (cfg?.tokenizer?.name) metrics['tokenizer_id'] = cfg.tokenizer.name;
  if (cfg?.endpoint?.type) metrics['endpoint_type'] = cfg.endpoint.type;
  const phase =
    cfg?.phases?.find((p) => p.name === 'profiling') ?? cfg?.phases?.find((p) => !p.exclude_from_results);
  // AIPerf: loadgen or the profiling phase; GenAI-Perf: top-level, later perf_analyzer.stimulus
  const stimulus = cfg?.perf_analyzer?.stimulus;
  const concurrency =
    cfg?.loadgen?.concurrency ?? phase?.concurrency ?? cfg?.concurrency ?? stimulus?.concurrency ?? null;
  const rate =
    cfg?.loadgen?.request_rate ?? phase?.request_rate ?? cfg?.request_rate ?? stimulus?.request_rate ?? null;
  const completed = tags.get('request_count')?.avg ?? null;
  const errors = x.error_summary?.reduce((s, e) => s + e.count, 0) ?? null;
  const failed = tags.get('error_request_count')?.avg ?? errors ?? (completed !== null ? 0 : null);
  if (completed === 0) markAllFailed(metrics, flags, issues, failed);
  const duration = metrics['duration'];
  return {
    point: {
      concurrency,
      concurrencyUnbounded: false,
      requestRate: rate,
      rateInfinite: false,
      completed,
      failed,
      numPrompts: completed !== null && failed !== null ? completed + failed : null,
      durationS: typeof duration === 'number' ? duration : null,
      date: x.start_time ?? null,
      modelId,
      metrics,
      flags,
      tool,
    },
    issues,
  };
}
