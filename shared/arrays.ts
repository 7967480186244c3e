// Array helpers safe at any length: no spread of a large array into arguments (`push(...xs)`,
// `Math.min(...xs)`), which overflows the call stack past ~100k items.

/** Appends every item of `items` to `into`, in order; returns `into`. */
export function appendAll<T>(into: T[], items: readonly T[]): T[] {
  for (let i = 0; i < items.length; i++) into.push(items[i] as T);
  return into;
}
