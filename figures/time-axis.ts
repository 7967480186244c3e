// The shared time axis of every startup chart: one linear scale from seconds to pixels plus its ticks.
// Two charts built from the same domain and range get identical scales and ticks (the comparison relies on it).
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { formatSeconds } from '../shared/format';

export interface Tick {
  valueS: number;
  x: number;
  label: string;
}

/** A vertical grid line at a tick. */
export interface GridLine {
  x: number;
  y1: number;
  y2: number;
}

export interface TimeAxis {
  /** Domain in seconds, [min, max]; max is the shared maximum of the charts on the axis. */
  domain: readonly [number, number];
  range: readonly [number, number];
  scale: ScaleLinear<number, number>;
  ticks: Tick[];
}

/**
 * The domain every chart on a shared axis uses: from min(0, earliest start) to the largest total
 * (or phase end, should any phase outlast its snapshot's total).
 */
export function sharedDomain(
  snapshots: ReadonlyArray<{ totalS: number; phases: ReadonlyArray<{ startS: number; durationS: number }> }>,
): [number, number] {
  let min = 0;
  let max = 0;
  for (const s of snapshots) {
    max = Math.max(max, s.totalS);
    for (const p of s.phases) {
      min = Math.min(min, p.startS);
      max = Math.max(max, p.startS + p.durationS);
    }
  }
  if (!(max > min)) max = min + 1;
  return [min, max];
}

/** Builds the scale and about `tickCount` round ticks (never outside the domain). */
export function timeAxis(
  domain: readonly [number, number],
  range: readonly [number, number],
  tickCount = 8,
): TimeAxis {
  const scale = scaleLinear().domain([domain[0], domain[1]]).range([range[0], range[1]]);
  const ticks = scale
    .ticks(tickCount)
    .map((valueS) => ({ valueS, x: scale(valueS), label: formatSeconds(valueS) }));
  return { domain: [domain[0], domain[1]], range: [range[0], range[1]], scale, ticks };
}

/** About one tick per 90 px, at least four (so narrow charts still read). */
export function tickCountFor(widthPx: number): number {
  return Math.max(4, Math.floor(widthPx / 90));
}

/**
 * The axis of a chart with a label column on the left and room on the right: the range runs from
 * `labelWidth` to `width − padRight` (never narrower than 10 px), with ticks for that width.
 */
export function plotTimeAxis(
  domain: readonly [number, number],
  size: { width: number; labelWidth: number; padRight: number },
): TimeAxis {
  const range: [number, number] = [
    size.labelWidth,
    Math.max(size.labelWidth + 10, size.width - size.padRight),
  ];
  return timeAxis(domain, range, tickCountFor(range[1] - range[0]));
}

/** Vertical grid lines at the axis ticks, from `y1` down to `y2`. */
export function tickGrid(axis: TimeAxis, y1: number, y2: number): GridLine[] {
  return axis.ticks.map((t) => ({ x: t.x, y1, y2 }));
}
