// Serving-comparison model: turns `servingPoints` of one or more snapshots into plottable series
// (metric × statistic, x = concurrency or request rate, normalised per replica/GPU, repeats merged into
// mean + min–max), the points that cannot be placed, and ratio curves. Pure. The diff table is
// shared/serving-compare-table.ts, over the core's `compare`.
import { max, min } from 'd3-array';
import type { Meta, PointFlag, ServingPoint } from './model';

export type MetricId = 'output' | 'total' | 'requests' | 'ttft' | 'tpot' | 'itl' | 'e2el';
export type Statistic = 'mean' | 'median' | 'p99';
export type XChoice = 'auto' | 'concurrency' | 'requestRate';
export type XKind = 'concurrency' | 'requestRate';
export type Normalisation = 'none' | 'replica' | 'gpu';
export type PointSet = 'default' | 'parts';

export interface MetricDef {
  id: MetricId;
  label: string;
  unit: string;
  kind: 'throughput' | 'latency';
}

export const METRICS: readonly MetricDef[] = [
  { id: 'output', label: 'Output tok/s', unit: 'tok/s', kind: 'throughput' },
  { id: 'total', label: 'Total tok/s', unit: 'tok/s', kind: 'throughput' },
  { id: 'requests', label: 'Requests/s', unit: 'req/s', kind: 'throughput' },
  { id: 'ttft', label: 'TTFT', unit: 'ms', kind: 'latency' },
  { id: 'tpot', label: 'TPOT', unit: 'ms', kind: 'latency' },
  { id: 'itl', label: 'ITL', unit: 'ms', kind: 'latency' },
  { id: 'e2el', label: 'E2E latency', unit: 'ms', kind: 'latency' },
];

export function metricDef(id: MetricId): MetricDef {
  const m = METRICS.find((d) => d.id === id);
  if (!m) throw new Error(`unknown metric ${id}`);
  return m;
}

/** The JSON key of `vllm bench serve --save-result` behind a metric (statistic ignored for throughputs). */
export function metricKey(id: MetricId, stat: Statistic): string {
  switch (id) {
    case 'output':
      return 'output_throughput';
    case 'total':
      return 'total_token_throughput';
    case 'requests':
      return 'request_throughput';
    case 'ttft':
    case 'tpot':
    case 'itl':
    case 'e2el':
      return `${stat}_${id}_ms`;
  }
}

/** "Output tok/s per replica", "TTFT p99 (ms)". */
export function metricTitle(id: MetricId, stat: Statistic, norm: Normalisation): string {
  const m = metricDef(id);
  if (m.kind === 'latency') return `${m.label} ${stat === 'median' ? 'p50' : stat} (${m.unit})`;
  return `${m.label}${norm === 'replica' ? ' per replica' : norm === 'gpu' ? ' per GPU' : ''}`;
}

export interface ServingOptions {
  metric: MetricId;
  stat: Statistic;
  x: XChoice;
  norm: Normalisation;
  pointSet: PointSet;
}

export interface SnapshotPoints {
  id: number;
  name: string;
  attributes: Meta;
  points: readonly ServingPoint[];
}

/** One file behind a plotted point. */
export interface PointSource {
  file: string;
  /** Normalised value, or null when the file holds NaN/Infinity (or nothing) for the metric. */
  value: number | null;
  flag: PointFlag | null;
  completed: number | null;
  failed: number | null;
  failedDerived: boolean;
}

export interface PlotPoint {
  x: number;
  /** Mean of the finite values (null when none is finite). */
  y: number | null;
  yMin: number | null;
  yMax: number | null;
  /** Number of files merged (repeats at the same x). */
  n: number;
  /** Why the marker is hollow: a non-finite or flagged value in a file; null when all is clean. */
  flag: string | null;
  sources: PointSource[];
}

export interface PlotLine {
  key: string;
  /** "all parts", "single client", "part 2". */
  label: string;
  thin: boolean;
  points: PlotPoint[];
}

export interface PlotSeries {
  key: string;
  snapshotId: number;
  name: string;
  color: string;
  /** The series' main line (aggregate or single client), compared in the ratio and the table. */
  main: PlotLine | null;
  parts: PlotLine[];
  /** Divisor applied to every value (1 without normalisation). */
  divisor: number;
}

export interface UnplacedPoint {
  snapshot: string;
  file: string;
  reason: string;
}

export interface ServingModel {
  xKind: XKind;
  series: PlotSeries[];
  unplaced: UnplacedPoint[];
}

/** Okabe–Ito is taken by the startup phases; snapshots use Paul Tol's "bright" scheme (colour-blind safe). */
export const SERIES_COLORS = [
  '#4477AA',
  '#EE6677',
  '#228833',
  '#CCBB44',
  '#66CCEE',
  '#AA3377',
  '#BBBBBB',
] as const;

export function seriesColor(i: number): string {
  return SERIES_COLORS[i % SERIES_COLORS.length] ?? '#4477AA';
}

function positiveNumber(v: Meta[string] | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null;
}

/** The divisor for a normalisation, or null when the snapshot lacks the attribute. */
export function divisorFor(attributes: Meta, norm: Normalisation): number | null {
  if (norm === 'none') return 1;
  return positiveNumber(attributes[norm === 'replica' ? 'replicas' : 'gpus']);
}

/** Which normalisations each snapshot supports; the reason names the snapshots missing the attribute. */
export function normalisationAvailability(
  snaps: readonly { name: string; attributes: Meta }[],
): Record<Exclude<Normalisation, 'none'>, string | null> {
  const missing = (norm: 'replica' | 'gpu'): string | null => {
    const names = snaps.filter((s) => divisorFor(s.attributes, norm) == null).map((s) => s.name);
    const key = norm === 'replica' ? 'replicas' : 'gpus';
    return names.length === 0
      ? null
      : `No “${key}” attribute on ${names.join(', ')}: set it under Attributes to normalise.`;
  };
  return { replica: missing('replica'), gpu: missing('gpu') };
}

function xOf(p: ServingPoint, kind: XKind): { x: number } | { reason: string } {
  if (kind === 'concurrency') {
    if (p.concurrencyUnbounded) return { reason: 'unbounded concurrency' };
    if (p.concurrency == null || !Number.isFinite(p.concurrency)) return { reason: 'no max_concurrency' };
    return { x: p.concurrency };
  }
  if (p.rateInfinite) return { reason: 'infinite request rate' };
  if (p.requestRate == null || !Number.isFinite(p.requestRate)) return { reason: 'no request_rate' };
  return { x: p.requestRate };
}

function distinct(values: readonly (number | null)[]): number {
  return new Set(values.filter((v): v is number => v != null && Number.isFinite(v))).size;
}

/** Auto x: concurrency when it varies across the placeable points, else request rate when that varies. */
export function chooseX(points: readonly ServingPoint[], choice: XChoice): XKind {
  if (choice !== 'auto') return choice;
  const conc = distinct(points.filter((p) => !p.concurrencyUnbounded).map((p) => p.concurrency));
  const rate = distinct(points.filter((p) => !p.rateInfinite).map((p) => p.requestRate));
  if (conc >= 2) return 'concurrency';
  if (rate >= 2) return 'requestRate';
  return conc === 0 && rate > 0 ? 'requestRate' : 'concurrency';
}

/** Default point set: the `all-parts` aggregate when present, else single-client files, else the parts. */
export function defaultPoints(points: readonly ServingPoint[]): { label: string; points: ServingPoint[] } {
  const agg = points.filter((p) => p.aggregate);
  if (agg.length > 0) return { label: 'all parts', points: agg };
  const single = points.filter((p) => !p.aggregate && p.part == null);
  if (single.length > 0) return { label: 'single client', points: single };
  return { label: 'all files', points: [...points] };
}

const FLAG_TEXT: Record<PointFlag, string> = {
  NaN: 'NaN in the file',
  Infinity: 'Infinity in the file',
  '-Infinity': '-Infinity in the file',
  infinite: 'infinite (1e9 sentinel) in the file',
  unbounded: 'unbounded (1e9 sentinel) in the file',
  derived: 'derived, not in the file',
  summarised: 'summarised by the importer',
  'all-failed': 'every request of the run failed: its metrics are not values',
};

export function flagText(flag: PointFlag): string {
  return FLAG_TEXT[flag];
}

function sourceOf(p: ServingPoint, key: string, divisor: number): PointSource {
  const raw = p.metrics[key];
  const flag = p.flags[key] ?? null;
  const value = typeof raw === 'number' && Number.isFinite(raw) ? raw / divisor : null;
  return {
    file: p.file,
    value,
    flag,
    completed: p.completed,
    failed: p.failed,
    failedDerived: p.flags['failed'] === 'derived',
  };
}

/** Natural order of file names ("conc2" before "conc16"), the same as localeCompare's numeric option. */
const FILE_ORDER = new Intl.Collator(undefined, { numeric: true });

function lineOf(
  key: string,
  label: string,
  thin: boolean,
  points: readonly ServingPoint[],
  xKind: XKind,
  metric: string,
  divisor: number,
  snapshot: string,
  unplaced: UnplacedPoint[],
): PlotLine {
  const groups = new Map<number, PointSource[]>();
  // Repeats in run order: the un-suffixed file first (rr9, rr9-1, rr9-2). One collator for the
  // whole sort: localeCompare with options builds one per comparison (seconds at 100k points).
  const ordered = [...points].sort(
    (a, b) => (a.repeat ?? -1) - (b.repeat ?? -1) || FILE_ORDER.compare(a.file, b.file),
  );
  for (const p of ordered) {
    const x = xOf(p, xKind);
    if ('reason' in x) {
      unplaced.push({ snapshot, file: p.file, reason: x.reason });
      continue;
    }
    if (!(metric in p.metrics)) {
      unplaced.push({ snapshot, file: p.file, reason: `no ${metric} in the file` });
      continue;
    }
    const g = groups.get(x.x);
    const s = sourceOf(p, metric, divisor);
    if (g) g.push(s);
    else groups.set(x.x, [s]);
  }
  const out: PlotPoint[] = [...groups.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([x, sources]) => {
      const finite = sources.map((s) => s.value).filter((v): v is number => v != null);
      const flagged = sources.find((s) => s.flag != null || s.value == null);
      return {
        x,
        y: finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : null,
        yMin: min(finite) ?? null,
        yMax: max(finite) ?? null,
        n: sources.length,
        flag: flagged ? (flagged.flag ? flagText(flagged.flag) : 'no finite value in the file') : null,
        sources,
      };
    });
  return { key, label, thin, points: out };
}

/** Builds every series; the first snapshot is the baseline. */
export function buildServingModel(snaps: readonly SnapshotPoints[], opts: ServingOptions): ServingModel {
  const all = snaps.flatMap((s) => defaultPoints(s.points).points);
  const xKind = chooseX(all, opts.x);
  const key = metricKey(opts.metric, opts.stat);
  const throughput = metricDef(opts.metric).kind === 'throughput';
  const unplaced: UnplacedPoint[] = [];
  const series = snaps.map((s, i): PlotSeries => {
    const divisor = throughput ? (divisorFor(s.attributes, opts.norm) ?? 1) : 1;
    const def = defaultPoints(s.points);
    const main =
      def.points.length > 0
        ? lineOf(`${s.id}:main`, def.label, false, def.points, xKind, key, divisor, s.name, unplaced)
        : null;
    const parts: PlotLine[] = [];
    if (opts.pointSet === 'parts') {
      const byPart = new Map<number, ServingPoint[]>();
      for (const p of s.points) {
        if (p.aggregate || p.part == null) continue;
        const list = byPart.get(p.part);
        if (list) list.push(p);
        else byPart.set(p.part, [p]);
      }
      for (const [part, pts] of [...byPart.entries()].sort((a, b) => a[0] - b[0])) {
        parts.push(lineOf(`${s.id}:part${part}`, `part ${part}`, true, pts, xKind, key, divisor, s.name, []));
      }
    }
    return { key: `s${s.id}`, snapshotId: s.id, name: s.name, color: seriesColor(i), main, parts, divisor };
  });
  return { xKind, series, unplaced };
}

/**
 * Median ITL is meaningless when the server streams several tokens per chunk: most values are then a
 * few microseconds. True when the metric is median ITL and most finite values are below 0.05 ms.
 */
export function meaninglessItl(model: ServingModel, opts: ServingOptions): boolean {
  if (opts.metric !== 'itl' || opts.stat !== 'median') return false;
  const values = model.series.flatMap((s) => (s.main?.points ?? []).map((p) => p.y)).filter((v) => v != null);
  if (values.length === 0) return false;
  return values.filter((v) => v < 0.05).length > values.length / 2;
}

export interface RatioPoint {
  x: number;
  ratio: number;
}

export interface RatioSeries {
  key: string;
  name: string;
  color: string;
  points: RatioPoint[];
}

export interface SpreadPoint {
  x: number;
  lo: number;
  hi: number;
}

/** Candidate / baseline at every x both main lines have a finite value. */
export function ratioSeries(model: ServingModel): RatioSeries[] {
  const [base, ...cands] = model.series;
  if (!base?.main) return [];
  const baseAt = new Map(
    base.main.points.filter((p) => p.y != null && p.y !== 0).map((p) => [p.x, p.y ?? 1]),
  );
  return cands.map((c) => ({
    key: c.key,
    name: c.name,
    color: c.color,
    points: (c.main?.points ?? []).flatMap((p) => {
      const b = baseAt.get(p.x);
      return b != null && p.y != null ? [{ x: p.x, ratio: p.y / b }] : [];
    }),
  }));
}

/** The baseline's repeat spread as a ratio band around 1.0 (min/mean … max/mean) where repeats exist. */
export function baselineSpread(model: ServingModel): SpreadPoint[] {
  const base = model.series[0]?.main;
  if (!base) return [];
  return base.points.flatMap((p) =>
    p.n > 1 && p.y != null && p.y !== 0 && p.yMin != null && p.yMax != null
      ? [{ x: p.x, lo: p.yMin / p.y, hi: p.yMax / p.y }]
      : [],
  );
}

export function xLabel(kind: XKind): string {
  return kind === 'concurrency' ? 'Concurrency (per client)' : 'Request rate (req/s)';
}
