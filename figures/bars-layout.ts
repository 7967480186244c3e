// Stacked-bars layout (the published chart's form): one horizontal bar per snapshot made of its
// top-level phases in catalogue order, on one shared time axis. Pure; segment widths sum to the
// bar's total width exactly, and the total is labelled at the bar's end.
import { max as maxOf } from 'd3-array';
import type { Phase } from '../shared/model';
import { phaseColor, phaseLabel } from '../shared/phases';
import { formatSeconds } from '../shared/format';
import type { PhaseRect } from './Hatch';
import { orderPhases } from '../shared/phase-order';
import { plotTimeAxis, tickGrid, type GridLine, type TimeAxis } from './time-axis';

export interface StackedBarsInput {
  key: string;
  name: string;
  phases: readonly Phase[];
}

export interface StackedBarsSize {
  width: number;
  labelWidth: number;
  padRight: number;
  barHeight: number;
  gap: number;
  axisHeight: number;
}

export const DEFAULT_STACKED_SIZE: StackedBarsSize = {
  width: 900,
  labelWidth: 220,
  padRight: 80,
  barHeight: 44,
  gap: 22,
  axisHeight: 24,
};

export interface Segment extends PhaseRect {
  id: string;
  label: string;
  valueS: number;
  /** Text drawn inside the segment, or null when it does not fit. */
  text: string | null;
  phase: Phase;
}

export interface StackedBar {
  key: string;
  name: string;
  y: number;
  height: number;
  totalS: number;
  totalLabel: string;
  totalX: number;
  segments: Segment[];
}

export interface StackedBarsMarks {
  width: number;
  height: number;
  axis: TimeAxis;
  /** Baseline of the axis (tick labels above it). */
  axisY: number;
  bars: StackedBar[];
  grid: GridLine[];
}

const CHAR_PX = 6.6;

/** Top-level phases with positive durations, in display order. */
export function stackPhases(phases: readonly Phase[]): Phase[] {
  const ids = new Set(phases.map((p) => p.id));
  return orderPhases(
    phases.filter((p) => (p.parent == null || !ids.has(p.parent)) && p.durationS > 0),
    (p) => p.startS,
  );
}

export function layoutStackedBars(
  bars: readonly StackedBarsInput[],
  size: StackedBarsSize,
  domain?: readonly [number, number],
): StackedBarsMarks {
  const stacks = bars.map((b) => ({ bar: b, phases: stackPhases(b.phases) }));
  const totals = stacks.map((s) => s.phases.reduce((sum, p) => sum + p.durationS, 0));
  const max = domain ? domain[1] : Math.max(1, maxOf(totals) ?? 1);
  const axis = plotTimeAxis([domain ? domain[0] : 0, max], size);
  const { scale } = axis;
  const out: StackedBar[] = stacks.map((s, i) => {
    const y = size.axisHeight + size.gap / 2 + i * (size.barHeight + size.gap);
    let cumulative = 0;
    const segments: Segment[] = s.phases.map((p) => {
      const x = scale(cumulative);
      cumulative += p.durationS;
      const width = scale(cumulative) - x;
      const text = formatSeconds(p.durationS);
      return {
        id: p.id,
        label: phaseLabel(p.id),
        x,
        y,
        width,
        height: size.barHeight,
        fill: phaseColor(p.id),
        hatched: p.source === 'manual',
        valueS: p.durationS,
        text: text.length * CHAR_PX + 6 <= width ? text : null,
        phase: p,
      };
    });
    const totalS = totals[i] ?? 0;
    return {
      key: s.bar.key,
      name: s.bar.name,
      y,
      height: size.barHeight,
      totalS,
      totalLabel: formatSeconds(totalS),
      totalX: scale(totalS) + 6,
      segments,
    };
  });
  const height = size.axisHeight + bars.length * (size.barHeight + size.gap) + 4;
  const grid = tickGrid(axis, size.axisHeight, height - 4);
  return { width: size.width, height, axis, axisY: size.axisHeight - 2, bars: out, grid };
}
