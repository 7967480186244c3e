// Grouped stacked-bars layout (the form of the published all_models_comparison.png): start-up snapshots
// grouped by model, one vertical bar per snapshot made of its top-level phases in catalogue order, a
// shared seconds axis from 0, and each bar's speedup over its group's baseline (shared/startup-groups:
// chosen, else the first whose name contains "base", else the first). Pure.
import { max as maxOf } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import { formatSeconds, formatSpeedup } from '../shared/format';
import type { Phase } from '../shared/model';
import { phaseColor, phaseLabel } from '../shared/phases';
import { groupStartups, modelGroup } from '../shared/startup-groups';
import { stackPhases } from './bars-layout';
import type { PhaseRect } from './Hatch';

export interface BarInput {
  label: string;
  /** Snapshot name (baselines are chosen by name); the label when absent. */
  name?: string;
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
  /** The snapshot's full name (the label is its short form). */
  name: string;
  /** Centre x of the bar. */
  cx: number;
  x: number;
  width: number;
  totalS: number;
  totalLabel: string;
  top: number;
  /** The bar its group's speedups are measured against. */
  isBaseline: boolean;
  /** Speedup of this bar over its group's baseline (null for the baseline). */
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

export { modelGroup };

export function layoutGroupedBars(
  inputs: readonly BarInput[],
  plot: { left: number; right: number; top: number; bottom: number },
  /** Names of chosen baselines (at most one per group counts); others default. */
  baselines: readonly string[] = [],
): GroupedBarsMarks {
  const stacks = inputs.map((b) => stackPhases(b.phases));
  const totals = stacks.map((s) => s.reduce((sum, p) => sum + p.durationS, 0));
  const groups = groupStartups(
    inputs.map((b, i) => ({
      name: b.name ?? b.label,
      label: b.label,
      model: b.model,
      totalS: totals[i] ?? 0,
    })),
    baselines,
  );
  const y = scaleLinear()
    .domain([0, Math.max(1, maxOf(totals) ?? 1) * 1.08])
    .range([plot.bottom, plot.top])
    .nice();
  const groupGap = 0.9;
  const slots = inputs.length + groupGap * Math.max(0, groups.length - 1);
  const slot = (plot.right - plot.left) / Math.max(1, slots);
  const barWidth = Math.min(90, slot * 0.72);
  let cursor = plot.left;
  const out: BarGroup[] = [];
  for (const g of groups) {
    const bars: GroupedBar[] = [];
    g.members.forEach((m) => {
      const b = inputs[m.index] as BarInput;
      const cx = cursor + slot / 2;
      cursor += slot;
      let acc = 0;
      const segments = (stacks[m.index] ?? []).map((p): GroupedSegment => {
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
      const x = m.isBaseline ? null : m.speedup;
      bars.push({
        label: b.label,
        name: m.item.name,
        isBaseline: m.isBaseline,
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
    out.push({ key: g.key, label: g.label, cx: first && last ? (first.cx + last.cx) / 2 : 0, bars });
  }
  const yTicks = y.ticks(6).map((value) => ({ value, pos: y(value), label: formatSecondsTick(value) }));
  return { plot, yTicks, groups: out };
}

/** Seconds on the bars' axis: plain numbers ("1000", "250", "2.5"), never SI prefixes. */
function formatSecondsTick(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100);
}
