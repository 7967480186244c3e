// `vllm bench serve --save-result` JSON → one serving point: every key kept (unknown keys of newer
// vLLM versions too), sentinels and non-finite numbers flagged rather than charted, missing
// `failed` derived, `--metadata` key=value strings read as typed run parameters, forks' keys
// (`request_goodput:`, InferenceMAX's seconds) put under vLLM's names in vLLM's units.
// The external format has its own zod schema; nothing internal is reused for it.
import { z } from 'zod';
import type { AttrValue, Attributes } from '../../../shared/experiment-attributes';
import type { JsonValue, ScanResult } from './json-scanner';

/** The fields BenchLens reads, as `vllm bench serve` writes them (all optional: versions differ). */
export const BenchResultFile = z
  .object({
    date: z.string().nullish(),
    backend: z.string().nullish(),
    endpoint_type: z.string().nullish(),
    label: z.string().nullish(),
    model_id: z.string().nullish(),
    tokenizer_id: z.string().nullish(),
    num_prompts: z.number().nullish(),
    request_rate: z.union([z.number(), z.string()]).nullish(),
    burstiness: z.number().nullish(),
    max_concurrency: z.number().nullish(),
    duration: z.number().nullish(),
    completed: z.number().nullish(),
    failed: z.number().nullish(),
    total_input_tokens: z.number().nullish(),
    total_output_tokens: z.number().nullish(),
    request_throughput: z.number().nullish(),
    output_throughput: z.number().nullish(),
    total_token_throughput: z.number().nullish(),
  })
  .passthrough();

/** vLLM writes 1e9 for "no limit": request_rate=inf becomes 1e9 in some versions, max_concurrency=None too. */
export const SENTINEL = 1e9;

export type PointFlag =
  'NaN' | 'Infinity' | '-Infinity' | 'infinite' | 'unbounded' | 'derived' | 'summarised' | 'all-failed';

/** Measured metrics (latencies, throughputs): meaningless when no request completed. */
const MEASURED = /_ms$|throughput|goodput|^max_output_tokens_per_s$|^max_concurrent_requests$|^rtfx$/;

export interface ServingPoint {
  concurrency: number | null;
  concurrencyUnbounded: boolean;
  requestRate: number | null;
  rateInfinite: boolean;
  completed: number | null;
  failed: number | null;
  numPrompts: number | null;
  durationS: number | null;
  date: string | null;
  modelId: string | null;
  /** Every top-level key of the file as written (non-finite numbers as null, big arrays summarised). */
  metrics: Record<string, JsonValue>;
  flags: Record<string, PointFlag>;
  /**
   * What the run is, read from the content (`--metadata` keys, a tool's own run parameters), typed
   * when numeric: groups points into experiments and names them, next to the path's parameters.
   */
  run?: Attributes;
  /** The client that wrote the file, with its version when the file says it (`guidellm 0.5.0`). */
  tool?: string;
}

export interface PointIssue {
  line: number | null;
  message: string;
  /** A size or memory bound left something out (a cut string, values or lines not kept): the import report lists it. */
  limit?: true;
}

const num = (v: JsonValue | undefined): number | null => (typeof v === 'number' ? v : null);

/** Top-level strings vLLM itself writes; any other top-level string is a `--metadata` value. */
const VLLM_STRING_KEYS = new Set([
  'date',
  'backend',
  'endpoint_type',
  'label',
  'model_id',
  'tokenizer_id',
  'request_rate',
  'input_reference',
]);
/** Metadata keys that would shadow an attribute BenchLens sets itself: kept as `metadata.<key>`. */
const RESERVED_ATTRIBUTES = new Set([
  'model',
  'backend',
  'label',
  'tool',
  'date',
  'concurrency',
  'requestRate',
  'rateInfinite',
  'repeat',
]);
/** Longer strings are prose or dumps (server args), not parameters of the run. */
const MAX_PARAMETER_CHARS = 200;

/** A `--metadata` value (always written as a string) typed when numeric: "4" → 4, "true" → true. */
export function typedParameter(v: string): AttrValue {
  const t = v.trim();
  if (/^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i.test(t)) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  if (t === 'None' || t === 'null') return null;
  return t;
}

/**
 * `--metadata k=v` of `vllm bench serve` / benchmark_serving.py: written as top-level string
 * values between `num_prompts` and `request_rate` (some forks nest them under `metadata`).
 */
export function metadataParameters(metrics: Record<string, JsonValue>): Attributes {
  const out: Attributes = {};
  const modelId = metrics['model_id'];
  const add = (k: string, v: string) => {
    if (v.length > MAX_PARAMETER_CHARS || (v === modelId && k === 'model')) return;
    out[RESERVED_ATTRIBUTES.has(k) ? `metadata.${k}` : k] = typedParameter(v);
  };
  for (const [k, v] of Object.entries(metrics))
    if (typeof v === 'string' && !VLLM_STRING_KEYS.has(k)) add(k, v);
  const nested = metrics['metadata'];
  if (nested && typeof nested === 'object' && !Array.isArray(nested))
    for (const [k, v] of Object.entries(nested))
      if (typeof v === 'string') add(k, v);
      else if (typeof v === 'number' || typeof v === 'boolean')
        out[RESERVED_ATTRIBUTES.has(k) ? `metadata.${k}` : k] = v;
  return out;
}

/** Per-request arrays of `--save-detailed` (and the forks'), in seconds: summarised with their unit. */
const PER_REQUEST_SECONDS: readonly [string, string][] = [
  ['ttfts', 'ttft'],
  ['itls', 'itl'],
  ['e2els', 'e2el'],
];

/** InferenceMAX result files (`agg_bmk.json`, `<model>_tp8_…_conc4_<hw>.json`): vLLM's metrics in seconds. */
const INFERENCEMAX_LATENCIES = ['ttft', 'tpot', 'itl', 'e2el'];
const INFERENCEMAX_STATS = ['mean', 'median', 'std', 'p75', 'p90', 'p95', 'p99', 'p99.9'];
const INFERENCEMAX_SAME: readonly [string, string][] = [
  ['max_concurrency', 'conc'],
  ['num_prompts', 'num_requests_total'],
  ['completed', 'num_requests_successful'],
  ['total_input_tokens', 'total_prompt_tokens'],
  ['total_output_tokens', 'total_generation_tokens'],
  ['output_throughput', 'output_tput_tps'],
  ['total_token_throughput', 'total_tput_tps'],
  ['duration', 'duration_seconds'],
  ['model_id', 'model'],
];
/**
 * What an InferenceMAX run is (the serving configuration), as its files write it; `framework` is
 * the backend, the container image stays a metric.
 */
const INFERENCEMAX_RUN = [
  'hw',
  'precision',
  'tp',
  'ep',
  'dp_attention',
  'spec_decoding',
  'disagg',
  'is_multinode',
  'offloading',
  'scenario_type',
  'isl',
  'osl',
];
/** Values that say a feature is off: left out of the run's parameters (and so of its name). */
const OFF = new Set<AttrValue>([false, 'false', 'none', '']);

const isInferenceMax = (m: Record<string, JsonValue>) =>
  typeof m['conc'] === 'number' && ('mean_ttft' in m || 'tput_per_gpu' in m) && !('mean_ttft_ms' in m);

/** InferenceMAX's keys under vLLM's names (seconds → ms); its serving configuration as run parameters. */
function readInferenceMax(metrics: Record<string, JsonValue>, flags: Record<string, PointFlag>): Attributes {
  // agentic scenarios are measured by AIPerf: their "itl" is per-request (AIPerf's ITL = vLLM's
  // TPOT), not vLLM's chunk-to-chunk ITL, so it stays as written
  const agentic = typeof metrics['scenario_type'] === 'string' && metrics['scenario_type'] !== '';
  for (const lat of INFERENCEMAX_LATENCIES.filter((l) => !(agentic && l === 'itl')))
    for (const stat of INFERENCEMAX_STATS) {
      const v = metrics[`${stat}_${lat}`];
      const name = `${stat}_${lat}_ms`;
      if (typeof v === 'number' && !(name in metrics)) metrics[name] = v * 1000;
    }
  for (const [name, key] of INFERENCEMAX_SAME) {
    const v = metrics[key];
    if ((typeof v === 'number' || (typeof v === 'string' && v !== '')) && !(name in metrics))
      metrics[name] = v;
  }
  const framework = metrics['framework'];
  if (typeof framework === 'string' && framework !== '' && !('backend' in metrics))
    metrics['backend'] = framework;
  if (!('failed' in metrics)) {
    const total = num(metrics['num_requests_total']);
    const ok = num(metrics['num_requests_successful']);
    if (total !== null && ok !== null) {
      metrics['failed'] = total - ok;
      flags['failed'] = 'derived';
    }
  }
  const run: Attributes = {};
  for (const k of INFERENCEMAX_RUN) {
    const v = metrics[k];
    const typed = typeof v === 'string' ? typedParameter(v) : v;
    if (
      (typeof typed === 'number' || typeof typed === 'boolean' || typeof typed === 'string') &&
      !OFF.has(typed)
    )
      run[k] = typed;
  }
  return run;
}

export function toServingPoint(scan: ScanResult): { point: ServingPoint; issues: PointIssue[] } {
  const metrics: Record<string, JsonValue> = Object.fromEntries(scan.fields);
  const flags: Record<string, PointFlag> = {};
  const issues: PointIssue[] = [];
  for (const [k, nf] of scan.nonFinite) flags[k] = nf;
  for (const [k, s] of scan.summarised) {
    const summary: Record<string, JsonValue> = {
      count: s.count,
      numbers: s.numbers,
      min: s.min,
      max: s.max,
      mean: s.numbers ? s.sum / s.numbers : null,
    };
    if (PER_REQUEST_SECONDS.some(([key]) => key === k)) summary['unit'] = 's';
    metrics[k] = summary;
    flags[k] = 'summarised';
  }
  // a fork's per-request arrays in seconds stand in for missing means, in vLLM's ms
  for (const [key, lat] of PER_REQUEST_SECONDS) {
    const s = scan.summarised.get(key);
    const name = `mean_${lat}_ms`;
    if (s && s.numbers > 0 && !(name in metrics)) {
      metrics[name] = (s.sum / s.numbers) * 1000;
      flags[name] = 'derived';
    }
  }
  // older benchmark_serving.py (and forks copied from it) write the goodput key with a colon
  if ('request_goodput:' in metrics && !('request_goodput' in metrics)) {
    metrics['request_goodput'] = metrics['request_goodput:'] ?? null;
    if (flags['request_goodput:']) flags['request_goodput'] = flags['request_goodput:'];
  }
  let tool: string | undefined;
  let run: Attributes;
  if (isInferenceMax(metrics)) {
    run = readInferenceMax(metrics, flags);
    tool = 'InferenceMAX';
  } else run = metadataParameters(metrics);
  const parsed = BenchResultFile.safeParse(metrics);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    issues.push({ line: null, message: `unexpected value for "${i?.path.join('.')}": ${i?.message}` });
  }
  let rate: number | null = null;
  let rateInfinite = false;
  const rr = metrics['request_rate'];
  if (rr === 'inf' || (typeof rr === 'number' && rr >= SENTINEL) || flags['request_rate'] === 'Infinity') {
    rateInfinite = true;
    flags['request_rate'] ??= 'infinite';
  } else if (typeof rr === 'number') rate = rr;
  let concurrency: number | null = null;
  let concurrencyUnbounded = false;
  const mc = metrics['max_concurrency'];
  if (mc === null || mc === undefined || (typeof mc === 'number' && mc >= SENTINEL)) {
    concurrencyUnbounded = true;
    if (typeof mc === 'number') flags['max_concurrency'] = 'unbounded';
  } else if (typeof mc === 'number') concurrency = mc;
  const completed = num(metrics['completed']);
  const numPrompts = num(metrics['num_prompts']);
  let failed = num(metrics['failed']);
  if (!('failed' in metrics) && completed !== null && numPrompts !== null) {
    failed = numPrompts - completed;
    metrics['failed'] = failed;
    flags['failed'] = 'derived';
  }
  if (completed === null)
    issues.push({ line: null, message: 'no "completed" count: not a finished benchmark run?' });
  if (completed === 0) markAllFailed(metrics, flags, issues, failed);
  return {
    point: {
      concurrency,
      concurrencyUnbounded,
      requestRate: rate,
      rateInfinite,
      completed,
      failed,
      numPrompts,
      durationS: num(metrics['duration']),
      date: typeof metrics['date'] === 'string' ? metrics['date'] : null,
      modelId: typeof metrics['model_id'] === 'string' ? metrics['model_id'] : null,
      metrics,
      flags,
      ...(Object.keys(run).length > 0 ? { run } : {}),
      ...(tool ? { tool } : {}),
    },
    issues,
  };
}

/** Every request failed: the file's zeros are not measurements, keep them out of curves. */
export function markAllFailed(
  metrics: Record<string, JsonValue>,
  flags: Record<string, PointFlag>,
  issues: PointIssue[],
  failed: number | null,
): void {
  for (const [k, v] of Object.entries(metrics)) {
    if (MEASURED.test(k) && (typeof v === 'number' || v === null)) {
      metrics[k] = null;
      flags[k] = 'all-failed';
    }
  }
  issues.push({
    line: null,
    message: `every request failed (completed 0${failed !== null ? `, failed ${failed}` : ''}): no metric of this run is a value`,
  });
}
