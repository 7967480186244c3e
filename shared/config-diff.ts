// Configuration diff of two snapshots of one kind: start-up engine settings read from the log, path
// attributes, and the bench parameters of the result files. Lists only the keys whose values differ,
// in a fixed order (known keys first, then the rest alphabetically). Pure.
import type { ConfigEntry, Meta, MetaValue, ServingPoint } from './model';
import { defaultPoints } from './serving';

export interface ConfigSide {
  model: string | null;
  /** Start-up: settings read from the log; serving: what the importer summarised. */
  meta: Meta;
  attributes: Meta;
  /** Serving snapshots only: their result files. */
  points?: readonly ServingPoint[];
}

/** Start-up settings in reading order; any other meta key follows alphabetically. */
const META_ORDER = [
  'model',
  'architecture',
  'tensorParallelSize',
  'pipelineParallelSize',
  'worldSize',
  'loadFormat',
  'compileCache',
  'maxModelLen',
  'quantization',
  'dtype',
  'vllmVersion',
  'engine',
  'gpu',
  's3Model',
  'configModel',
  'modelId',
  'backend',
  'endpointType',
  'endMarker',
];
/** Bookkeeping of the importer, not configuration. */
const META_IGNORED = new Set([
  'lines',
  'duplicateLines',
  'startedAt',
  'yearInferred',
  'peakOutputTokS',
  'points',
  'concurrencyMin',
  'concurrencyMax',
]);

const ATTRIBUTE_ORDER = [
  'label',
  'model',
  'runtime',
  'rayVersion',
  'replicas',
  'gpus',
  'gpuType',
  'layout',
  'tp',
  'disaggregated',
  'prefillInstances',
  'prefillTp',
  'decodeInstances',
  'decodeTp',
  'expertParallel',
  'transport',
  'mode',
  'inputTokens',
  'outputTokens',
  'tags',
];

/** Bench parameters of `vllm bench serve` result files (`bench.` prefix in the diff). */
export const BENCH_KEYS = [
  'num_prompts',
  'dataset_name',
  'dataset_path',
  'request_rate',
  'burstiness',
  'max_concurrency',
  'backend',
  'endpoint_type',
  'model_id',
  'tokenizer_id',
  'label',
  'random_input_len',
  'random_output_len',
  'random_range_ratio',
  'sharegpt_output_len',
  'ignore_eos',
  'temperature',
  'top_p',
  'seed',
  'percentile_metrics',
  'metric_percentiles',
];

function ordered(keys: Iterable<string>, order: readonly string[]): string[] {
  const rank = (k: string) => {
    const i = order.indexOf(k);
    return i < 0 ? order.length : i;
  };
  return [...new Set(keys)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function benchValue(v: unknown): MetaValue | undefined {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return v >= 1e9 ? 'inf' : v;
  if (Array.isArray(v) || typeof v === 'object') return JSON.stringify(v);
  return undefined;
}

/**
 * One value per bench parameter over the files that give the snapshot's values (all-parts, else single
 * client, else all): the value when every file agrees, else the distinct values joined by ", ".
 */
export function benchParameters(points: readonly ServingPoint[]): Meta {
  const files = defaultPoints(points).points;
  const out: Meta = {};
  const keys = ordered(
    files.flatMap((p) => Object.keys(p.metrics).filter((k) => BENCH_KEYS.includes(k))),
    BENCH_KEYS,
  );
  for (const k of keys) {
    const values = files.map((p) => benchValue(p.flags[k] === 'infinite' ? 1e9 : p.metrics[k]));
    const distinct = [...new Set(values.filter((v) => v !== undefined).map((v) => JSON.stringify(v)))].map(
      (s) => JSON.parse(s) as MetaValue,
    );
    if (distinct.every((v) => typeof v === 'number')) (distinct as number[]).sort((a, b) => a - b);
    out[k] = distinct.length === 1 ? (distinct[0] ?? null) : distinct.map((v) => String(v)).join(', ');
  }
  return out;
}

function same(a: MetaValue | undefined, b: MetaValue | undefined): boolean {
  return (a ?? null) === (b ?? null);
}

function diffOf(a: Meta, b: Meta, order: readonly string[], prefix = ''): ConfigEntry[] {
  return ordered([...Object.keys(a), ...Object.keys(b)], order)
    .filter((k) => !same(a[k], b[k]))
    .map((k) => ({ key: `${prefix}${k}`, baseline: a[k] ?? null, candidate: b[k] ?? null }));
}

/** What differs between two snapshots: settings, then attributes, then bench parameters. */
export function configDiff(baseline: ConfigSide, candidate: ConfigSide): ConfigEntry[] {
  const meta = (s: ConfigSide): Meta => {
    const m: Meta = { model: s.model };
    for (const [k, v] of Object.entries(s.meta)) if (!META_IGNORED.has(k) && k !== 'model') m[k] = v;
    if (s.meta['model'] != null) m['model'] = s.meta['model'];
    return m;
  };
  const settings = diffOf(meta(baseline), meta(candidate), META_ORDER);
  const seen = new Set(settings.map((e) => e.key));
  return [
    ...settings,
    // an attribute named like a setting (`model`) is listed once, as the setting
    ...diffOf(baseline.attributes, candidate.attributes, ATTRIBUTE_ORDER).filter((e) => !seen.has(e.key)),
    ...diffOf(
      benchParameters(baseline.points ?? []),
      benchParameters(candidate.points ?? []),
      BENCH_KEYS,
      'bench.',
    ),
  ];
}
