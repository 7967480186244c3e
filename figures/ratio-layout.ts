// Ratio-curve layout: candidate / baseline at matching x, a 1.0 reference line and the baseline's
// repeat spread as a shaded band around it, on the same x axis as the curves chart (same domain and
// range), with a linear y that always contains 1.0. Pure.
import { extent } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import { area, line } from 'd3-shape';
import { minMaxBuckets } from '../shared/downsample';
import { formatTick } from '../shared/format';
import type { RatioPoint, RatioSeries, SpreadPoint } from '../shared/serving';
import {
  DEFAULT_CURVES_SIZE,
  placeableX,
  plotXAxis,
  type AxisTick,
  type CurvesSize,
  type Plot,
  type XAxis,
  type XScaleKind,
} from './curves-layout';

/** The curves chart's width, margins and inset, lower. */
export const DEFAULT_RATIO_SIZE: CurvesSize = {
  ...DEFAULT_CURVES_SIZE,
  height: 180,
  margin: { ...DEFAULT_CURVES_SIZE.margin, top: 10, bottom: 36 },
};

export interface RatioMarker {
  key: string;
  seriesName: string;
  color: string;
  cx: number;
  cy: number;
  point: RatioPoint;
}

export interface RatioMarks {
  width: number;
  height: number;
  plot: Plot;
  x: XAxis;
  yDomain: readonly [number, number];
  yTicks: AxisTick[];
  /** Pixel y of the 1.0 line. */
  oneY: number;
  paths: { key: string; color: string; d: string }[];
  markers: RatioMarker[];
  /** The baseline's repeat spread (null without repeats). */
  band: string | null;
  spread: { x: number; y1: number; y2: number }[];
}

export function layoutRatio(
  series: readonly RatioSeries[],
  spread: readonly SpreadPoint[],
  xKind: XScaleKind,
  xDomain: readonly [number, number],
  size: CurvesSize,
): RatioMarks {
  const { plot, x } = plotXAxis(size, xKind, xDomain);
  const inX = placeableX(xKind);
  const values = [
    1,
    ...series.flatMap((s) => s.points.filter((p) => inX(p.x)).map((p) => p.ratio)),
    ...spread.flatMap((p) => [p.lo, p.hi]),
  ].filter(Number.isFinite);
  const [lo = 1, hi = 1] = extent(values);
  const pad = Math.max((hi - lo) * 0.1, 0.05);
  const y = scaleLinear()
    .domain([lo - pad, hi + pad])
    .range([plot.bottom, plot.top])
    .nice(4);
  const [d0 = 0, d1 = 2] = y.domain();
  const yTicks = y.ticks(4).map((value) => ({ value, pos: y(value), label: formatTick(value) }));
  const paths: RatioMarks['paths'] = [];
  const markers: RatioMarker[] = [];
  for (const s of series) {
    const placed = s.points.filter((p) => inX(p.x));
    // a series denser than the screen: min/max per pixel column for the line, per 4 px for markers
    const bucket = (px: number) => ({
      px: (p: RatioPoint) => x.scale(p.x),
      value: (p: RatioPoint) => p.ratio,
      bucketPx: px,
    });
    const drawn = minMaxBuckets(placed, bucket(1));
    const pts = drawn === placed ? placed : minMaxBuckets(placed, bucket(4));
    const d = line<RatioPoint>()
      .x((p) => x.scale(p.x))
      .y((p) => y(p.ratio))(drawn);
    if (d) paths.push({ key: s.key, color: s.color, d });
    for (const p of pts) {
      markers.push({
        key: `${s.key}:${p.x}`,
        seriesName: s.name,
        color: s.color,
        cx: x.scale(p.x),
        cy: y(p.ratio),
        point: p,
      });
    }
  }
  const sp = spread.filter((p) => inX(p.x));
  const band =
    sp.length >= 2
      ? area<SpreadPoint>()
          .x((p) => x.scale(p.x))
          .y0((p) => y(p.lo))
          .y1((p) => y(p.hi))(sp)
      : null;
  return {
    width: size.width,
    height: size.height,
    plot,
    x,
    yDomain: [d0, d1],
    yTicks,
    oneY: y(1),
    paths,
    markers,
    band,
    spread: sp.map((p) => ({ x: x.scale(p.x), y1: y(p.lo), y2: y(p.hi) })),
  };
}
