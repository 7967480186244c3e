// `vllm bench serve --save-result` JSON → one serving point: every key kept (unknown keys of newer
// vLLM versions too), sentinels and non-finite numbers flagged rather than charted, missing
// `failed` derived. The external format has its own zod schema; nothing internal is reused for it.
import { z } from 'zod';
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
}

export interface PointIssue {
  line: number | null;
  message: string;
}

const num = (v: JsonValue | undefined): number | null => (typeof v === 'number' ? v : null);

export function toServingPoint(scan: ScanResult): { point: ServingPoint; issues: PointIssue[] } {
  const metrics: Record<string, JsonValue> = Object.fromEntries(scan.fields);
  const flags: Record<string, PointFlag> = {};
  const issues: PointIssue[] = [];
  for (const [k, nf] of scan.nonFinite) flags[k] = nf;
  for (const [k, s] of scan.summarised) {
    metrics[k] = {
      count: s.count,
      numbers: s.numbers,
      min: s.min,
      max: s.max,
      mean: s.numbers ? s.sum / s.numbers : null,
    };
    flags[k] = 'summarised';
  }
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
  if (completed === 0) {
    // every request failed: the file's zeros are not measurements, keep them out of curves
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
    },
    issues,
  };
}
