// Tests for the Pareto frontiers and the matched-interactivity advantage, with hand-computed numbers.
import { describe, expect, it } from 'vitest';
import { frontierAt, matchedAdvantage, paretoFrontier, paretoPoints, type ParetoPoint } from './pareto';
import { point } from './serving-fixtures';

const p = (x: number, y: number): ParetoPoint => ({ x, y, file: `${x}-${y}`, concurrency: null });

describe('pareto', () => {
  it('reads interactivity = 1000 / median TPOT and throughput per GPU', () => {
    const set = paretoPoints(
      {
        id: 1,
        name: 'pd',
        attributes: { gpus: 4 },
        points: [
          point('conc4.json', { output_throughput: 800, median_tpot_ms: 10 }),
          point('conc8.json', { output_throughput: 1200, median_tpot_ms: 20 }),
          point('conc16.json', { output_throughput: 1000, median_tpot_ms: 25 }),
          point('conc32.json', { output_throughput: null, median_tpot_ms: 40 }),
        ],
      },
      'interactivity',
    );
    expect(set.gpus).toBe(4);
    expect(set.assumedGpus).toBe(false);
    expect(set.points.map((q) => [q.x, q.y])).toEqual([
      [100, 200],
      [50, 300],
      [40, 250],
    ]);
    // conc16 (40 tok/s/user, 250) is beaten by conc8 (50, 300) on both axes
    expect(set.frontier.map((q) => [q.x, q.y])).toEqual([
      [50, 300],
      [100, 200],
    ]);
    expect(set.dropped).toEqual([{ file: 'conc32.json', reason: 'no finite output_throughput' }]);
  });

  it('assumes 1 GPU without a gpus attribute and says so', () => {
    const set = paretoPoints(
      {
        id: 2,
        name: 'x',
        attributes: {},
        points: [point('conc1.json', { output_throughput: 90, median_ttft_ms: 30 })],
      },
      'ttft',
    );
    expect(set.assumedGpus).toBe(true);
    expect(set.points).toEqual([{ x: 30, y: 90, file: 'conc1.json', concurrency: 1 }]);
  });

  it('keeps lower-TTFT points on the TTFT frontier', () => {
    const f = paretoFrontier([p(100, 50), p(200, 80), p(150, 40), p(300, 80)], 'ttft');
    expect(f.map((q) => [q.x, q.y])).toEqual([
      [100, 50],
      [200, 80],
    ]);
  });

  it('interpolates on the frontier and never extrapolates', () => {
    const f = [p(50, 300), p(100, 200)];
    expect(frontierAt(f, 75)).toBe(250);
    expect(frontierAt(f, 50)).toBe(300);
    expect(frontierAt(f, 100)).toBe(200);
    expect(frontierAt(f, 49)).toBeNull();
    expect(frontierAt(f, 101)).toBeNull();
  });

  it('compares at matched interactivity inside the overlap of both frontiers', () => {
    const base = [p(20, 400), p(50, 300), p(100, 200)];
    const cand = [p(40, 600), p(80, 450), p(120, 300)];
    const a = matchedAdvantage(base, cand);
    expect(a?.range).toEqual([40, 100]);
    // x = 40: base 400 + (300−400)·20/30 = 333.33…, cand 600 → 1.8
    // x = 50: base 300, cand 600 + (450−600)·10/40 = 562.5 → 1.875
    // x = 80: base 300 + (200−300)·30/50 = 240, cand 450 → 1.875
    // x = 100: base 200, cand 450 + (300−450)·20/40 = 375 → 1.875
    expect(a?.points.map((m) => m.x)).toEqual([40, 50, 80, 100]);
    expect(a?.points.map((m) => m.ratio)).toEqual([1.8, 1.875, 1.875, 1.875]);
    expect(a?.min).toBe(1.8);
    expect(a?.max).toBe(1.875);
    expect(a?.median).toBe(1.875);
    expect(matchedAdvantage([p(1, 1), p(2, 1)], [p(3, 1), p(4, 1)])).toBeNull();
  });
});
