// Tests for the serving comparison: matching by concurrency and request rate, the all-parts value and
// the parts as samples (rescaled for summed keys), repeats as samples, normalisation, verdicts (better,
// worse, ~, single run, no direction), failed points, unknown metrics, and the config diff it carries.
import { describe, expect, it } from 'vitest';
import type { ServingPoint } from './model';
import { point, ratePoints, scalingPoints } from './serving-fixtures';
import {
  betterDirection,
  compareServing,
  ServingCompareError,
  type ServingCompareSide,
} from './serving-compare';
import { mannWhitney } from './stats';

const side = (id: number, name: string, points: ServingPoint[], attributes = {}): ServingCompareSide => ({
  id,
  name,
  model: 'm',
  meta: {},
  attributes,
  points,
});

/** 8 client parts + their aggregate (throughput summed, latency averaged) at each concurrency. */
function eightParts(tput: readonly number[], tpot: readonly number[], concs = [16, 64]): ServingPoint[] {
  const out: ServingPoint[] = [];
  for (const c of concs) {
    tput.forEach((t, i) =>
      out.push(point(`part${i + 1}/conc${c}.json`, { output_throughput: t, median_tpot_ms: tpot[i] ?? 0 })),
    );
    out.push(
      point(`all-parts/conc${c}.json`, {
        output_throughput: tput.reduce((a, b) => a + b, 0),
        median_tpot_ms: tpot.reduce((a, b) => a + b, 0) / tpot.length,
      }),
    );
  }
  return out;
}

const T_BASE = [100, 101, 102, 103, 104, 105, 106, 107];
const T_CAND = [99, 100.5, 101.5, 102.5, 104.5, 105.5, 106.5, 108]; // interleaved: not significant
const P_BASE = [10, 10.1, 10.2, 10.3, 10.4, 10.5, 10.6, 10.7];
const P_CAND = [11, 11.1, 11.2, 11.3, 11.4, 11.5, 11.6, 11.7]; // all slower: significant

describe('compareServing', () => {
  const cmp = compareServing(
    side(1, 'base', eightParts(T_BASE, P_BASE)),
    side(2, 'cand', eightParts(T_CAND, P_CAND)),
  );
  const row = (metric: string, x: number) => cmp.rows.find((r) => r.metric === metric && r.x === x);

  it('takes the value from the all-parts file and the 8 parts as samples', () => {
    const r = row('output_throughput', 64);
    expect(r).toMatchObject({
      baseline: 828,
      candidate: 828,
      ratio: 1,
      delta: 0,
      n: [8, 8],
      better: 'higher',
    });
    // p of the parts themselves (×8 on both sides changes nothing)
    expect(r?.pValue).toBeCloseTo(mannWhitney(T_BASE, T_CAND).pValue, 14);
    expect(r?.pMethod).toBe('exact');
    expect(r?.verdict).toBe('~');
  });

  it('calls a significant latency increase worse (p = 2 / C(16, 8))', () => {
    const r = row('median_tpot_ms', 16);
    expect(r?.baseline).toBeCloseTo(10.35, 12);
    expect(r?.candidate).toBeCloseTo(11.35, 12);
    expect(r?.pValue).toBeCloseTo(2 / 12870, 15);
    expect(r?.verdict).toBe('worse');
    expect(r?.better).toBe('lower');
    // latencies are averaged by all-parts: the samples are the parts as they are
    expect(r?.ci?.[0]).toBeGreaterThan(1);
  });

  it('calls a significant latency decrease better when the sides swap', () => {
    const swapped = compareServing(
      side(2, 'cand', eightParts(T_CAND, P_CAND)),
      side(1, 'base', eightParts(T_BASE, P_BASE)),
    );
    expect(swapped.rows.find((r) => r.metric === 'median_tpot_ms' && r.x === 64)?.verdict).toBe('better');
  });

  it('rescales parts of a summed key to the aggregate (×parts), so 2 parts vs 8 parts compare aggregates', () => {
    // per client the two look alike; in aggregate the 8-client run has 828 / 204 = 4.06x the throughput
    const c = compareServing(
      side(1, 'x2', eightParts([100, 104], [10, 11])),
      side(2, 'x8', eightParts(T_BASE, P_BASE)),
    );
    const r = c.rows.find((x) => x.metric === 'output_throughput' && x.x === 16);
    expect(r).toMatchObject({ baseline: 204, candidate: 828, n: [2, 8], verdict: 'better' });
    // samples 200, 208 vs 800…856: completely separated, p = 2 / C(10, 2)
    expect(r?.pValue).toBeCloseTo(2 / 45, 14);
    // bootstrap medians stay within min…max of each side's rescaled samples
    expect(r?.ci?.[0]).toBeGreaterThanOrEqual(800 / 208);
    expect(r?.ci?.[1]).toBeLessThanOrEqual(856 / 200);
    // latencies are averaged by all-parts: kept as they are (10, 11 vs 10…10.7)
    const tpot = c.rows.find((x) => x.metric === 'median_tpot_ms' && x.x === 16);
    expect(tpot?.pValue).toBeCloseTo(mannWhitney([10, 11], P_BASE).pValue, 14);
  });

  it('sorts the main metrics first, one row per metric per matched x', () => {
    expect(cmp.rows.map((r) => `${r.metric}@${r.x}`)).toEqual([
      'output_throughput@16',
      'output_throughput@64',
      'median_tpot_ms@16',
      'median_tpot_ms@64',
    ]);
    expect(cmp.x).toBe('concurrency');
  });

  it('matches only the x both sides have; --metric restricts the rows; unknown metrics are an error', () => {
    const c = compareServing(
      side(1, 'a', scalingPoints(2)),
      side(2, 'b', eightParts(T_BASE, P_BASE, [8, 16, 32])),
      {
        metrics: ['output_throughput'],
      },
    );
    expect(c.rows.map((r) => r.x)).toEqual([8, 16]);
    expect(c.rows[0]).toMatchObject({ baseline: 400, candidate: 828, n: [2, 8] });
    expect(() =>
      compareServing(side(1, 'a', scalingPoints(2)), side(2, 'b', scalingPoints(8)), {
        metrics: ['nope_ms'],
      }),
    ).toThrow(/no metric "nope_ms" in the result files of "a" or "b"/);
  });

  it('normalises throughputs (not latencies) per replica and per GPU', () => {
    const a = side(1, 'x2', scalingPoints(2), { replicas: 2, gpus: 8 });
    const b = side(2, 'x8', scalingPoints(8), { replicas: 8, gpus: 32 });
    const perReplica = compareServing(a, b, { normalise: 'replica' });
    const r = perReplica.rows.find((x) => x.metric === 'output_throughput' && x.x === 4);
    // 200 / 2 and 800 / 8
    expect(r).toMatchObject({ baseline: 100, candidate: 100, ratio: 1 });
    expect(perReplica.divisors).toEqual([2, 8]);
    const ttft = perReplica.rows.find((x) => x.metric === 'mean_ttft_ms' && x.x === 16);
    expect(ttft).toMatchObject({ baseline: 160, candidate: 160 });
    const perGpu = compareServing(a, b, { normalise: 'gpu', metrics: ['output_throughput'] });
    expect(perGpu.rows.map((x) => [x.baseline, x.candidate])).toEqual([
      [25, 25],
      [50, 50],
      [100, 100],
    ]);
    expect(() => compareServing(side(1, 'bare', scalingPoints(2)), b, { normalise: 'gpu' })).toThrow(
      /"bare" has no "gpus" attribute/,
    );
    expect(() => compareServing(side(1, 'bare', scalingPoints(2)), b, { normalise: 'replica' })).toThrow(
      ServingCompareError,
    );
  });

  it('treats repeats (rr9, rr9-1, rr9-2) as samples of the mean at the rate; one file is a single run', () => {
    const c = compareServing(side(1, 'a', ratePoints()), side(2, 'b', ratePoints()), {
      x: 'rate',
      metrics: ['output_throughput'],
    });
    expect(c.x).toBe('rate');
    const r9 = c.rows.find((r) => r.x === 9);
    expect(r9).toMatchObject({ baseline: 345, candidate: 345, n: [3, 3], verdict: '~' });
    // 3 vs 3: smallest possible p is 0.1
    expect(r9?.warning).toMatch(/3 vs 3 samples.*cannot be reached/);
    const r1 = c.rows.find((r) => r.x === 1);
    expect(r1).toMatchObject({ n: [1, 1], verdict: 'single run', pValue: null, ci: null });
    expect(r1?.warning).toMatch(/single run is not a finding/);
  });

  it('leaves metrics without a direction of better without a verdict', () => {
    expect(betterDirection('completed')).toBeNull();
    expect(betterDirection('total_output_tokens')).toBeNull();
    expect(betterDirection('max_output_tokens_per_s')).toBe('higher');
    expect(betterDirection('request_goodput')).toBe('higher');
    expect(betterDirection('p99_e2el_ms')).toBe('lower');
    expect(betterDirection('duration')).toBe('lower');
    const pts = (v: number) => [point('conc4.json', { completed: v, num_prompts: 10 })];
    const c = compareServing(side(1, 'a', pts(9)), side(2, 'b', pts(10)));
    expect(c.rows).toHaveLength(1); // num_prompts is a bench parameter, not a metric
    expect(c.rows[0]).toMatchObject({ metric: 'completed', better: null, verdict: null, ratio: 10 / 9 });
    expect(c.rows[0]?.warning).toMatch(/no direction of better/);
  });

  it('ignores files whose requests all failed', () => {
    const failed = point('part3/conc16.json', { output_throughput: 0, median_tpot_ms: 0 }, { completed: 0 });
    const c = compareServing(
      side(1, 'a', [...eightParts(T_BASE, P_BASE), failed]),
      side(2, 'b', eightParts(T_CAND, P_CAND)),
    );
    expect(c.rows.find((r) => r.metric === 'output_throughput' && r.x === 16)?.n).toEqual([8, 8]);
    const allFailed = compareServing(
      side(1, 'a', [point('conc4.json', { output_throughput: 0 }, { completed: 0 })]),
      side(2, 'b', [point('conc4.json', { output_throughput: 5 })]),
    );
    expect(allFailed.rows).toEqual([]);
  });

  it('labels each side with its label attribute, else its name', () => {
    const c = compareServing(
      side(1, 'a-very-long-experiment-name', scalingPoints(2), { label: 'oss' }),
      side(2, 'b', scalingPoints(2)),
    );
    expect(c.baseline).toEqual({ id: 1, name: 'a-very-long-experiment-name', label: 'oss' });
    expect(c.candidate.label).toBe('b');
    expect(c.config).toEqual([{ key: 'label', baseline: 'oss', candidate: null }]);
  });

  it('labels each side without a label attribute by what differs between the two names', () => {
    const c = compareServing(
      side(1, 'gptoss_itl5000_otl250_mixed_baseline_4xtp2', scalingPoints(2)),
      side(2, 'gptoss_itl5000_otl250_mixed_pd_p1xtp2-d3xtp2', scalingPoints(2)),
    );
    expect([c.baseline.label, c.candidate.label]).toEqual(['baseline_4xtp2', 'pd_p1xtp2-d3xtp2']);
    expect(c.candidate.name).toBe('gptoss_itl5000_otl250_mixed_pd_p1xtp2-d3xtp2');
  });
});

describe('median ITL of chunked streaming', () => {
  it('gets no verdict when a side is below 0.05 ms', () => {
    const pts = (v: number) =>
      [1, 2, 3].map((i) => point(`part${i}/conc4.json`, { median_itl_ms: v + i / 1000 }));
    const c = compareServing(side(1, 'a', pts(6)), side(2, 'b', pts(0.004)));
    expect(c.rows[0]).toMatchObject({ metric: 'median_itl_ms', verdict: null, better: 'lower' });
    expect(c.rows[0]?.warning).toMatch(/chunked streaming/);
  });
});
