// Whole percentages of shares that add up to what the shares add up to (largest-remainder rounding,
// as election seat counts do): "where the saving came from" must not read 94 + 12 − 1 − 6 = 99%.
// Pure; signs are kept (a loss inside a saving stays negative).

/** Shares as fractions (0.94, −0.01, …) → integer percents whose sum is the rounded sum of the shares. */
export function roundSharesToPercents(shares: readonly number[]): number[] {
  if (shares.some((s) => !Number.isFinite(s))) return shares.map((s) => Math.round(s * 100));
  const scaled = shares.map((s) => s * 100);
  const floors = scaled.map((v) => Math.floor(v));
  const target = Math.round(scaled.reduce((a, b) => a + b, 0));
  let missing = target - floors.reduce((a, b) => a + b, 0);
  const order = scaled
    .map((v, i) => ({ i, frac: v - Math.floor(v) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  const out = [...floors];
  for (const { i } of order) {
    if (missing <= 0) break;
    out[i] = (out[i] ?? 0) + 1;
    missing -= 1;
  }
  return out.map((v) => (Object.is(v, -0) ? 0 : v));
}
