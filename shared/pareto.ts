// Throughput–latency Pareto frontiers of serving snapshots: per result file, output throughput per GPU
// against interactivity (1000 / median TPOT ms, tok/s per user) or against median TTFT (ms); the frontier
// keeps the points no other point beats on both axes; a candidate's advantage over the baseline is read
// at matched x by linear interpolation on the two frontiers (never extrapolated). Pure.
import { max, median, min } from 'd3-array';
import { defaultPoints, divisorFor, type SnapshotPoints } from './serving';

/** interactivity: higher x is better; ttft: lower x is better. Higher y is always better. */
export type ParetoX = 'interactivity' | 'ttft';

export interface ParetoPoint {
  /** Interactivity in tok/s per user, or median TTFT in ms. */
  x: number;
  /** Output tokens per second per GPU. */
  y: number;
  file: string;
  concurrency: number | null;
}

export interface ParetoSet {
  points: ParetoPoint[];
  /** Frontier points sorted by x ascending. */
  frontier: ParetoPoint[];
  /** GPUs the throughput was divided by. */
  gpus: number;
  /** True when the snapshot has no `gpus` attribute and 1 GPU was assumed. */
  assumedGpus: boolean;
  /** Files left out, with the reason. */
  dropped: { file: string; reason: string }[];
}

export interface MatchedPoint {
  x: number;
  baselineY: number;
  candidateY: number;
  /** candidate / baseline throughput per GPU at this x. */
  ratio: number;
}

export interface Advantage {
  points: MatchedPoint[];
  /** The overlap of both frontiers' x ranges, in which the ratio is defined. */
  range: readonly [number, number];
  min: number;
  max: number;
  median: number;
}

export function paretoXLabel(kind: ParetoX): string {
  return kind === 'interactivity'
    ? 'Interactivity (tok/s per user = 1000 / median TPOT ms)'
    : 'Median TTFT (ms)';
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** The points of one snapshot (its default point set: the all-parts aggregate, else single-client files). */
export function paretoPoints(snap: SnapshotPoints, kind: ParetoX): ParetoSet {
  const divisor = divisorFor(snap.attributes, 'gpu');
  const gpus = divisor ?? 1;
  const points: ParetoPoint[] = [];
  const dropped: ParetoSet['dropped'] = [];
  for (const p of defaultPoints(snap.points).points) {
    const out = num(p.metrics['output_throughput']);
    const lat = num(p.metrics[kind === 'interactivity' ? 'median_tpot_ms' : 'median_ttft_ms']);
    if (out == null) {
      dropped.push({ file: p.file, reason: 'no finite output_throughput' });
      continue;
    }
    if (lat == null || lat <= 0) {
      dropped.push({
        file: p.file,
        reason: `no positive ${kind === 'interactivity' ? 'median_tpot_ms' : 'median_ttft_ms'}`,
      });
      continue;
    }
    points.push({
      x: kind === 'interactivity' ? 1000 / lat : lat,
      y: out / gpus,
      file: p.file,
      concurrency: p.concurrency,
    });
  }
  return { points, frontier: paretoFrontier(points, kind), gpus, assumedGpus: divisor == null, dropped };
}

/** The non-dominated points, sorted by x ascending. */
export function paretoFrontier(points: readonly ParetoPoint[], kind: ParetoX): ParetoPoint[] {
  // Sweep from the best x to the worst; a point joins when its y beats every better-x point's y.
  const better = kind === 'interactivity' ? (a: number, b: number) => b - a : (a: number, b: number) => a - b;
  const sorted = [...points].sort((a, b) => better(a.x, b.x) || b.y - a.y);
  const out: ParetoPoint[] = [];
  let bestY = -Infinity;
  for (const p of sorted) {
    if (p.y > bestY) {
      out.push(p);
      bestY = p.y;
    }
  }
  return out.sort((a, b) => a.x - b.x);
}

/** y of a frontier (sorted by x) at x by linear interpolation; null outside its x range. */
export function frontierAt(frontier: readonly ParetoPoint[], x: number): number | null {
  const first = frontier[0];
  const last = frontier[frontier.length - 1];
  if (!first || !last || x < first.x || x > last.x) return null;
  for (let i = 0; i < frontier.length; i += 1) {
    const a = frontier[i] as ParetoPoint;
    if (a.x === x) return a.y;
    const b = frontier[i + 1];
    if (b && a.x < x && x < b.x) return a.y + ((b.y - a.y) * (x - a.x)) / (b.x - a.x);
  }
  return null;
}

/**
 * The candidate's throughput per GPU over the baseline's at matched x: at every frontier vertex of
 * either snapshot inside the overlap of both frontiers' x ranges. Null when the ranges do not overlap.
 */
export function matchedAdvantage(
  baseline: readonly ParetoPoint[],
  candidate: readonly ParetoPoint[],
): Advantage | null {
  const b0 = baseline[0];
  const c0 = candidate[0];
  const b1 = baseline[baseline.length - 1];
  const c1 = candidate[candidate.length - 1];
  if (!b0 || !c0 || !b1 || !c1) return null;
  const lo = Math.max(b0.x, c0.x);
  const hi = Math.min(b1.x, c1.x);
  if (lo > hi) return null;
  const xs = [...new Set([...baseline, ...candidate].map((p) => p.x).filter((x) => x >= lo && x <= hi))];
  xs.sort((a, b) => a - b);
  const points: MatchedPoint[] = [];
  for (const x of xs) {
    const by = frontierAt(baseline, x);
    const cy = frontierAt(candidate, x);
    if (by != null && cy != null && by > 0) points.push({ x, baselineY: by, candidateY: cy, ratio: cy / by });
  }
  if (points.length === 0) return null;
  const ratios = points.map((p) => p.ratio);
  return {
    points,
    range: [lo, hi],
    min: min(ratios) ?? 0,
    max: max(ratios) ?? 0,
    median: median(ratios) ?? 0,
  };
}
