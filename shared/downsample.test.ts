import { max, min } from 'd3-array';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minMaxBuckets } from './downsample';

interface P {
  x: number;
  y: number | null;
}
const opts = (width: number, bucketPx = 1) => ({
  px: (p: P) => (p.x / 100_000) * width,
  value: (p: P) => p.y,
  bucketPx,
});

describe('minMaxBuckets', () => {
  it('draws 100k points as at most 4 per pixel column, keeping every column’s extent', () => {
    const pts: P[] = Array.from({ length: 100_000 }, (_, i) => ({
      x: i,
      y: Math.sin(i / 50) * 100 + (i % 7),
    }));
    const out = minMaxBuckets(pts, opts(900));
    expect(out.length).toBeLessThanOrEqual(900 * 4);
    expect(out.length).toBeGreaterThan(900);
    expect(out[0]).toBe(pts[0]);
    expect(out[out.length - 1]).toBe(pts[pts.length - 1]);
    // per column: the same minimum and maximum as the full series
    const col = (p: P) => Math.floor((p.x / 100_000) * 900);
    const ext = (xs: readonly P[]) => {
      const m = new Map<number, [number, number]>();
      for (const p of xs) {
        const c = col(p);
        const e = m.get(c) ?? [Infinity, -Infinity];
        m.set(c, [Math.min(e[0], p.y ?? Infinity), Math.max(e[1], p.y ?? -Infinity)]);
      }
      return m;
    };
    expect(ext(out)).toEqual(ext(pts));
  });

  it('returns a sparse series untouched', () => {
    const pts: P[] = [1, 2, 4, 8, 16].map((x) => ({ x: x * 1000, y: x }));
    expect(minMaxBuckets(pts, opts(900))).toBe(pts);
  });

  it('keeps gaps: the first undefined point of a run and the point that resumes', () => {
    const pts: P[] = Array.from({ length: 1000 }, (_, i) => ({ x: i, y: i >= 400 && i < 600 ? null : i }));
    const out = minMaxBuckets(pts, { px: (p) => p.x / 100, value: (p) => p.y });
    expect(out.map((p) => p.x)).toContain(400);
    expect(out.map((p) => p.x)).toContain(600);
    expect(out.filter((p) => p.y === null).length).toBeGreaterThanOrEqual(1);
  });

  it('never invents a point, keeps order, and keeps the global extent (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null }), {
          maxLength: 400,
        }),
        fc.integer({ min: 1, max: 50 }),
        (ys, width) => {
          const pts: P[] = ys.map((y, i) => ({ x: i, y }));
          const out = minMaxBuckets(pts, {
            px: (p) => (p.x / Math.max(1, pts.length)) * width,
            value: (p) => p.y,
          });
          const idx = out.map((p) => pts.indexOf(p));
          expect(idx.every((i) => i >= 0)).toBe(true);
          expect(idx).toEqual([...idx].sort((a, b) => a - b));
          const vals = (xs: readonly P[]) => xs.flatMap((p) => (p.y === null ? [] : [p.y]));
          const all = vals(pts);
          if (all.length > 0) {
            expect(min(vals(out))).toBe(min(all));
            expect(max(vals(out))).toBe(max(all));
          }
        },
      ),
    );
  });

  it('refuses a bucket width that is not positive', () => {
    expect(() => minMaxBuckets([], { px: () => 0, value: () => 0, bucketPx: 0 })).toThrow(/bucketPx/);
  });
});
