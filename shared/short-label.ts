// Short labels for compared snapshots: what differs between their names, with the tokens they share at
// the start and the end removed (`…_mixed_pd_p1xtp2-d3xtp2` vs `…_mixed_baseline_4xtp2` → `pd_p1xtp2-d3xtp2`
// and `baseline_4xtp2`). Pure. A label never comes out empty, and a user's `label` attribute wins.
/** Splits a name into tokens at `_`, `-`, `.`, space, keeping each token's leading separator. */
function tokens(name: string): { sep: string; text: string }[] {
  const out: { sep: string; text: string }[] = [];
  for (const m of name.matchAll(/([_\-. ]*)([^_\-. ]+)/g)) out.push({ sep: m[1] ?? '', text: m[2] ?? '' });
  return out;
}

/** One short label per name, in order: the tokens all names share at the start and at the end removed. */
export function shortLabels(names: readonly string[]): string[] {
  if (names.length < 2 || new Set(names).size < names.length) return [...names];
  const split = names.map(tokens);
  const shortest = Math.min(...split.map((t) => t.length));
  const same = (pick: (t: { text: string }[]) => string | undefined) => {
    const first = pick(split[0] ?? []);
    return first !== undefined && split.every((t) => pick(t) === first);
  };
  let head = 0;
  while (head < shortest - 1 && same((t) => t[head]?.text)) head++;
  let tail = 0;
  while (head + tail < shortest - 1 && same((t) => t[t.length - 1 - tail]?.text)) tail++;
  const labels = names.map((name, i) => {
    const t = (split[i] ?? []).slice(head, (split[i]?.length ?? 0) - tail);
    const label = t.map((x, j) => (j === 0 ? x.text : x.sep + x.text)).join('');
    return label === '' ? name : label;
  });
  // names that differ only in their separators would collide: keep them whole
  return new Set(labels).size === labels.length ? labels : [...names];
}

/** The user's `label` attribute when set, else the derived short label. */
export function displayLabel(
  attributes: Readonly<Record<string, unknown>> | undefined,
  short: string,
): string {
  const l = attributes?.['label'];
  return typeof l === 'string' && l.trim() !== '' ? l.trim() : short;
}
