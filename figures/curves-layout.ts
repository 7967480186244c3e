// Serving-curves layout: series of (x, y) points → pixel paths, markers, repeat bands and axis ticks,
// with log2/linear x and log/linear y. Pure; the ratio chart reuses `xAxis` with the same domain and
// range so both charts line up. Values a scale cannot place (NaN, ≤ 0 on log) become hollow edge markers.
// A line denser than the screen is drawn min/max-bucketed per pixel column (shared/downsample.ts).
import { extent } from 'd3-array';
import { scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3-scale';
import { area, line } from 'd3-shape';
import { minMaxBuckets } from '../shared/downsample';
import { formatTick } from '../shared/format';
import type { PlotLine, PlotPoint, PlotSeries } from '../shared/serving';

export type XScaleKind = 'log2' | 'linear';
export type YScaleKind = 'log' | 'linear';

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface CurvesSize {
  width: number;
  height: number;
  margin: Margin;
  /** Pixels kept free inside the plot's x range so edge markers do not sit on the axes. */
  inset: number;
}

export const DEFAULT_CURVES_SIZE: CurvesSize = {
  width: 900,
  height: 380,
  margin: { top: 14, right: 24, bottom: 42, left: 64 },
  inset: 12,
};

export interface AxisTick {
  value: number;
  pos: number;
  label: string;
}

export interface Plot {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface XAxis {
  kind: XScaleKind;
  domain: readonly [number, number];
  range: readonly [number, number];
  scale: ScaleContinuousNumeric<number, number>;
  ticks: AxisTick[];
}

export interface CurveMarker {
  key: string;
  seriesKey: string;
  seriesName: string;
  lineLabel: string;
  color: string;
  cx: number;
  cy: number;
  r: number;
  hollow: boolean;
  /** Set when the value could not be placed and the marker sits on the plot's edge. */
  edge: 'top' | 'bottom' | null;
  /** Why the marker is hollow (flag text, "0 on a log scale"…). */
  note: string | null;
  point: PlotPoint;
}

export interface CurvePath {
  key: string;
  seriesKey: string;
  color: string;
  thin: boolean;
  d: string;
}

export interface CurveBand {
  key: string;
  color: string;
  d: string;
}

export interface Whisker {
  key: string;
  color: string;
  x: number;
  y1: number;
  y2: number;
}

export interface CurvesMarks {
  width: number;
  height: number;
  plot: Plot;
  x: XAxis;
  yKind: YScaleKind;
  yDomain: readonly [number, number];
  yTicks: AxisTick[];
  paths: CurvePath[];
  bands: CurveBand[];
  whiskers: Whisker[];
  markers: CurveMarker[];
}

export function plotArea(size: CurvesSize): Plot {
  return {
    left: size.margin.left,
    right: Math.max(size.margin.left + 20, size.width - size.margin.right),
    top: size.margin.top,
    bottom: Math.max(size.margin.top + 20, size.height - size.margin.bottom),
  };
}

/** Whether an x value can be placed on an x scale of this kind: finite, and positive on log2. */
export function placeableX(kind: XScaleKind): (x: number) => boolean {
  return (x) => Number.isFinite(x) && (kind === 'linear' || x > 0);
}

/** Domain of the x values; a single value is widened so it sits mid-axis. */
export function xDomainOf(xs: readonly number[], kind: XScaleKind): [number, number] {
  const usable = xs.filter(placeableX(kind));
  if (usable.length === 0) return kind === 'log2' ? [1, 2] : [0, 1];
  const [lo = 0, hi = 0] = extent(usable);
  if (kind === 'log2') return lo === hi ? [lo / 2, hi * 2] : [lo, hi];
  const min = Math.min(0, lo);
  return hi === min ? [min, min + 1] : [min, hi];
}

/** Powers of two inside the domain (every other one when they would crowd). */
function log2Ticks(domain: readonly [number, number], maxTicks: number): number[] {
  const out: number[] = [];
  for (let k = Math.ceil(Math.log2(domain[0]) - 1e-9); k <= Math.floor(Math.log2(domain[1]) + 1e-9); k++) {
    out.push(2 ** k);
  }
  if (out.length <= maxTicks) return out;
  const step = Math.ceil(out.length / maxTicks);
  return out.filter((_, i) => i % step === 0);
}

export function xAxis(
  kind: XScaleKind,
  domain: readonly [number, number],
  range: readonly [number, number],
): XAxis {
  const maxTicks = Math.max(3, Math.floor((range[1] - range[0]) / (kind === 'log2' ? 60 : 90)));
  if (kind === 'log2') {
    const scale = scaleLog().base(2).domain([domain[0], domain[1]]).range([range[0], range[1]]);
    const ticks = log2Ticks(domain, maxTicks).map((value) => ({
      value,
      pos: scale(value),
      label: formatTick(value),
    }));
    return { kind, domain, range, scale, ticks };
  }
  const scale = scaleLinear().domain([domain[0], domain[1]]).range([range[0], range[1]]);
  const ticks = scale
    .ticks(maxTicks)
    .map((value) => ({ value, pos: scale(value), label: formatTick(value) }));
  return { kind, domain, range, scale, ticks };
}

/** The plot area of a chart of this size and its x axis, kept `size.inset` px inside the plot. */
export function plotXAxis(
  size: CurvesSize,
  kind: XScaleKind,
  domain: readonly [number, number],
): { plot: Plot; x: XAxis } {
  const plot = plotArea(size);
  return { plot, x: xAxis(kind, domain, [plot.left + size.inset, plot.right - size.inset]) };
}

function yValues(series: readonly PlotSeries[], kind: YScaleKind): number[] {
  const out: number[] = [];
  for (const s of series) {
    for (const l of linesOf(s)) {
      for (const p of l.points) {
        for (const v of [p.y, p.yMin, p.yMax]) {
          if (v != null && Number.isFinite(v) && (kind === 'linear' || v > 0)) out.push(v);
        }
      }
    }
  }
  return out;
}

/** Linear: from 0 (or the minimum when negative) to a nice maximum. Log: the extent padded by 15 %. */
export function yDomainOf(values: readonly number[], kind: YScaleKind): [number, number] {
  if (values.length === 0) return kind === 'log' ? [1, 10] : [0, 1];
  const [lo = 0, hi = 0] = extent(values);
  if (kind === 'log') return lo === hi ? [lo / 2, hi * 2] : [lo / 1.15, hi * 1.15];
  const d = scaleLinear()
    .domain([Math.min(0, lo), hi === Math.min(0, lo) ? hi + 1 : hi])
    .nice()
    .domain();
  return [d[0] ?? 0, d[1] ?? 1];
}

/** Log ticks thinned to mantissas 1, 2, 5 when the plain ticks would crowd. */
export function yTicksOf(
  scale: ScaleContinuousNumeric<number, number>,
  kind: YScaleKind,
  maxTicks: number,
): number[] {
  if (kind === 'linear') return scale.ticks(maxTicks);
  const all = scale.ticks();
  if (all.length <= maxTicks) return all;
  const thinned = all.filter((v) => {
    const m = Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9));
    return m === 1 || m === 2 || m === 5;
  });
  if (thinned.length <= maxTicks && thinned.length >= 2) return thinned;
  const powers = all.filter((v) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9);
  return powers.length >= 2 ? powers : thinned.slice(0, maxTicks);
}

function linesOf(s: PlotSeries): PlotLine[] {
  return [...s.parts, ...(s.main ? [s.main] : [])];
}

function yScaleFor(kind: YScaleKind, domain: readonly [number, number], plot: Plot) {
  return kind === 'log'
    ? scaleLog().domain([domain[0], domain[1]]).range([plot.bottom, plot.top])
    : scaleLinear().domain([domain[0], domain[1]]).range([plot.bottom, plot.top]);
}

/** Pixels per bucket of a dense line's markers and whiskers (its path keeps one bucket per pixel). */
export const MARKER_BUCKET_PX = 4;

export interface CurvesOptions {
  xKind: XScaleKind;
  yKind: YScaleKind;
  /** Force the x domain (e.g. to share it with another chart). */
  xDomain?: readonly [number, number];
}

export function layoutCurves(
  series: readonly PlotSeries[],
  opts: CurvesOptions,
  size: CurvesSize,
): CurvesMarks {
  const xs = series.flatMap((s) => linesOf(s).flatMap((l) => l.points.map((p) => p.x)));
  const { plot, x } = plotXAxis(size, opts.xKind, opts.xDomain ?? xDomainOf(xs, opts.xKind));
  const yDomain = yDomainOf(yValues(series, opts.yKind), opts.yKind);
  const y = yScaleFor(opts.yKind, yDomain, plot);
  const maxYTicks = Math.max(3, Math.floor((plot.bottom - plot.top) / 40));
  const yTicks = yTicksOf(y, opts.yKind, maxYTicks).map((value) => ({
    value,
    pos: y(value),
    label: formatTick(value),
  }));
  const placeable = (v: number | null): v is number =>
    v != null && Number.isFinite(v) && (opts.yKind === 'linear' || v > 0);
  const placeX = placeableX(opts.xKind);

  const paths: CurvePath[] = [];
  const bands: CurveBand[] = [];
  const whiskers: Whisker[] = [];
  const markers: CurveMarker[] = [];
  for (const s of series) {
    for (const l of linesOf(s)) {
      const placed = l.points.filter((p) => placeX(p.x));
      // x order, so buckets are runs of neighbouring columns (points come sorted; a copy is sorted if not)
      const sorted = placed.every((p, i) => i === 0 || (placed[i - 1]?.x ?? 0) <= p.x)
        ? placed
        : [...placed].sort((a, b) => a.x - b.x);
      const bucket = (px: number) => ({
        px: (p: PlotPoint) => x.scale(p.x),
        value: (p: PlotPoint) => (placeable(p.y) ? p.y : null),
        bucketPx: px,
      });
      const drawn = minMaxBuckets(sorted, bucket(1));
      // a dense line's markers: the extremes per few pixels (and where its gaps start)
      const pts = drawn === sorted ? sorted : minMaxBuckets(sorted, bucket(MARKER_BUCKET_PX));
      const path = line<PlotPoint>()
        .defined((p) => placeable(p.y))
        .x((p) => x.scale(p.x))
        .y((p) => y(p.y ?? 0))(drawn);
      if (path) paths.push({ key: l.key, seriesKey: s.key, color: s.color, thin: l.thin, d: path });
      const rep = (p: PlotPoint): boolean => p.n > 1 && placeable(p.yMin) && placeable(p.yMax);
      if (!l.thin && drawn.filter(rep).length >= 2) {
        const band = area<PlotPoint>()
          .defined(rep)
          .x((p) => x.scale(p.x))
          .y0((p) => y(p.yMin ?? 0))
          .y1((p) => y(p.yMax ?? 0))(drawn);
        if (band) bands.push({ key: `${l.key}:band`, color: s.color, d: band });
      }
      for (const p of pts) {
        const cx = x.scale(p.x);
        if (rep(p) && p.yMin !== p.yMax) {
          whiskers.push({
            key: `${l.key}:${p.x}`,
            color: s.color,
            x: cx,
            y1: y(p.yMin ?? 0),
            y2: y(p.yMax ?? 0),
          });
        }
        const ok = placeable(p.y);
        const infinite = p.sources.some((src) => src.flag === 'Infinity');
        const note = ok
          ? p.flag
          : p.y != null && p.y <= 0
            ? `${p.y} cannot be placed on a log scale`
            : (p.flag ?? 'no finite value');
        markers.push({
          key: `${l.key}:${p.x}`,
          seriesKey: s.key,
          seriesName: s.name,
          lineLabel: l.label,
          color: s.color,
          cx,
          cy: ok ? y(p.y ?? 0) : infinite ? plot.top : plot.bottom,
          r: l.thin ? 2.5 : 4,
          hollow: note != null,
          edge: ok ? null : infinite ? 'top' : 'bottom',
          note,
          point: p,
        });
      }
    }
  }
  return {
    width: size.width,
    height: size.height,
    plot,
    x,
    yKind: opts.yKind,
    yDomain,
    yTicks,
    paths,
    bands,
    whiskers,
    markers,
  };
}
