// Tests for the serving model: default point sets, x choice, normalisation per replica/GPU, repeats
// merged into mean and min–max, unbounded points excluded and listed, ratios and the diff table.
import { describe, expect, it } from 'vitest';
import { point, ratePoints, scalingPoints } from './serving-fixtures';
import {
  baselineSpread,
  buildServingModel,
  chooseX,
  defaultPoints,
  meaninglessItl,
  metricKey,
  normalisationAvailability,
  ratioSeries,
  type ServingOptions,
} from './serving';

const OPTS: ServingOptions = { metric: 'output', stat: 'mean', x: 'auto', norm: 'none', pointSet: 'default' };
const X2 = { id: 1, name: 'x2', attributes: { replicas: 2 }, points: scalingPoints(2) };
const X8 = { id: 2, name: 'x8', attributes: { replicas: 8, gpus: 32 }, points: scalingPoints(8) };

describe('serving model', () => {
  it('maps metrics and statistics to the JSON keys', () => {
    expect(metricKey('output', 'p99')).toBe('output_throughput');
    expect(metricKey('total', 'mean')).toBe('total_token_throughput');
    expect(metricKey('requests', 'mean')).toBe('request_throughput');
    expect(metricKey('ttft', 'median')).toBe('median_ttft_ms');
    expect(metricKey('e2el', 'p99')).toBe('p99_e2el_ms');
  });

  it('uses the all-parts aggregate by default, else single-client files', () => {
    expect(defaultPoints(X2.points).label).toBe('all parts');
    expect(defaultPoints(X2.points).points.map((p) => p.file)).toEqual([
      'all-parts/conc4.json',
      'all-parts/conc8.json',
      'all-parts/conc16.json',
    ]);
    expect(defaultPoints(ratePoints()).label).toBe('single client');
  });

  it('picks the x that varies', () => {
    expect(chooseX(X2.points, 'auto')).toBe('concurrency');
    expect(chooseX(ratePoints(), 'auto')).toBe('requestRate');
    expect(chooseX(ratePoints(), 'concurrency')).toBe('concurrency');
  });

  it('normalises throughputs per replica and per GPU, never latencies', () => {
    const none = buildServingModel([X2, X8], OPTS);
    expect(none.series[1]?.main?.points.map((p) => p.y)).toEqual([800, 1600, 3200]);
    const perReplica = buildServingModel([X2, X8], { ...OPTS, norm: 'replica' });
    expect(perReplica.series[0]?.main?.points.map((p) => p.y)).toEqual([100, 200, 400]);
    expect(perReplica.series[1]?.main?.points.map((p) => p.y)).toEqual([100, 200, 400]);
    expect(perReplica.series[1]?.divisor).toBe(8);
    const perGpu = buildServingModel([X8], { ...OPTS, norm: 'gpu' });
    expect(perGpu.series[0]?.main?.points.map((p) => p.y)).toEqual([25, 50, 100]);
    const latency = buildServingModel([X8], { ...OPTS, metric: 'ttft', norm: 'gpu' });
    expect(latency.series[0]?.main?.points.map((p) => p.y)).toEqual([40, 80, 160]);
    expect(latency.series[0]?.divisor).toBe(1);
  });

  it('says which snapshots lack the attribute for a normalisation', () => {
    const a = normalisationAvailability([X2, X8]);
    expect(a.replica).toBeNull();
    expect(a.gpu).toBe('No “gpus” attribute on x2: set it under Attributes to normalise.');
  });

  it('shows client parts as thin lines on request', () => {
    const m = buildServingModel([X2], { ...OPTS, pointSet: 'parts' });
    expect(m.series[0]?.parts.map((l) => [l.label, l.thin])).toEqual([
      ['part 1', true],
      ['part 2', true],
    ]);
    expect(m.series[0]?.parts[0]?.points.map((p) => p.y)).toEqual([101, 201, 401]);
    expect(buildServingModel([X2], OPTS).series[0]?.parts).toEqual([]);
  });

  it('merges repeats into a mean with min and max', () => {
    const m = buildServingModel([{ id: 3, name: 'rr', attributes: {}, points: ratePoints() }], OPTS);
    expect(m.xKind).toBe('requestRate');
    const at9 = m.series[0]?.main?.points.find((p) => p.x === 9);
    expect(at9).toMatchObject({ y: 345, yMin: 300, yMax: 390, n: 3 });
    expect(at9?.sources.map((s) => s.file)).toEqual(['rr9.json', 'rr9-1.json', 'rr9-2.json']);
    expect(baselineSpread(m)).toEqual([{ x: 9, lo: 300 / 345, hi: 390 / 345 }]);
  });

  it('excludes and lists points whose x is unbounded or infinite', () => {
    const m = buildServingModel([{ id: 3, name: 'rr', attributes: {}, points: ratePoints() }], {
      ...OPTS,
      x: 'concurrency',
    });
    expect(m.series[0]?.main?.points).toEqual([]);
    expect(m.unplaced).toHaveLength(5);
    expect(m.unplaced[0]).toEqual({ snapshot: 'rr', file: 'rr1.json', reason: 'unbounded concurrency' });
    const onRate = buildServingModel([X2], { ...OPTS, x: 'requestRate' });
    expect(onRate.unplaced.map((u) => u.reason)).toEqual([
      'infinite request rate',
      'infinite request rate',
      'infinite request rate',
    ]);
  });

  it('keeps NaN values as flagged points without a value', () => {
    const pts = [
      point('conc4.json', { mean_ttft_ms: 10 }),
      point('conc8.json', { mean_ttft_ms: null }, {}, { mean_ttft_ms: 'NaN' }),
    ];
    const m = buildServingModel([{ id: 4, name: 'nan', attributes: {}, points: pts }], {
      ...OPTS,
      metric: 'ttft',
    });
    const p8 = m.series[0]?.main?.points[1];
    expect(p8).toMatchObject({ x: 8, y: null, flag: 'NaN in the file' });
    expect(p8?.sources[0]).toMatchObject({ value: null, flag: 'NaN', failedDerived: true });
  });

  it('computes candidate / baseline ratios at matching x and the diff table', () => {
    const m = buildServingModel([X2, X8], OPTS);
    expect(ratioSeries(m)).toEqual([
      {
        key: 's2',
        name: 'x8',
        color: '#EE6677',
        points: [
          { x: 4, ratio: 4 },
          { x: 8, ratio: 4 },
          { x: 16, ratio: 4 },
        ],
      },
    ]);
  });

  it('flags median ITL when most values are below 0.05 ms', () => {
    const snaps = [{ id: 3, name: 'rr', attributes: {}, points: ratePoints() }];
    const opts: ServingOptions = { ...OPTS, metric: 'itl', stat: 'median' };
    expect(meaninglessItl(buildServingModel(snaps, opts), opts)).toBe(true);
    const mean: ServingOptions = { ...opts, stat: 'mean' };
    expect(meaninglessItl(buildServingModel(snaps, mean), mean)).toBe(false);
  });
});
