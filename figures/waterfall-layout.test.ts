// Tests for the waterfall layout: one shared axis, exact bar geometry, collapsing, whiskers, hatching.
import { describe, expect, it } from 'vitest';
import { BASELINE, CANDIDATE, phase, ranks } from './test-fixtures';
import { sharedDomain } from './time-axis';
import { layoutWaterfalls, rankSpread, type WaterfallSize } from './waterfall-layout';

const SIZE: WaterfallSize = { width: 1200, labelWidth: 100, padRight: 100, rowHeight: 20, axisHeight: 24 };
const NONE = new Set<string>();

describe('waterfall layout', () => {
  const domain = sharedDomain([
    { totalS: 982, phases: BASELINE },
    { totalS: 260, phases: CANDIDATE },
  ]);
  const pair = layoutWaterfalls(BASELINE, CANDIDATE, domain, SIZE, NONE);
  const candidate = pair.candidate;
  if (!candidate) throw new Error('candidate expected');

  it('gives both waterfalls the identical x-scale and ticks', () => {
    expect(domain).toEqual([0, 982]);
    expect(pair.baseline.axis).toBe(candidate.axis);
    expect(pair.baseline.axis.scale.domain()).toEqual([0, 982]);
    expect(candidate.axis.scale.range()).toEqual([100, 1100]);
    expect(pair.baseline.axis.ticks.map((t) => t.valueS)).toEqual([
      0, 100, 200, 300, 400, 500, 600, 700, 800, 900,
    ]);
    expect(candidate.axis.ticks.map((t) => t.x)).toEqual(pair.baseline.axis.ticks.map((t) => t.x));
    // The same seconds are the same pixels in both charts.
    const bFixed = pair.baseline.rows.find((r) => r.id === 'fixed_init');
    const cFixed = candidate.rows.find((r) => r.id === 'fixed_init');
    expect(bFixed?.width).toBe(cFixed?.width);
  });

  it('places bars at scale(startS) with width scale(durationS) - scale(0)', () => {
    const s = pair.axis.scale;
    for (const row of pair.baseline.rows) {
      expect(row.x).toBe(s(row.phase.startS));
      expect(row.width).toBe(s(row.phase.durationS) - s(0));
    }
    const ml = pair.baseline.rows.find((r) => r.id === 'model_loading');
    expect(ml?.x).toBeCloseTo(100 + (40 / 982) * 1000, 10);
    expect(ml?.width).toBeCloseTo((758 / 982) * 1000, 10);
  });

  it('orders rows parent-then-children and stacks them by row height', () => {
    expect(pair.baseline.rows.map((r) => r.id)).toEqual([
      'fixed_init',
      'model_loading',
      'weights_download',
      'weights_load',
      'torch_compile',
      'dynamo_transform',
      'inductor_compile',
      'cuda_graph_capture',
      'warmup',
      'unattributed',
    ]);
    expect(pair.baseline.rows.map((r) => r.rowY)).toEqual([24, 44, 64, 84, 104, 124, 144, 164, 184, 204]);
    expect(pair.baseline.rows.map((r) => r.depth)).toEqual([0, 0, 1, 1, 0, 1, 1, 0, 0, 0]);
    expect(pair.baseline.height).toBe(228);
    expect(pair.baseline.rows.find((r) => r.id === 'model_loading')?.hasChildren).toBe(true);
  });

  it('hides children of collapsed parents', () => {
    const collapsed = layoutWaterfalls(BASELINE, CANDIDATE, domain, SIZE, new Set(['model_loading']));
    const ids = collapsed.baseline.rows.map((r) => r.id);
    expect(ids).not.toContain('weights_download');
    expect(ids).not.toContain('weights_load');
    expect(ids).toContain('dynamo_transform');
    expect(collapsed.baseline.rows.find((r) => r.id === 'model_loading')?.collapsed).toBe(true);
    expect(collapsed.baseline.rows).toHaveLength(8);
  });

  it('draws a whisker from the rank spread only when ranks differ', () => {
    const ml = pair.baseline.rows.find((r) => r.id === 'model_loading');
    const s = pair.axis.scale;
    expect(ml?.whisker).toEqual({
      x1: s(40 + 740),
      x2: s(40 + 758),
      y: (ml?.y ?? 0) + (ml?.height ?? 0) / 2,
      minS: 740,
      maxS: 758,
    });
    expect(pair.baseline.rows.find((r) => r.id === 'cuda_graph_capture')?.whisker).toBeNull();
    expect(rankSpread(phase('x', 0, 1, { ranks: ranks(3) }))).toBeNull();
  });

  it('hatches manual values and labels them', () => {
    const manual = candidate.rows.find((r) => r.id === 'compile_cache_download');
    expect(manual?.hatched).toBe(true);
    expect(manual?.valueLabel).toBe('15.6 s · manual');
    expect(candidate.rows.filter((r) => r.hatched)).toHaveLength(1);
    expect(pair.baseline.rows.find((r) => r.id === 'unattributed')?.fill).toBe('#CCCCCC');
  });

  it('keeps value labels inside the chart', () => {
    for (const row of [...pair.baseline.rows, ...candidate.rows]) {
      expect(row.valueX).toBeLessThanOrEqual(SIZE.width);
      expect(row.valueX).toBeGreaterThanOrEqual(SIZE.labelWidth);
    }
  });
});
