// GuideLLM `benchmarks.json` (0.3 layout: `args`/`worker` per benchmark; 0.4+ layout: `metadata`,
// `config.strategy`, `scheduler_metrics`) → one serving point per benchmark of the report: a sweep
// is one experiment whose x is the strategy's concurrency (streams) or request rate. Metrics whose
// meaning is vLLM's are added under vLLM's names in vLLM's units; every successful-request
// distribution is kept as written under `guidellm.<name>`.
import { z } from 'zod';
import type { Attributes } from '../../../shared/experiment-attributes';
import {
  markAllFailed,
  type PointFlag,
  type PointIssue,
  type ServingPoint,
} from '../vllm-bench-json/bench-result';
import type { JsonValue, ScanResult } from '../vllm-bench-json/json-scanner';

/** Containers read through without keeping them: per-request lists, densities, non-successful splits. */
export const GUIDELLM_SKIPPED_KEYS: ReadonlySet<string> = new Set([
  'requests',
  'request_samples',
  'pdf',
  'cumulative_distribution_function',
  'errored',
  'incomplete',
  'total',
  'text',
  'image',
  'video',
  'audio',
  'tool_call',
  'environment',
  'scheduler_state',
]);

const Strategy = z
  .object({
    type_: z.string(),
    streams: z.number().nullish(),
    rate: z.number().nullish(),
    max_concurrency: z.number().nullish(),
  })
  .passthrough();

const Distribution = z
  .object({
    mean: z.number().nullish(),
    median: z.number().nullish(),
    std_dev: z.number().nullish(),
    percentiles: z.record(z.string(), z.number().nullable()).nullish(),
  })
  .passthrough();

const Totals = z
  .object({
    successful: z.number(),
    errored: z.number().nullish(),
    incomplete: z.number().nullish(),
    total: z.number().nullish(),
  })
  .passthrough();

/** One benchmark of the report, in either layout (the fields BenchLens reads). */
const Benchmark = z
  .object({
    type_: z.string().nullish(),
    config: z
      .object({
        strategy: Strategy,
        backend: z.object({ model: z.string().nullish() }).passthrough().nullish(),
      })
      .passthrough()
      .nullish(),
    args: z
      .object({
        strategy: Strategy.nullish(),
        profile: z.object({ type_: z.string().nullish() }).passthrough().nullish(),
      })
      .passthrough()
      .nullish(),
    worker: z.object({ backend_model: z.string().nullish() }).passthrough().nullish(),
    request_loader: z.object({ data: z.string().nullish() }).passthrough().nullish(),
    metrics: z.record(z.string(), z.unknown()),
    request_totals: Totals.nullish(),
    run_stats: z.object({ requests_made: Totals.nullish() }).passthrough().nullish(),
    scheduler_metrics: z.object({ requests_made: Totals.nullish() }).passthrough().nullish(),
    start_time: z.number().nullish(),
    duration: z.number().nullish(),
  })
  .passthrough();

/** The report's own fields (0.4+: `metadata` and `args`; 0.3: `benchmarks` only). */
export const GuidellmReport = z
  .object({
    metadata: z.object({ guidellm_version: z.string().nullish() }).passthrough().nullish(),
    args: z
      .object({
        model: z.string().nullish(),
        profile: z.string().nullish(),
        data: z.union([z.array(z.string()), z.string()]).nullish(),
      })
      .passthrough()
      .nullish(),
    benchmarks: z.array(z.unknown()),
  })
  .passthrough();

/** vLLM name stem ← GuideLLM metric, with the factor from GuideLLM's unit to vLLM's (ms). */
const LATENCIES: readonly [string, string, number][] = [
  ['ttft', 'time_to_first_token_ms', 1],
  // GuideLLM's inter-token latency is (last token − first token) / (output − 1): vLLM's TPOT
  ['tpot', 'inter_token_latency_ms', 1],
  // request_latency is in seconds
  ['e2el', 'request_latency', 1000],
];
/** vLLM stat prefix ← GuideLLM percentile key. */
const PERCENTILES: readonly [string, string][] = [
  ['p90', 'p90'],
  ['p95', 'p95'],
  ['p99', 'p99'],
  ['p99.9', 'p999'],
];
const THROUGHPUTS: readonly [string, string][] = [
  ['request_throughput', 'requests_per_second'],
  ['output_throughput', 'output_tokens_per_second'],
  ['total_token_throughput', 'tokens_per_second'],
];

export interface GuidellmPoints {
  points: { point: ServingPoint; issues: PointIssue[] }[];
}

const firstIssue = (e: z.ZodError) => {
  const i = e.issues[0];
  return `"${i?.path.join('.') ?? ''}": ${i?.message ?? ''}`;
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function guidellmPoints(scan: ScanResult): GuidellmPoints {
  const fields: Record<string, JsonValue> = Object.fromEntries(scan.fields);
  const report = GuidellmReport.safeParse(fields);
  if (!report.success) throw new Error(`not a GuideLLM report: ${firstIssue(report.error)}`);
  const r = report.data;
  if (r.benchmarks.length === 0) throw new Error('GuideLLM report without benchmarks');
  const version = r.metadata?.guidellm_version;
  const tool = version ? `guidellm ${version}` : 'guidellm';
  const points = r.benchmarks.map((raw, i) => {
    const b = Benchmark.safeParse(raw);
    if (!b.success) throw new Error(`GuideLLM benchmarks[${i}]: ${firstIssue(b.error)}`);
    return benchmarkPoint(b.data, r, tool);
  });
  return { points };
}

function benchmarkPoint(
  b: z.infer<typeof Benchmark>,
  r: z.infer<typeof GuidellmReport>,
  tool: string,
): { point: ServingPoint; issues: PointIssue[] } {
  const issues: PointIssue[] = [];
  const flags: Record<string, PointFlag> = {};
  const strategy = b.config?.strategy ?? b.args?.strategy ?? null;
  const modelId = b.config?.backend?.model ?? b.worker?.backend_model ?? r.args?.model ?? null;
  const fromMetrics = Totals.safeParse(b.metrics['request_totals']);
  const totals =
    (fromMetrics.success ? fromMetrics.data : null) ??
    b.request_totals ??
    b.scheduler_metrics?.requests_made ??
    b.run_stats?.requests_made;
  const metrics: Record<string, JsonValue> = { backend: 'guidellm' };
  if (modelId) metrics['model_id'] = modelId;
  if (strategy) {
    metrics['guidellm.strategy'] = strategy.type_;
    if (typeof strategy.streams === 'number') metrics['guidellm.streams'] = strategy.streams;
    if (typeof strategy.rate === 'number') metrics['guidellm.rate'] = strategy.rate;
  }
  if (totals) metrics['guidellm.request_totals'] = { ...totals } as unknown as JsonValue;
  for (const [name, value] of Object.entries(b.metrics)) {
    if (name === 'request_totals' || !isObject(value) || !isObject(value['successful'])) continue;
    metrics[`guidellm.${name}`] = value['successful'] as JsonValue;
  }
  const dist = (name: string) => {
    const m = b.metrics[name];
    const d = Distribution.safeParse(isObject(m) ? m['successful'] : undefined);
    return d.success ? d.data : null;
  };
  for (const [stem, name, factor] of LATENCIES) {
    const d = dist(name);
    if (!d) continue;
    const set = (vllm: string, v: number | null | undefined) => {
      if (typeof v === 'number') metrics[vllm] = v * factor;
    };
    set(`mean_${stem}_ms`, d.mean);
    set(`median_${stem}_ms`, d.median);
    set(`std_${stem}_ms`, d.std_dev);
    for (const [p, key] of PERCENTILES) set(`${p}_${stem}_ms`, d.percentiles?.[key]);
  }
  for (const [vllm, name] of THROUGHPUTS) {
    const mean = dist(name)?.mean;
    if (typeof mean === 'number') metrics[vllm] = mean;
  }
  const completed = totals?.successful ?? null;
  const failed = totals?.errored ?? null;
  if (completed === 0) markAllFailed(metrics, flags, issues, failed);
  const place = strategyPlace(strategy);
  const run: Attributes = {};
  const profile = r.args?.profile ?? b.args?.profile?.type_;
  if (profile) run['profile'] = profile;
  const data = r.args?.data ?? b.request_loader?.data;
  if (data) run['data'] = Array.isArray(data) ? data.join(' ') : data;
  return {
    point: {
      ...place,
      completed,
      failed,
      numPrompts: totals?.total ?? null,
      durationS: b.duration ?? null,
      date: typeof b.start_time === 'number' ? new Date(b.start_time * 1000).toISOString() : null,
      modelId,
      metrics,
      flags,
      run,
      tool,
    },
    issues,
  };
}

/** Where a benchmark sits on the sweep: its concurrency (streams) or its request rate. */
function strategyPlace(
  s: z.infer<typeof Strategy> | null,
): Pick<ServingPoint, 'concurrency' | 'concurrencyUnbounded' | 'requestRate' | 'rateInfinite'> {
  const none = { concurrency: null, concurrencyUnbounded: false, requestRate: null, rateInfinite: false };
  if (!s) return none;
  const cap = typeof s.max_concurrency === 'number' ? s.max_concurrency : null;
  switch (s.type_) {
    case 'synchronous':
      return { ...none, concurrency: 1 };
    case 'concurrent':
      return { ...none, concurrency: s.streams ?? cap };
    case 'throughput':
      return { ...none, concurrency: cap, concurrencyUnbounded: cap === null, rateInfinite: true };
    case 'constant':
    case 'poisson':
      return { ...none, requestRate: s.rate ?? null, concurrency: cap, concurrencyUnbounded: cap === null };
    default:
      return none;
  }
}
