// Min/max bucketing of a series at screen resolution (the M4 idea: per pixel column keep the first,
// last, lowest and highest point), so a 100k-point curve draws as a few thousand points that look
// the same: every column keeps its vertical extent, and gaps (undefined values) stay gaps.

export interface BucketOptions<T> {
  /** The point's position on screen along x (pixels); points must come in order of it. */
  px: (p: T) => number;
  /** The point's value, or null when it cannot be drawn (a gap in the line). */
  value: (p: T) => number | null;
  /** Width of a bucket in pixels (1: one column per pixel). */
  bucketPx?: number;
}

/**
 * The points to draw, in their original order: per bucket of `bucketPx` pixels, the first and last
 * point, the lowest and highest value, and the first point of every run of undefined values. A
 * series no denser than 4 points per bucket is returned as it is (the same array).
 */
export function minMaxBuckets<T>(points: readonly T[], opts: BucketOptions<T>): readonly T[] {
  const width = opts.bucketPx ?? 1;
  if (!(width > 0)) throw new RangeError(`bucketPx must be positive, got ${width}`);
  const n = points.length;
  if (n <= 4) return points;
  // a first pass counts buckets so a sparse series comes back untouched
  let buckets = 0;
  let prev = Number.NaN;
  for (let i = 0; i < n; i++) {
    const b = Math.floor(opts.px(points[i] as T) / width);
    if (b !== prev) {
      buckets++;
      prev = b;
    }
  }
  if (n <= buckets * 4) return points;

  const keep = new Uint8Array(n);
  let start = 0;
  while (start < n) {
    const b = Math.floor(opts.px(points[start] as T) / width);
    let end = start + 1;
    while (end < n && Math.floor(opts.px(points[end] as T) / width) === b) end++;
    keep[start] = 1;
    keep[end - 1] = 1;
    let lo = -1;
    let hi = -1;
    let loV = Infinity;
    let hiV = -Infinity;
    let inGap = false;
    for (let i = start; i < end; i++) {
      const v = opts.value(points[i] as T);
      if (v === null || !Number.isFinite(v)) {
        if (!inGap) keep[i] = 1;
        inGap = true;
        continue;
      }
      if (inGap) keep[i] = 1; // the point that resumes the line after a gap
      inGap = false;
      if (v < loV) {
        loV = v;
        lo = i;
      }
      if (v > hiV) {
        hiV = v;
        hi = i;
      }
    }
    if (lo >= 0) keep[lo] = 1;
    if (hi >= 0) keep[hi] = 1;
    start = end;
  }
  const out: T[] = [];
  for (let i = 0; i < n; i++) if (keep[i] === 1) out.push(points[i] as T);
  return out;
}
