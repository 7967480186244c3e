// Tests for the Pareto advantage in words: the ratio at a matched x, the round default x and the sentences.
import { describe, expect, it } from 'vitest';
import { matchedAdvantage, type ParetoPoint } from './pareto';
import {
  advantageAt,
  advantageRangeSentence,
  advantageSentence,
  defaultMatchX,
  matchedXText,
  totalFrontier,
} from './pareto-summary';

const p = (x: number, y: number): ParetoPoint => ({ x, y, file: `${x}-${y}`, concurrency: null });
const BASE = [p(20, 400), p(50, 300), p(100, 200)];
const CAND = [p(40, 600), p(80, 450), p(120, 300)];

describe('pareto summary', () => {
  it('reads both frontiers at one x', () => {
    // x = 60: base 300 + (200−300)·10/50 = 280; cand 600 + (450−600)·20/40 = 525 → 1.875
    expect(advantageAt(BASE, CAND, 60)).toEqual({ x: 60, baselineY: 280, candidateY: 525, ratio: 1.875 });
    expect(advantageAt(BASE, CAND, 30)).toBeNull();
    expect(advantageAt([p(1, 0), p(2, 0)], [p(1, 1), p(2, 1)], 1.5)).toBeNull();
  });

  it('picks a round x in the overlap', () => {
    // overlap 40..100: d3 ticks 40, 50, …, 100 → the middle one, 70
    const a = matchedAdvantage(BASE, CAND);
    expect(a?.range).toEqual([40, 100]);
    expect(defaultMatchX({ range: [40, 100] })).toBe(70);
    expect(defaultMatchX({ range: [41.3, 41.35] })).toBe(41.32);
    expect(defaultMatchX({ range: [7, 7] })).toBe(7);
  });

  it('states the advantage in words', () => {
    const point = advantageAt(BASE, CAND, 40);
    if (!point) throw new Error('no point');
    expect(
      advantageSentence({ candidate: 'B', baseline: 'A', kind: 'interactivity', point, perGpu: true }),
    ).toBe('At 40 tok/s/user, B delivers 1.80x the throughput per GPU of A (600.0 vs 333.3 tok/s per GPU).');
    expect(advantageSentence({ candidate: 'B', baseline: 'A', kind: 'ttft', point, perGpu: false })).toBe(
      'At 40 ms median TTFT, B delivers 1.80x the total output throughput of A (600.0 vs 333.3 tok/s).',
    );
    // per GPU back to totals: A × 8 GPUs, B × 1 (assumed); at x = 40: 8000/3 vs 600 → 0.225
    const totals = advantageAt(totalFrontier(BASE, 8), totalFrontier(CAND, 1), 40);
    expect(totals?.ratio).toBeCloseTo(0.225, 12);
    expect(totalFrontier(BASE, 8).map((q) => q.y)).toEqual([3200, 2400, 1600]);
    expect(matchedXText('interactivity', 1500)).toBe('1.5k tok/s/user');
    const a = matchedAdvantage(BASE, CAND);
    if (!a) throw new Error('no advantage');
    expect(advantageRangeSentence(a, 'interactivity', 'B/A')).toBe(
      'Across 40–100 tok/s/user (where both frontiers reach), B/A is 1.80x–1.88x (median 1.88x).',
    );
  });
});
