// Tests for the significance helpers: the exact U distribution against brute-force enumeration of every
// arrangement, published reference p-values (scipy's documentation example), the tie-corrected normal
// approximation against values computed independently (Python's math.erfc), and the seeded bootstrap.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binomial, bootstrapRatioCi, mannWhitney, normalSf, uCounts } from './stats';

/** Every way of choosing which m of the m+n ranks belong to x: the exact null distribution by brute force. */
function bruteForceP(x: readonly number[], y: readonly number[]): number {
  const all = [...x, ...y];
  const m = x.length;
  const uOf = (xs: number[], ys: number[]) =>
    xs.reduce((s, a) => s + ys.reduce((t, b) => t + (a > b ? 1 : a === b ? 0.5 : 0), 0), 0);
  const observed = uOf([...x], [...y]);
  const mn = x.length * y.length;
  const extreme = Math.max(observed, mn - observed);
  let hits = 0;
  let total = 0;
  const choose = (start: number, picked: number[]): void => {
    if (picked.length === m) {
      const xs = picked.map((i) => all[i] ?? NaN);
      const ys = all.filter((_, i) => !picked.includes(i));
      const u = uOf(xs, ys);
      total++;
      if (Math.max(u, mn - u) >= extreme) hits++;
      return;
    }
    for (let i = start; i < all.length; i++) choose(i + 1, [...picked, i]);
  };
  choose(0, []);
  return Math.min(1, hits / total);
}

describe('Mann–Whitney U', () => {
  it('counts arrangements like the recurrence tables (m = 2, n = 3: 1 1 2 2 2 1 1)', () => {
    expect(uCounts(2, 3)).toEqual([1, 1, 2, 2, 2, 1, 1]);
    expect(uCounts(3, 3).reduce((a, b) => a + b, 0)).toBe(binomial(6, 3));
    expect(binomial(16, 8)).toBe(12870);
    expect(binomial(40, 20)).toBe(137846528820);
  });

  it('exact p equals brute-force enumeration of every arrangement', () => {
    const cases: [number[], number[]][] = [
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      [
        [1.1, 4.2, 2.5, 7.7],
        [3.3, 5.1, 6.4, 8.9, 0.4],
      ],
      [
        [10, 30, 50, 70, 90, 11],
        [20, 40, 60, 80, 100, 12, 13],
      ],
      [
        [3, 9, 1, 7, 12, 5],
        [2, 4, 6, 8],
      ],
    ];
    for (const [x, y] of cases) {
      const r = mannWhitney(x, y);
      expect(r.method).toBe('exact');
      expect(r.pValue).toBeCloseTo(bruteForceP(x, y), 12);
    }
  });

  it('property: exact p equals brute force for any untied samples up to 5 vs 5, and is symmetric', () => {
    const sample = fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 2, maxLength: 10 });
    fc.assert(
      fc.property(sample, fc.integer({ min: 1, max: 5 }), (values, cut) => {
        const m = Math.min(cut, values.length - 1);
        const x = values.slice(0, m);
        const y = values.slice(m);
        const r = mannWhitney(x, y);
        expect(r.method).toBe('exact');
        expect(r.pValue).toBeCloseTo(bruteForceP(x, y), 12);
        expect(mannWhitney(y, x).pValue).toBeCloseTo(r.pValue, 14);
        expect(r.pValue).toBeGreaterThanOrEqual(r.minPValue - 1e-15);
        expect(r.pValue).toBeLessThanOrEqual(1);
      }),
      { seed: 20261129, numRuns: 200 },
    );
  });

  it("reproduces scipy's documentation example (U = 17, exact p = 1/9)", () => {
    const males = [19, 22, 16, 29, 24];
    const females = [20, 11, 17, 12];
    const r = mannWhitney(males, females);
    expect(r.u).toBe(17);
    expect(r.method).toBe('exact');
    expect(r.pValue).toBeCloseTo(0.1111111111111111, 12);
    // completely separated 5 vs 5: p = 2 / C(10, 5) = 2 / 252
    expect(mannWhitney([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]).pValue).toBeCloseTo(2 / 252, 14);
  });

  it('uses the tie-corrected normal approximation with continuity correction when values tie', () => {
    // reference: Python math.erfc on the same formula (independent implementation), p = 0.16304505585423731
    const r = mannWhitney([1, 2, 2, 3, 5], [2, 3, 3, 4, 6, 7]);
    expect(r.method).toBe('normal');
    expect(r.u).toBe(7);
    expect(r.pValue).toBeCloseTo(0.16304505585423731, 6);
  });

  it('uses the normal approximation above 20 values a side (with ties: p = 0.02155114027362978)', () => {
    const x = [1.5, 2, 2, 2.5, 3, 3, 4, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18];
    const y = [3, 4, 5, 6, 6, 7, 8, 9, 10, 10, 12, 14, 15, 16, 20, 21, 22, 23, 24, 25, 26];
    const r = mannWhitney(x, y);
    expect(r.method).toBe('normal');
    expect(r.u).toBe(136);
    expect(r.pValue).toBeCloseTo(0.02155114027362978, 6);
  });

  it('normal tail matches known quantiles', () => {
    expect(normalSf(1.959963984540054)).toBeCloseTo(0.025, 7);
    expect(normalSf(0)).toBeCloseTo(0.5, 7);
    expect(normalSf(-1.6448536269514722)).toBeCloseTo(0.95, 7);
  });

  it('warns when p < 0.05 is unreachable: 2 vs 2 (min p 1/3) and 3 vs 3 (0.1), not 4 vs 4 (2/70)', () => {
    const two = mannWhitney([1, 2], [3, 4]);
    expect(two.pValue).toBeCloseTo(1 / 3, 14);
    expect(two.minPValue).toBeCloseTo(1 / 3, 14);
    expect(two.warning).toMatch(/2 vs 2 samples.*cannot be reached/);
    expect(mannWhitney([1, 2, 3], [4, 5, 6]).warning).not.toBeNull();
    const four = mannWhitney([1, 2, 3, 4], [5, 6, 7, 8]);
    expect(four.pValue).toBeCloseTo(2 / 70, 14);
    expect(four.warning).toBeNull();
  });

  it('drops non-finite values and refuses an empty side', () => {
    expect(mannWhitney([1, Number.NaN, 2, 3], [4, 5, 6]).pValue).toBeCloseTo(0.1, 14);
    expect(() => mannWhitney([Number.NaN], [1])).toThrow(/at least one value/);
  });
});

describe('bootstrap CI of the ratio of medians', () => {
  const base = [100, 102, 98, 101, 99, 103, 97, 100];
  const cand = [90, 93, 91, 95, 89, 92, 94, 90];

  it('is reproducible for a seed and changes with the seed', () => {
    const a = bootstrapRatioCi(base, cand, { seed: 42 });
    expect(a).toEqual(bootstrapRatioCi(base, cand, { seed: 42 }));
    expect(a).not.toEqual(bootstrapRatioCi(base, cand, { seed: 7 }));
  });

  it('brackets the observed ratio of medians (91.5 / 100) inside the range of possible resampled ratios', () => {
    const ci = bootstrapRatioCi(base, cand, { seed: 1 });
    expect(ci).not.toBeNull();
    const [lo, hi] = ci ?? [0, 0];
    expect(lo).toBeLessThanOrEqual(0.915);
    expect(hi).toBeGreaterThanOrEqual(0.915);
    // bounds: min(cand) / max(base) … max(cand) / min(base)
    expect(lo).toBeGreaterThanOrEqual(89 / 103);
    expect(hi).toBeLessThanOrEqual(95 / 97);
  });

  it('is exactly the ratio when both samples are constant, null with fewer than 2 values a side', () => {
    expect(bootstrapRatioCi([4, 4, 4], [5, 5], { seed: 3 })).toEqual([1.25, 1.25]);
    expect(bootstrapRatioCi([4], [5, 5])).toBeNull();
  });

  it('pins the seeded interval (regression: seed 1, 2000 resamples)', () => {
    const ci = bootstrapRatioCi(base, cand, { seed: 1 });
    expect(ci?.map((v) => Number(v.toFixed(6)))).toMatchInlineSnapshot(`
      [
        0.891089,
        0.944162,
      ]
    `);
  });
});
