// Significance for replicate samples: the two-sided Mann–Whitney U test (exact null distribution, or the
// normal approximation with tie and continuity correction) and a seeded percentile-bootstrap interval of
// the ratio of medians. Pure and deterministic: the same samples and seed always give the same numbers.
import { median, quantile } from 'd3-array';
import { randomInt, randomLcg } from 'd3-random';

export type MannWhitneyMethod = 'exact' | 'normal';

export interface MannWhitney {
  /** U of the first sample: pairs (x, y) with x > y, plus half the ties. */
  u: number;
  /** Two-sided p-value, at most 1. */
  pValue: number;
  /**
   * `exact`: the permutation distribution of U (both samples ≤ 20 values, no ties).
   * `normal`: normal approximation with tie correction of the variance and a 0.5 continuity correction.
   */
  method: MannWhitneyMethod;
  /** The smallest two-sided p these sample sizes can give (2 / C(m+n, m)); ties only make it larger. */
  minPValue: number;
  /** Set when p < `alpha` cannot be reached with these sample sizes (e.g. 2 vs 2, 3 vs 3). */
  warning: string | null;
}

export const EXACT_MAX_N = 20;

/** C(n, k) as a float (exact for the sizes used here: C(40, 20) < 2^53). */
export function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/**
 * Counts of U = 0..m·n over all C(m+n, m) arrangements of two untied samples of sizes m and n
 * (Mann & Whitney 1947 recurrence f(m, n, u) = f(m−1, n, u−n) + f(m, n−1, u)).
 */
export function uCounts(m: number, n: number): number[] {
  // table[j][u] for the current i: counts for sizes (i, j)
  let prev: number[][] = Array.from({ length: n + 1 }, () => [1]);
  for (let i = 1; i <= m; i++) {
    const cur: number[][] = [[1]];
    for (let j = 1; j <= n; j++) {
      const size = i * j + 1;
      const row = new Array<number>(size).fill(0);
      const a = prev[j] ?? []; // (i−1, j), shifted by j
      const b = cur[j - 1] ?? []; // (i, j−1)
      for (let u = 0; u < size; u++) row[u] = (u - j >= 0 ? (a[u - j] ?? 0) : 0) + (b[u] ?? 0);
      cur.push(row);
    }
    prev = cur;
  }
  return prev[n] ?? [1];
}

/** Standard normal upper tail P(Z > z), via erfc (Numerical Recipes' Chebyshev erfc, |rel. error| < 1.2e-7). */
export function normalSf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

function finite(xs: readonly number[]): number[] {
  return xs.filter((v) => Number.isFinite(v));
}

/** Two-sided Mann–Whitney U test of x against y (non-finite values are dropped). */
export function mannWhitney(xIn: readonly number[], yIn: readonly number[], alpha = 0.05): MannWhitney {
  const x = finite(xIn);
  const y = finite(yIn);
  const m = x.length;
  const n = y.length;
  if (m === 0 || n === 0) throw new Error('Mann–Whitney needs at least one value on each side');
  let u = 0;
  for (const a of x) for (const b of y) u += a > b ? 1 : a === b ? 0.5 : 0;
  const all = [...x, ...y].sort((a, b) => a - b);
  const tieSizes: number[] = [];
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j + 1 < all.length && all[j + 1] === all[i]) j++;
    if (j > i) tieSizes.push(j - i + 1);
    i = j + 1;
  }
  const total = binomial(m + n, m);
  const minPValue = Math.min(1, 2 / total);
  const warning =
    minPValue >= alpha
      ? `${m} vs ${n} samples: the smallest possible p is ${minPValue.toPrecision(2)}, so p < ${alpha} cannot be reached`
      : null;
  const mn = m * n;
  if (m <= EXACT_MAX_N && n <= EXACT_MAX_N && tieSizes.length === 0) {
    const counts = uCounts(m, n);
    // by symmetry of the null distribution, P(U ≥ max(U, mn − U)) covers one tail
    const big = Math.max(u, mn - u);
    let tail = 0;
    for (let k = big; k <= mn; k++) tail += counts[k] ?? 0;
    return { u, pValue: Math.min(1, (2 * tail) / total), method: 'exact', minPValue, warning };
  }
  const N = m + n;
  const tieTerm = tieSizes.reduce((s, t) => s + t * t * t - t, 0);
  const variance = (mn / 12) * (N + 1 - tieTerm / (N * (N - 1)));
  if (variance <= 0) return { u, pValue: 1, method: 'normal', minPValue, warning };
  const z = (Math.abs(u - mn / 2) - 0.5) / Math.sqrt(variance);
  return { u, pValue: Math.min(1, 2 * normalSf(Math.max(0, z))), method: 'normal', minPValue, warning };
}

export interface BootstrapOptions {
  /** Number of resamples (default 2000). */
  resamples?: number;
  /** Seed of d3-random's linear congruential generator (default 1). */
  seed?: number;
  /** Confidence level (default 0.95). */
  level?: number;
}

/**
 * Percentile bootstrap interval of median(candidate) / median(baseline): each resample draws both
 * samples with replacement (baseline first, then candidate, from one seeded LCG). Null when a side has
 * fewer than 2 finite values or a resampled baseline median is 0.
 */
export function bootstrapRatioCi(
  baselineIn: readonly number[],
  candidateIn: readonly number[],
  opts: BootstrapOptions = {},
): [number, number] | null {
  const base = finite(baselineIn);
  const cand = finite(candidateIn);
  if (base.length < 2 || cand.length < 2) return null;
  const resamples = opts.resamples ?? 2000;
  const level = opts.level ?? 0.95;
  const rng = randomLcg(opts.seed ?? 1);
  const pickB = randomInt.source(rng)(0, base.length);
  const pickC = randomInt.source(rng)(0, cand.length);
  const ratios: number[] = [];
  const bs = new Array<number>(base.length);
  const cs = new Array<number>(cand.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < base.length; i++) bs[i] = base[pickB()] ?? NaN;
    for (let i = 0; i < cand.length; i++) cs[i] = cand[pickC()] ?? NaN;
    const mb = median(bs);
    const mc = median(cs);
    if (mb == null || mc == null || mb === 0) return null;
    ratios.push(mc / mb);
  }
  ratios.sort((a, b) => a - b);
  const lo = quantile(ratios, (1 - level) / 2);
  const hi = quantile(ratios, 1 - (1 - level) / 2);
  return lo == null || hi == null ? null : [lo, hi];
}
