// Tests for the serving-curves layout: exact pixel positions on log2/linear x and linear/log y,
// repeat bands and whiskers, hollow edge markers for NaN, and tick choice.
import { describe, expect, it } from 'vitest';
import { point, ratePoints } from '../shared/serving-fixtures';
import { buildServingModel, type PlotSeries, type ServingOptions } from '../shared/serving';
import { layoutCurves, xAxis, xDomainOf, yDomainOf, type CurvesSize } from './curves-layout';

const SIZE: CurvesSize = {
  width: 500,
  height: 300,
  margin: { top: 10, right: 10, bottom: 40, left: 50 },
  inset: 10,
};
const OPTS: ServingOptions = { metric: 'output', stat: 'mean', x: 'auto', norm: 'none', pointSet: 'default' };

function series(
  points = [4, 8, 16].map((c, i) => point(`conc${c}.json`, { output_throughput: 100 * 2 ** i })),
) {
  return buildServingModel([{ id: 1, name: 'a', attributes: {}, points }], OPTS).series;
}

describe('serving curves layout', () => {
  it('places points at scale(x), scale(y) on log2 x and linear y', () => {
    const m = layoutCurves(series(), { xKind: 'log2', yKind: 'linear' }, SIZE);
    expect(m.plot).toEqual({ left: 50, right: 490, top: 10, bottom: 260 });
    expect(m.x.domain).toEqual([4, 16]);
    expect(m.yDomain).toEqual([0, 400]);
    expect(m.markers.map((k) => [k.cx, k.cy])).toEqual([
      [60, 197.5],
      [270, 135],
      [480, 10],
    ]);
    expect(m.paths).toHaveLength(1);
    expect(m.paths[0]?.d).toBe('M60,197.5L270,135L480,10');
    expect(m.x.ticks.map((t) => [t.value, t.pos, t.label])).toEqual([
      [4, 60, '4'],
      [8, 270, '8'],
      [16, 480, '16'],
    ]);
  });

  it('uses a padded log y domain', () => {
    const m = layoutCurves(series(), { xKind: 'linear', yKind: 'log' }, SIZE);
    expect(m.yDomain[0]).toBeCloseTo(100 / 1.15, 12);
    expect(m.yDomain[1]).toBeCloseTo(460, 12);
    const y = (v: number): number =>
      260 - ((Math.log(v) - Math.log(100 / 1.15)) / (Math.log(460) - Math.log(100 / 1.15))) * 250;
    m.markers.forEach((k, i) => expect(k.cy).toBeCloseTo(y(100 * 2 ** i), 9));
    // linear x from 0: 420 px for 16 units
    expect(m.markers.map((k) => k.cx)).toEqual([60 + 105, 60 + 210, 480]);
    expect(m.yTicks.map((t) => t.value)).toEqual([90, 100, 200, 300, 400]);
  });

  it('draws hollow markers on the edge for NaN and keeps them off the path', () => {
    const pts = [
      point('conc4.json', { output_throughput: 100 }),
      point('conc8.json', { output_throughput: null }, {}, { output_throughput: 'NaN' }),
      point('conc16.json', { output_throughput: 400 }),
    ];
    const m = layoutCurves(series(pts), { xKind: 'log2', yKind: 'linear' }, SIZE);
    const nan = m.markers[1];
    expect(nan).toMatchObject({ cx: 270, cy: 260, hollow: true, edge: 'bottom', note: 'NaN in the file' });
    expect(m.markers[0]?.hollow).toBe(false);
    expect(m.paths[0]?.d).toBe('M60,197.5ZM480,10Z');
  });

  it('marks zero on a log scale as unplaceable', () => {
    const pts = [
      point('conc4.json', { output_throughput: 0 }),
      point('conc8.json', { output_throughput: 10 }),
    ];
    const m = layoutCurves(series(pts), { xKind: 'log2', yKind: 'log' }, SIZE);
    expect(m.markers[0]).toMatchObject({
      hollow: true,
      edge: 'bottom',
      cy: 260,
      note: '0 cannot be placed on a log scale',
    });
  });

  it('draws the min–max of repeats as a whisker (and a band across two or more)', () => {
    const s: PlotSeries[] = buildServingModel(
      [{ id: 1, name: 'rr', attributes: {}, points: ratePoints() }],
      OPTS,
    ).series;
    const m = layoutCurves(s, { xKind: 'linear', yKind: 'linear' }, SIZE);
    expect(m.x.domain).toEqual([0, 9]);
    expect(m.yDomain).toEqual([0, 400]);
    expect(m.whiskers).toHaveLength(1);
    expect(m.whiskers[0]).toMatchObject({ key: '1:main:9', color: '#4477AA', x: 480, y1: 72.5 });
    expect(m.whiskers[0]?.y2).toBeCloseTo(260 - 243.75, 9);
    expect(m.bands).toEqual([]);
    const r9 = m.markers.find((k) => k.point.x === 9);
    expect(r9?.cy).toBeCloseTo(260 - (345 / 400) * 250, 9);
  });

  it('widens single values and gives log2 ticks at powers of two', () => {
    expect(xDomainOf([32], 'log2')).toEqual([16, 64]);
    expect(xDomainOf([5], 'linear')).toEqual([0, 5]);
    expect(yDomainOf([], 'log')).toEqual([1, 10]);
    expect(xAxis('log2', [4, 128], [0, 600]).ticks.map((t) => t.value)).toEqual([4, 8, 16, 32, 64, 128]);
    expect(xAxis('log2', [1, 1024], [0, 240]).ticks.map((t) => t.value)).toEqual([1, 8, 64, 512]);
  });
});

describe('serving curves layout at 100k points', () => {
  it('lays out a 100k-point curve without spreading it, bucketed to the plot width', () => {
    const n = 100_000;
    const points = Array.from({ length: n }, (_, i) =>
      point(`conc${i + 1}.json`, { output_throughput: (20_000 * (i + 1)) / (i + 501) + ((i * 37) % 101) }),
    );
    const s = series(points);
    const m = layoutCurves(s, { xKind: 'linear', yKind: 'linear' }, SIZE);
    const plotPx = m.plot.right - m.plot.left;
    const vertices = (m.paths[0]?.d.match(/[ML]/g) ?? []).length;
    expect(vertices).toBeGreaterThan(plotPx);
    expect(vertices).toBeLessThanOrEqual(4 * (plotPx + 1));
    expect(m.markers.length).toBeLessThanOrEqual(4 * (plotPx / 4 + 2));
    expect(m.x.domain).toEqual([0, n]);
    // the highest value is still drawn
    const maxY = s[0]?.main?.points.reduce((a, p) => Math.max(a, p.y ?? -Infinity), -Infinity) ?? 0;
    expect(m.markers.some((k) => k.point.y === maxY)).toBe(true);
  });

  it('gives the same picture for a sparse curve as before (no bucketing below 4 points per pixel)', () => {
    const s = series();
    const m = layoutCurves(s, { xKind: 'log2', yKind: 'linear' }, SIZE);
    expect(m.markers).toHaveLength(3);
  });
});
