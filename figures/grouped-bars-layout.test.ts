// Tests for the grouped stacked-bars layout: model grouping, exact bar geometry and per-group speedups.
import { describe, expect, it } from 'vitest';
import { layoutGroupedBars, modelGroup } from './grouped-bars-layout';
import { BASELINE, CANDIDATE, phase } from './test-fixtures';

describe('grouped bars layout', () => {
  it('groups a model with its sharded copy and drops the organisation', () => {
    expect(modelGroup('Qwen/Qwen3-235B-A22B', 'x')).toEqual({
      key: 'qwen3-235b-a22b',
      label: 'Qwen3-235B-A22B',
    });
    expect(modelGroup('Qwen3-235B-A22B-sharded', 'x').key).toBe('qwen3-235b-a22b');
    expect(modelGroup(null, 'run-7')).toEqual({ key: '?run-7', label: 'run-7' });
  });

  it('stacks top-level phases from 0 and labels speedups against the group’s first bar', () => {
    const small = [phase('fixed_init', 0, 40), phase('model_loading', 40, 60)];
    const m = layoutGroupedBars(
      [
        { label: 'base', model: 'Qwen/Qwen3-235B-A22B', phases: BASELINE },
        { label: 'llama', model: 'meta-llama/Meta-Llama-3-70B', phases: small },
        { label: 'all', model: 'Qwen3-235B-A22B-sharded', phases: CANDIDATE },
      ],
      { left: 0, right: 390, top: 0, bottom: 500 },
    );
    expect(m.groups.map((g) => [g.label, g.bars.map((b) => b.label)])).toEqual([
      ['Qwen3-235B-A22B', ['base', 'all']],
      ['Meta-Llama-3-70B', ['llama']],
    ]);
    const [base, all] = m.groups[0]?.bars ?? [];
    expect(base?.totalS).toBe(982);
    expect(base?.speedup).toBeNull();
    expect(all?.totalS).toBeCloseTo(260, 9);
    expect(all?.speedupLabel).toBe('3.78x');
    // 3 bars + one 0.9-slot group gap over 390 px: 100 px slots, bars 72 px wide
    expect(m.groups[0]?.bars.map((b) => b.cx)).toEqual([50, 150]);
    expect(m.groups[1]?.bars[0]?.cx).toBe(340);
    expect(base?.width).toBe(72);
    // y domain 0..982·1.08 → nice 0..1100: the 982 s bar's top is at 500 − 982/1100·500
    expect(base?.top).toBeCloseTo(500 - (982 / 1100) * 500, 9);
    const heights = base?.segments.reduce((s, seg) => s + seg.height, 0) ?? 0;
    expect(heights).toBeCloseTo((982 / 1100) * 500, 9);
    expect(all?.segments.find((s) => s.id === 'compile_cache_download')?.hatched).toBe(true);
  });

  it('measures speedups against a chosen baseline by name, else the one named "base"', () => {
    const small = [phase('fixed_init', 0, 40), phase('model_loading', 40, 60)];
    const big = [phase('fixed_init', 0, 40), phase('model_loading', 40, 160)];
    const inputs = [
      { label: 'Run A', name: 'm-fast', model: 'm', phases: small },
      { label: 'Run B', name: 'm-base', model: 'm', phases: big },
    ];
    const plot = { left: 0, right: 200, top: 0, bottom: 100 };
    const byDefault = layoutGroupedBars(inputs, plot).groups[0]?.bars ?? [];
    expect(byDefault.map((b) => [b.isBaseline, b.speedup, b.speedupLabel])).toEqual([
      [false, 2, '2.00x'],
      [true, null, null],
    ]);
    const chosen = layoutGroupedBars(inputs, plot, ['m-fast']).groups[0]?.bars ?? [];
    expect(chosen.map((b) => [b.isBaseline, b.speedup, b.speedupLabel])).toEqual([
      [true, null, null],
      [false, 0.5, '0.50x'],
    ]);
  });
});
