// Tests for the ratio layout: exact ratio positions, the 1.0 line, the baseline spread band, and the
// x axis shared with the curves chart.
import { describe, expect, it } from 'vitest';
import type { CurvesSize } from './curves-layout';
import { layoutRatio } from './ratio-layout';

const SIZE: CurvesSize = {
  width: 500,
  height: 200,
  margin: { top: 10, right: 10, bottom: 40, left: 50 },
  inset: 10,
};

describe('ratio layout', () => {
  const series = [
    {
      key: 's2',
      name: 'b',
      color: '#EE6677',
      points: [
        { x: 4, ratio: 1.1 },
        { x: 8, ratio: 0.9 },
        { x: 16, ratio: 1 },
      ],
    },
  ];

  it('places ratios on a linear y containing 1.0, on the shared x axis', () => {
    const m = layoutRatio(series, [], 'log2', [4, 16], SIZE);
    expect(m.yDomain).toEqual([0.8, 1.2]);
    expect(m.oneY).toBeCloseTo(85, 9);
    expect(m.markers.map((k) => k.cx)).toEqual([60, 270, 480]);
    expect(m.markers[0]?.cy).toBeCloseTo(160 - 0.75 * 150, 9);
    expect(m.markers[1]?.cy).toBeCloseTo(160 - 0.25 * 150, 9);
    expect(m.band).toBeNull();
    expect(m.yTicks.map((t) => t.label)).toEqual(['0.8', '0.9', '1', '1.1', '1.2']);
  });

  it('shades the baseline repeat spread', () => {
    const spread = [
      { x: 4, lo: 0.95, hi: 1.05 },
      { x: 8, lo: 0.9, hi: 1.1 },
    ];
    const m = layoutRatio(series, spread, 'log2', [4, 16], SIZE);
    expect(m.spread).toHaveLength(2);
    expect(m.spread[1]?.x).toBe(270);
    expect(m.spread[1]?.y1).toBeCloseTo(160 - 0.25 * 150, 9);
    expect(m.spread[1]?.y2).toBeCloseTo(160 - 0.75 * 150, 9);
    expect(m.band).toMatch(/^M60,/);
  });
});
