// Serving comparison of two snapshots: every numeric metric of the result files at every x both share
// (concurrency or request rate), with ratio, delta, direction of "better", the Mann–Whitney p-value over
// the replicate samples, a seeded bootstrap CI and a verdict that never calls a single run a finding. Pure.
import type { Meta, ServingComparison, ServingComparisonRow, ServingPoint, ServingVerdict } from './model';
import { configDiff } from './config-diff';
import { chooseX, divisorFor, type Normalisation, type XKind } from './serving';
import { bootstrapRatioCi, mannWhitney } from './stats';
import { displayLabel, shortLabels } from './short-label';

export type CompareX = 'concurrency' | 'rate';

export interface ServingCompareSide {
  id: number;
  name: string;
  model: string | null;
  meta: Meta;
  attributes: Meta;
  points: readonly ServingPoint[];
}

export interface ServingCompareOptions {
  /** Result-file keys to compare (default: every numeric metric key). */
  metrics?: readonly string[];
  /** Default: concurrency when it varies across the points, else request rate. */
  x?: CompareX;
  normalise?: Normalisation;
  /** Significance level of the verdict (default 0.05). */
  alpha?: number;
  /** Seed of the bootstrap (default 1). */
  seed?: number;
}

/** A bad request for this pair (unknown metric, normalisation without the attribute): names the snapshot. */
export class ServingCompareError extends Error {}

/** Bench parameters: configuration, shown in the config diff rather than compared as metrics. */
const PARAMETER_KEYS = new Set(['num_prompts', 'request_rate', 'burstiness', 'max_concurrency']);

/**
 * Direction of "better" for a result-file key: throughputs (`*_throughput`, `*_per_s`, goodput) higher;
 * latencies (`*_ms`: mean/median/std/pNN of TTFT, TPOT, ITL, E2EL), `duration` and `failed` lower.
 * Anything else (completed, token totals, max_concurrent_requests…) has no direction: null.
 */
export function betterDirection(key: string): 'higher' | 'lower' | null {
  if (/throughput$|_per_s$|goodput/.test(key)) return 'higher';
  if (/_ms$/.test(key) || key === 'duration' || key === 'failed') return 'lower';
  return null;
}

/** The main metrics of the text table and the app's default view, in reading order. */
export const MAIN_METRICS = [
  'output_throughput',
  'request_throughput',
  'total_token_throughput',
  'median_ttft_ms',
  'p99_ttft_ms',
  'median_tpot_ms',
  'p99_tpot_ms',
  'median_itl_ms',
  'p99_itl_ms',
  'median_e2el_ms',
] as const;

/** Median ITL under this (ms) means the server streams several tokens per chunk (see serving.meaninglessItl). */
export const ITL_CHUNKED_MS = 0.05;

function metricOrder(key: string): number {
  const i = (MAIN_METRICS as readonly string[]).indexOf(key);
  return i < 0 ? MAIN_METRICS.length : i;
}

function xOf(p: ServingPoint, kind: XKind): number | null {
  if (kind === 'concurrency')
    return p.concurrencyUnbounded || p.concurrency == null || !Number.isFinite(p.concurrency)
      ? null
      : p.concurrency;
  return p.rateInfinite || p.requestRate == null || !Number.isFinite(p.requestRate) ? null : p.requestRate;
}

/** A file whose requests all failed carries no measurement. */
function usable(p: ServingPoint): boolean {
  return p.completed !== 0;
}

function numeric(p: ServingPoint, key: string): number | null {
  const v = p.metrics[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function mean(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** The files behind one side at one x: the value's files and the replicate samples' files. */
interface AtX {
  valueFiles: ServingPoint[];
  sampleFiles: ServingPoint[];
  /** Samples are client parts of an aggregate: rescale them to the aggregate (see sampleValues). */
  partsOfAggregate: boolean;
}

function filesAt(points: readonly ServingPoint[], kind: XKind): Map<number, AtX> {
  const byX = new Map<number, ServingPoint[]>();
  for (const p of points) {
    const x = xOf(p, kind);
    if (x == null || !usable(p)) continue;
    const list = byX.get(x);
    if (list) list.push(p);
    else byX.set(x, [p]);
  }
  const out = new Map<number, AtX>();
  for (const [x, ps] of byX) {
    const agg = ps.filter((p) => p.aggregate);
    const parts = ps.filter((p) => !p.aggregate && p.part != null);
    const single = ps.filter((p) => !p.aggregate && p.part == null);
    const valueFiles = agg.length > 0 ? agg : single.length > 0 ? single : parts;
    const sampleFiles = parts.length > 0 ? parts : single.length > 0 ? single : agg;
    out.set(x, { valueFiles, sampleFiles, partsOfAggregate: agg.length > 0 && parts.length > 0 });
  }
  return out;
}

/**
 * Replicate samples in the unit of the value: a client part of an `all-parts` aggregate is multiplied by
 * the number of parts for keys the aggregate sums (throughputs, token counts: the aggregate is closer to
 * the parts' sum than to their mean), and kept as is for keys it averages (latencies).
 */
function sampleValues(at: AtX, key: string, value: number | null): number[] {
  const raw = at.sampleFiles.map((p) => numeric(p, key)).filter((v): v is number => v != null);
  if (!at.partsOfAggregate || value == null || raw.length === 0) return raw;
  const sum = raw.reduce((a, b) => a + b, 0);
  const avg = sum / raw.length;
  return Math.abs(value - sum) < Math.abs(value - avg) ? raw.map((v) => v * raw.length) : raw;
}

function verdictOf(
  better: 'higher' | 'lower' | null,
  n: [number, number],
  p: number | null,
  delta: number | null,
  alpha: number,
): ServingVerdict | null {
  if (better == null || delta == null) return null;
  if (n[0] < 2 || n[1] < 2 || p == null) return 'single run';
  if (p >= alpha || delta === 0) return '~';
  return delta > 0 === (better === 'higher') ? 'better' : 'worse';
}

/** Compares the candidate with the baseline at every x both have; rows sorted by metric, then x. */
export function compareServing(
  baseline: ServingCompareSide,
  candidate: ServingCompareSide,
  opts: ServingCompareOptions = {},
): ServingComparison {
  const alpha = opts.alpha ?? 0.05;
  const normalise = opts.normalise ?? 'none';
  const xKind: XKind =
    opts.x === 'rate'
      ? 'requestRate'
      : opts.x === 'concurrency'
        ? 'concurrency'
        : chooseX([...baseline.points, ...candidate.points], 'auto');
  const divisor = (s: ServingCompareSide): number => {
    const d = divisorFor(s.attributes, normalise);
    if (d == null)
      throw new ServingCompareError(
        `"${s.name}" has no "${normalise === 'replica' ? 'replicas' : 'gpus'}" attribute: set it (benchlens attr ${s.name} ${normalise === 'replica' ? 'replicas' : 'gpus'}=N) to normalise per ${normalise}`,
      );
    return d;
  };
  const divisors: [number, number] = [divisor(baseline), divisor(candidate)];
  const sides = [filesAt(baseline.points, xKind), filesAt(candidate.points, xKind)] as const;
  const xs = [...sides[0].keys()].filter((x) => sides[1].has(x)).sort((a, b) => a - b);

  const available = new Set<string>();
  for (const side of sides)
    for (const at of side.values())
      for (const p of at.valueFiles)
        for (const k of Object.keys(p.metrics))
          if (!PARAMETER_KEYS.has(k) && numeric(p, k) != null) available.add(k);
  if (opts.metrics) {
    const unknown = opts.metrics.filter((m) => !available.has(m));
    if (unknown.length > 0)
      throw new ServingCompareError(
        `no metric ${unknown.map((m) => `"${m}"`).join(', ')} in the result files of "${baseline.name}" or "${candidate.name}" (available: ${[...available].sort().join(', ')})`,
      );
  }
  const metrics = (opts.metrics ? [...new Set(opts.metrics)] : [...available]).sort(
    (a, b) => metricOrder(a) - metricOrder(b) || a.localeCompare(b),
  );

  const rows: ServingComparisonRow[] = [];
  for (const metric of metrics) {
    const better = betterDirection(metric);
    // only throughputs scale with the number of replicas / GPUs; latencies are per request
    const scale = better === 'higher' && normalise !== 'none' ? divisors : ([1, 1] as const);
    for (const x of xs) {
      const atB = sides[0].get(x);
      const atC = sides[1].get(x);
      if (!atB || !atC) continue;
      const valueOf = (a: AtX, div: number): number | null => {
        const v = mean(a.valueFiles.map((p) => numeric(p, metric)).filter((u): u is number => u != null));
        return v == null ? null : v / div;
      };
      const b = valueOf(atB, scale[0]);
      const c = valueOf(atC, scale[1]);
      if (b == null && c == null) continue;
      const samplesOf = (a: AtX, v: number | null, div: number): number[] =>
        sampleValues(a, metric, v == null ? null : v * div).map((u) => u / div);
      const sb = samplesOf(atB, b, scale[0]);
      const sc = samplesOf(atC, c, scale[1]);
      const n: [number, number] = [sb.length, sc.length];
      const replicated = n[0] >= 2 && n[1] >= 2;
      const mw = replicated ? mannWhitney(sb, sc, alpha) : null;
      const delta = b != null && c != null ? c - b : null;
      const row: ServingComparisonRow = {
        metric,
        x,
        baseline: b,
        candidate: c,
        ratio: b != null && c != null && b !== 0 ? c / b : null,
        delta,
        better,
        verdict: verdictOf(better, n, mw?.pValue ?? null, delta, alpha),
        pValue: mw?.pValue ?? null,
        pMethod: mw?.method ?? null,
        ci: replicated ? bootstrapRatioCi(sb, sc, { seed: opts.seed ?? 1 }) : null,
        n,
      };
      const warning = !replicated
        ? `one sample on ${n[0] < 2 && n[1] < 2 ? 'each side' : n[0] < 2 ? 'the baseline side' : 'the candidate side'}: a single run is not a finding`
        : mw?.warning;
      if (warning) row.warning = warning;
      if (
        metric === 'median_itl_ms' &&
        ((b != null && b < ITL_CHUNKED_MS) || (c != null && c < ITL_CHUNKED_MS))
      ) {
        // several tokens per streamed chunk: most gaps are ~0 and the median measures chunking
        row.verdict = null;
        row.warning = `median ITL below ${ITL_CHUNKED_MS} ms reflects chunked streaming, not decoding speed: no verdict (use mean ITL or TPOT)`;
      }
      if (better == null) {
        const note = 'no direction of better for this metric: no verdict';
        row.warning = row.warning ? `${note}; ${row.warning}` : note;
      }
      rows.push(row);
    }
  }
  // the user's label attribute, else what differs between the two names (shared/short-label.ts)
  const [shortB = baseline.name, shortC = candidate.name] = shortLabels([baseline.name, candidate.name]);
  return {
    kind: 'serving',
    baseline: { id: baseline.id, name: baseline.name, label: displayLabel(baseline.attributes, shortB) },
    candidate: { id: candidate.id, name: candidate.name, label: displayLabel(candidate.attributes, shortC) },
    x: xKind === 'concurrency' ? 'concurrency' : 'rate',
    normalise,
    divisors,
    rows,
    config: configDiff(baseline, candidate),
  };
}
