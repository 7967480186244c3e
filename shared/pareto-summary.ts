// The candidate's Pareto advantage in words: the throughput-per-GPU ratio of two frontiers at one matched
// interactivity (or TTFT), a round default for that x inside the frontiers' overlap, and the sentence the
// app shows ("At 40 tok/s/user, B delivers 1.80x the throughput per GPU of A"). Pure.
import { ticks } from 'd3-array';
import { formatMetric, formatSpeedup, formatTick } from './format';
import { frontierAt, type Advantage, type MatchedPoint, type ParetoPoint, type ParetoX } from './pareto';

/** Both frontiers read at x (linear interpolation); null outside either frontier or on a zero baseline. */
export function advantageAt(
  baseline: readonly ParetoPoint[],
  candidate: readonly ParetoPoint[],
  x: number,
): MatchedPoint | null {
  const by = frontierAt(baseline, x);
  const cy = frontierAt(candidate, x);
  if (by == null || cy == null || by <= 0) return null;
  return { x, baselineY: by, candidateY: cy, ratio: cy / by };
}

/**
 * A frontier back in total tok/s (per-GPU values times the GPUs they were divided by): the like-for-like
 * comparison when a side's GPU count is unknown (1 assumed). Scaling by a constant keeps it a frontier.
 */
export function totalFrontier(frontier: readonly ParetoPoint[], gpus: number): ParetoPoint[] {
  return frontier.map((p) => ({ ...p, y: p.y * gpus }));
}

/** A round x inside the overlap of the frontiers: the middle of d3's nice ticks over it (else its middle). */
export function defaultMatchX(advantage: Pick<Advantage, 'range'>): number {
  const [lo, hi] = advantage.range;
  const t = ticks(lo, hi, 5).filter((v) => v >= lo && v <= hi);
  return t.length > 0 ? (t[Math.floor((t.length - 1) / 2)] ?? lo) : (lo + hi) / 2;
}

/** "40 tok/s/user" or "500 ms median TTFT". */
export function matchedXText(kind: ParetoX, x: number): string {
  return kind === 'interactivity' ? `${formatTick(x)} tok/s/user` : `${formatTick(x)} ms median TTFT`;
}

export interface AdvantageWords {
  candidate: string;
  baseline: string;
  kind: ParetoX;
  point: MatchedPoint;
  /** False when either side has no `gpus` attribute: the point is in totals (see totalFrontier), not per GPU. */
  perGpu: boolean;
}

/** "At 40 tok/s/user, B delivers 1.80x the throughput per GPU of A (600.0 vs 333.3 tok/s per GPU)." */
export function advantageSentence(w: AdvantageWords): string {
  const what = w.perGpu ? 'the throughput per GPU' : 'the total output throughput';
  const unit = w.perGpu ? 'tok/s per GPU' : 'tok/s';
  return `At ${matchedXText(w.kind, w.point.x)}, ${w.candidate} delivers ${formatSpeedup(w.point.ratio)} ${what} of ${w.baseline} (${formatMetric(w.point.candidateY)} vs ${formatMetric(w.point.baselineY)} ${unit}).`;
}

/** "Across 75–180 tok/s/user (where both frontiers reach), B/A ranges 0.95x–1.25x (median 1.10x)." */
export function advantageRangeSentence(a: Advantage, kind: ParetoX, pair: string): string {
  const [lo, hi] = a.range;
  const xs =
    kind === 'interactivity'
      ? `${formatTick(lo)}–${formatTick(hi)} tok/s/user`
      : `${formatTick(lo)}–${formatTick(hi)} ms median TTFT`;
  const r = a.min === a.max ? formatSpeedup(a.min) : `${formatSpeedup(a.min)}–${formatSpeedup(a.max)}`;
  return `Across ${xs} (where both frontiers reach), ${pair} is ${r} (median ${formatSpeedup(a.median)}).`;
}
