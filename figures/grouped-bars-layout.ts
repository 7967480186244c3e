// Grouped stacked-bars layout (the form of the published all_models_comparison.png): start-up snapshots
// grouped by model, one vertical bar per snapshot made of its top-level phases in catalogue order, a
// shared seconds axis from 0, and each bar's speedup over the first snapshot of its group. Pure.
import { scaleLinear } from 'd3-scale';
import { speedup } from '../shared/analysis';
import { formatSeconds, formatSpeedup } from '../shared/format';
import type { Phase } from '../shared/model';
import { phaseColor, phaseLabel } from '../shared/phases';
import { stackPhases } from './bars-layout';
import type { PhaseRect } from './Hatch';

export interface BarInput {
  label: string;
  model: string | null;
  phases: readonly Phase[];
}

export interface GroupedSegment extends PhaseRect {
  id: string;
  label: string;
  valueS: number;
}

export interface GroupedBar {
  label: string;
  /** Centre x of the bar. */
  cx: number;
  x: number;
  width: number;
  totalS: number;
  totalLabel: string;
  top: number;
  /** Speedup of this bar over its group's first bar (null for the first). */
  speedup: number | null;
  speedupLabel: string | null;
  segments: GroupedSegment[];
}

export interface BarGroup {
  key: string;
  label: string;
  cx: number;
  bars: GroupedBar[];
}

export interface GroupedBarsMarks {
  plot: { left: number; right: number; top: number; bottom: number };
  yTicks: { value: number; pos: number; label: string }[];
  groups: BarGroup[];
}

/** Group key and label of a model: "Qwen/Qwen3-235B-A22B" and "Qwen3-235B-A22B-sharded" are one model. */
export function modelGroup(model: string | null, fallback: string): { key: string; label: string } {
  if (!model) return { key: `?${fallback}`, label: fallback };
  const label = (model.split('/').pop() ?? model).replace(/[-_]sharded$/i, '');
  return { key: label.toLowerCase(), label };
}

export function layoutGroupedBars(
  inputs: readonly BarInput[],
  plot: { left: number; right: number; top: number; bottom: number },
): GroupedBarsMarks {
  const groups = new Map<string, { label: string; items: BarInput[] }>();
  for (const b of inputs) {
    const g = modelGroup(b.model, b.label);
    const entry = groups.get(g.key);
    if (entry) entry.items.push(b);
    else groups.set(g.key, { label: g.label, items: [b] });
  }
  const stacks = inputs.map((b) => stackPhases(b.phases));
  const totals = stacks.map((s) => s.reduce((sum, p) => sum + p.durationS, 0));
  const y = scaleLinear()
    .domain([0, Math.max(1, ...totals) * 1.08])
    .range([plot.bottom, plot.top])
    .nice();
  const groupGap = 0.9;
  const slots = inputs.length + groupGap * Math.max(0, groups.size - 1);
  const slot = (plot.right - plot.left) / Math.max(1, slots);
  const barWidth = Math.min(90, slot * 0.72);
  let cursor = plot.left;
  const out: BarGroup[] = [];
  for (const [key, g] of groups) {
    const bars: GroupedBar[] = [];
    const baseTotal = stackPhases(g.items[0]?.phases ?? []).reduce((s, p) => s + p.durationS, 0);
    g.items.forEach((b, i) => {
      const cx = cursor + slot / 2;
      cursor += slot;
      let acc = 0;
      const segments = stackPhases(b.phases).map((p): GroupedSegment => {
        const y0 = y(acc);
        acc += p.durationS;
        const y1 = y(acc);
        return {
          id: p.id,
          label: phaseLabel(p.id),
          valueS: p.durationS,
          x: cx - barWidth / 2,
          y: y1,
          width: barWidth,
          height: y0 - y1,
          fill: phaseColor(p.id),
          hatched: p.source === 'manual',
        };
      });
      const x = i === 0 ? null : speedup(baseTotal, acc);
      bars.push({
        label: b.label,
        cx,
        x: cx - barWidth / 2,
        width: barWidth,
        totalS: acc,
        totalLabel: formatSeconds(acc),
        top: y(acc),
        speedup: x,
        speedupLabel: x == null ? null : formatSpeedup(x),
        segments,
      });
    });
    cursor += slot * groupGap;
    const first = bars[0];
    const last = bars[bars.length - 1];
    out.push({ key, label: g.label, cx: first && last ? (first.cx + last.cx) / 2 : 0, bars });
  }
  const yTicks = y.ticks(6).map((value) => ({ value, pos: y(value), label: formatSecondsTick(value) }));
  return { plot, yTicks, groups: out };
}

/** Seconds on the bars' axis: plain numbers ("1000", "250", "2.5"), never SI prefixes. */
function formatSecondsTick(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100);
}
