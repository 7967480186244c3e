// Waterfall layout: phases of one or two snapshots → positioned marks (rows, bars, whiskers, labels).
// Pure: both waterfalls of a comparison are laid out on the same time axis, so equal seconds
// are equal pixels; a bar spans scale(startS) .. scale(startS) + scale(durationS) − scale(0).
import { extent } from 'd3-array';
import type { Phase } from '../shared/model';
import { phaseColor, phaseLabel } from '../shared/phases';
import { formatSeconds } from '../shared/format';
import type { PhaseRect } from './Hatch';
import { orderPhases } from '../shared/phase-order';
import { plotTimeAxis, tickGrid, type GridLine, type TimeAxis } from './time-axis';

export interface WaterfallSize {
  width: number;
  /** Left column for phase names. */
  labelWidth: number;
  /** Room right of the plot for the value label of a bar that ends at the domain max. */
  padRight: number;
  rowHeight: number;
  axisHeight: number;
}

export const DEFAULT_WATERFALL_SIZE: WaterfallSize = {
  width: 900,
  labelWidth: 220,
  padRight: 110,
  rowHeight: 26,
  axisHeight: 24,
};

export interface Whisker {
  x1: number;
  x2: number;
  y: number;
  minS: number;
  maxS: number;
}

/** A row; its rectangle (x, y, width, height, fill, hatched) is the bar. */
export interface WaterfallRow extends PhaseRect {
  id: string;
  label: string;
  depth: number;
  hasChildren: boolean;
  collapsed: boolean;
  /** Top of the row band and its height. */
  rowY: number;
  rowHeight: number;
  valueLabel: string;
  valueX: number;
  valueAnchor: 'start' | 'end';
  /** Value label drawn inside the bar (needs a contrasting colour). */
  valueInside: boolean;
  whisker: Whisker | null;
  phase: Phase;
}

export interface WaterfallMarks {
  width: number;
  height: number;
  plotLeft: number;
  plotRight: number;
  axis: TimeAxis;
  rows: WaterfallRow[];
  /** Vertical grid lines at the ticks, spanning the rows. */
  grid: GridLine[];
}

export interface WaterfallPair {
  axis: TimeAxis;
  baseline: WaterfallMarks;
  candidate: WaterfallMarks | null;
}

const CHAR_PX = 6.6;

/** Distinct-rank spread of a phase, or null when all ranks agree (or there are fewer than two). */
export function rankSpread(phase: Phase): { minS: number; maxS: number } | null {
  const values = new Set(phase.ranks.map((r) => r.valueS));
  if (values.size < 2) return null;
  const [minS = 0, maxS = 0] = extent(values);
  return { minS, maxS };
}

/** Lays out one waterfall on a given axis. */
export function layoutWaterfall(
  phases: readonly Phase[],
  axis: TimeAxis,
  size: WaterfallSize,
  collapsed: ReadonlySet<string>,
): WaterfallMarks {
  const { scale } = axis;
  const plotLeft = axis.range[0];
  const plotRight = axis.range[1];
  const ordered = orderPhases(phases, (p) => p.startS);
  const ids = new Set(phases.map((p) => p.id));
  const parentsWithKids = new Set(
    phases.filter((p) => p.parent != null && ids.has(p.parent)).map((p) => p.parent),
  );
  const rows: WaterfallRow[] = [];
  let y = size.axisHeight;
  for (const phase of ordered) {
    const isChild = phase.parent != null && ids.has(phase.parent);
    if (isChild && phase.parent != null && collapsed.has(phase.parent)) continue;
    const depth = isChild ? 1 : 0;
    const barHeight = Math.round(size.rowHeight * (depth === 0 ? 0.6 : 0.45));
    const barY = y + (size.rowHeight - barHeight) / 2;
    const x = scale(phase.startS);
    const width = scale(phase.durationS) - scale(0);
    const hatched = phase.source === 'manual';
    const valueLabel = formatSeconds(phase.durationS) + (hatched ? ' · manual' : '');
    const textPx = valueLabel.length * CHAR_PX;
    const spread = rankSpread(phase);
    // The label starts after the bar or after its whisker, whichever ends later.
    const end = Math.max(x + Math.max(0, width), spread ? scale(phase.startS + spread.maxS) : -Infinity);
    let valueX: number;
    let valueAnchor: 'start' | 'end';
    let valueInside = false;
    if (end + 4 + textPx <= size.width) {
      valueX = end + 4;
      valueAnchor = 'start';
    } else if (x - 4 - textPx >= plotLeft) {
      valueX = x - 4;
      valueAnchor = 'end';
    } else {
      valueX = end - 4;
      valueAnchor = 'end';
      valueInside = true;
    }
    const whisker: Whisker | null = spread
      ? {
          x1: scale(phase.startS + spread.minS),
          x2: scale(phase.startS + spread.maxS),
          y: barY + barHeight / 2,
          minS: spread.minS,
          maxS: spread.maxS,
        }
      : null;
    rows.push({
      id: phase.id,
      label: phaseLabel(phase.id),
      depth,
      hasChildren: parentsWithKids.has(phase.id),
      collapsed: collapsed.has(phase.id),
      rowY: y,
      rowHeight: size.rowHeight,
      x,
      y: barY,
      width,
      height: barHeight,
      fill: phaseColor(phase.id),
      hatched,
      valueLabel,
      valueX,
      valueAnchor,
      valueInside,
      whisker,
      phase,
    });
    y += size.rowHeight;
  }
  const height = y + 4;
  const grid = tickGrid(axis, size.axisHeight, y);
  return { width: size.width, height, plotLeft, plotRight, axis, rows, grid };
}

/**
 * Lays out the baseline and (optionally) the candidate waterfall on ONE axis built from `domain`,
 * so both charts share the scale object's domain, range and ticks exactly.
 */
export function layoutWaterfalls(
  baseline: readonly Phase[],
  candidate: readonly Phase[] | null,
  domain: readonly [number, number],
  size: WaterfallSize,
  collapsed: ReadonlySet<string>,
): WaterfallPair {
  const axis = plotTimeAxis(domain, size);
  return {
    axis,
    baseline: layoutWaterfall(baseline, axis, size, collapsed),
    candidate: candidate ? layoutWaterfall(candidate, axis, size, collapsed) : null,
  };
}
