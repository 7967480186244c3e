import { describe, expect, it } from 'vitest';
import { compareSnapshots, speedup } from './analysis';
import type { Phase } from './model';

const ph = (id: string, durationS: number, parent: string | null = null): Phase => ({
  id,
  parent,
  startS: 0,
  durationS,
  source: 'log',
  detail: '',
  ranks: [],
  lines: [],
  measuredS: null,
  note: null,
});

describe('compareSnapshots', () => {
  const b = {
    id: 1,
    name: 'base',
    totalS: 1000,
    phases: [
      ph('fixed_init', 50),
      ph('model_loading', 800),
      ph('weights_download', 700, 'model_loading'),
      ph('torch_compile', 150),
    ],
  };
  const c = {
    id: 2,
    name: 'all',
    totalS: 250,
    phases: [
      ph('fixed_init', 60),
      ph('model_loading', 100),
      ph('compile_cache_download', 40),
      ph('torch_compile', 50),
    ],
  };
  const r = compareSnapshots(b, c, 'slowest');

  it('computes the total speedup and saving', () => {
    expect(r.speedup).toBe(4);
    expect(r.savedS).toBe(750);
  });

  it('gives per-phase speedup, seconds saved and share of the saving, in catalogue order', () => {
    expect(r.phases.map((p) => p.id)).toEqual([
      'fixed_init',
      'compile_cache_download',
      'model_loading',
      'weights_download',
      'torch_compile',
    ]);
    const ml = r.phases.find((p) => p.id === 'model_loading');
    expect(ml).toMatchObject({ baselineS: 800, candidateS: 100, speedup: 8, savedS: 700 });
    expect(ml?.shareOfSaving).toBeCloseTo(700 / 750, 6);
    expect(r.phases.find((p) => p.id === 'compile_cache_download')).toMatchObject({
      baselineS: null,
      speedup: null,
      savedS: -40,
    });
    expect(r.phases.find((p) => p.id === 'fixed_init')?.shareOfSaving).toBeCloseTo(-10 / 750, 6);
  });

  it('top-level shares sum to 1 when the phases sum to the totals', () => {
    const top = r.phases.filter((p) => p.parent === null);
    expect(top.reduce((s, p) => s + (p.shareOfSaving ?? 0), 0)).toBeCloseTo(1, 6);
  });

  it('has no speedup for a zero or missing candidate', () => {
    expect(speedup(10, 0)).toBeNull();
    expect(speedup(null, 5)).toBeNull();
  });
});
