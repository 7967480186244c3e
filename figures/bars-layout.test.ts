// Tests for the stacked-bars layout: exact segment geometry, totals and the shared axis.
import { describe, expect, it } from 'vitest';
import { BASELINE, CANDIDATE } from './test-fixtures';
import { layoutStackedBars, stackPhases, type StackedBarsSize } from './bars-layout';

const SIZE: StackedBarsSize = {
  width: 1200,
  labelWidth: 100,
  padRight: 100,
  barHeight: 40,
  gap: 20,
  axisHeight: 24,
};

describe('stacked bars layout', () => {
  const marks = layoutStackedBars(
    [
      { key: 'b', name: 'qwen235B-base', phases: BASELINE },
      { key: 'c', name: 'qwen235B-all', phases: CANDIDATE },
    ],
    SIZE,
  );

  it('stacks only top-level phases with a duration, in catalogue order', () => {
    expect(stackPhases(BASELINE).map((p) => p.id)).toEqual([
      'fixed_init',
      'model_loading',
      'torch_compile',
      'cuda_graph_capture',
      'warmup',
    ]);
    expect(marks.bars[1]?.segments.map((s) => s.id)).toEqual([
      'fixed_init',
      'compile_cache_download',
      'model_loading',
      'torch_compile',
      'cuda_graph_capture',
      'warmup',
    ]);
  });

  it('makes segment widths sum to the total', () => {
    const s = marks.axis.scale;
    expect(marks.axis.domain).toEqual([0, 982]);
    for (const bar of marks.bars) {
      const sum = bar.segments.reduce((acc, seg) => acc + seg.width, 0);
      expect(sum).toBeCloseTo(s(bar.totalS) - s(0), 9);
    }
    expect(marks.bars[0]?.totalS).toBe(982);
    expect(marks.bars[1]?.totalS).toBeCloseTo(260, 9);
    expect(marks.bars[0]?.totalLabel).toBe('982 s');
    expect(marks.bars[1]?.totalLabel).toBe('260 s');
    expect(marks.bars[0]?.segments[0]?.x).toBe(100);
    expect(marks.bars[0]?.segments[1]?.x).toBeCloseTo(100 + (40 / 982) * 1000, 10);
  });

  it('lays out bars one below the other and hatches manual segments', () => {
    expect(marks.bars.map((b) => b.y)).toEqual([34, 94]);
    expect(marks.height).toBe(24 + 2 * 60 + 4);
    expect(marks.bars[1]?.segments.find((s) => s.id === 'compile_cache_download')?.hatched).toBe(true);
    expect(marks.bars[0]?.segments.some((s) => s.hatched)).toBe(false);
  });

  it('labels a segment only when its text fits', () => {
    expect(marks.bars[0]?.segments.find((s) => s.id === 'model_loading')?.text).toBe('758 s');
    expect(marks.bars[1]?.segments.find((s) => s.id === 'compile_cache_download')?.text).toBeNull();
  });

  it('accepts an explicit shared domain', () => {
    const m = layoutStackedBars([{ key: 'c', name: 'c', phases: CANDIDATE }], SIZE, [0, 1000]);
    expect(m.axis.domain).toEqual([0, 1000]);
    expect(m.bars[0]?.segments[0]?.width).toBe(40);
  });
});
