// Model identity: one key for one model under the names a log may give it — with or without the
// organisation prefix (`meta-llama/Meta-Llama-3-70B`), as a local or object-store path, and re-saved or
// sharded copies (`Meta-Llama-3-70B-sharded`). Pure. The name written in the log stays as it is; the key
// only groups and filters. Quantisation and size are part of the identity (a 70B is not an 8B).
// The user's overrides (merge one identity into another, split one name off) resolve on top of the
// derived key: resolveModelKey never loops, whatever the overrides hold.

/** Suffixes that mark a re-saved copy of the same weights, not a different model. */
const COPY_SUFFIXES = [/-sharded$/, /-resaved$/, /-re-saved$/, /-runai$/, /-safetensors$/, /-copy$/];

/**
 * The model key: the last path segment (no organisation, no directory or s3:// prefix), lower case,
 * with copy suffixes (-sharded, -resaved…) removed. `null` for an empty or missing name.
 */
export function modelKey(name: string | null | undefined): string | null {
  if (name == null) return null;
  const segments = name
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .split(/[/\\]/)
    .map((x) => x.trim())
    .filter(Boolean);
  let key = (segments[segments.length - 1] ?? '').toLowerCase();
  for (let changed = true; changed;) {
    changed = false;
    for (const s of COPY_SUFFIXES) {
      if (s.test(key)) {
        key = key.replace(s, '');
        changed = true;
      }
    }
  }
  return key === '' ? null : key;
}

/**
 * The name to show for a key among the names seen for it: the one with an organisation prefix and no
 * copy suffix when there is one (the Hugging Face id), else the shortest, ties alphabetically.
 */
export function modelDisplayName(names: readonly string[]): string | null {
  const ranked = [...new Set(names)].sort((a, b) => {
    const score = (n: string) =>
      (/^[^/:]+\/[^/]+$/.test(n) ? 0 : 2) + (COPY_SUFFIXES.some((s) => s.test(n.toLowerCase())) ? 1 : 0);
    return score(a) - score(b) || a.length - b.length || a.localeCompare(b);
  });
  return ranked[0] ?? null;
}

/** Groups names by model key: key → the names seen for it, in first-seen order. */
export function groupByModel(names: readonly (string | null)[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const n of names) {
    const k = modelKey(n);
    if (k === null || n === null) continue;
    const g = out.get(k) ?? [];
    if (!g.includes(n)) g.push(n);
    out.set(k, g);
  }
  return out;
}

/**
 * The user's corrections of model identity. `names`: a model name as written (lower-cased, trimmed)
 * → the key it takes instead of its derived one ("split"). `keys`: a key → the key it is merged into
 * ("merge"); chains are followed.
 */
export interface IdentityOverrides {
  names: ReadonlyMap<string, string>;
  keys: ReadonlyMap<string, string>;
}

export const NO_OVERRIDES: IdentityOverrides = { names: new Map(), keys: new Map() };

/** How a model name is looked up among the name overrides: trimmed, lower case. */
export function nameOverrideKey(name: string): string {
  return name.trim().toLowerCase();
}

/**
 * The key a name splits off to: the whole name as written, lower case (organisation included), so
 * `meta-llama/Meta-Llama-3-70B` and `Meta-Llama-3-70B-sharded` split to two different keys.
 */
export function splitKey(name: string): string {
  return nameOverrideKey(name);
}

/** The model key with the user's overrides: a split name's own key, then merges followed (cycles stop). */
export function resolveModelKey(
  name: string | null | undefined,
  overrides: IdentityOverrides = NO_OVERRIDES,
): string | null {
  if (name == null) return null;
  let key = overrides.names.get(nameOverrideKey(name)) ?? modelKey(name);
  const seen = new Set<string>();
  while (key !== null && !seen.has(key)) {
    seen.add(key);
    const next = overrides.keys.get(key);
    if (next === undefined) break;
    key = next;
  }
  return key;
}

/**
 * The name to show for an identity: among its names, those whose own derived key is the identity's
 * (so a merged identity keeps the name of the one merged into), then modelDisplayName.
 */
export function identityDisplayName(key: string, names: readonly string[]): string | null {
  const own = names.filter((n) => modelKey(n) === key);
  return modelDisplayName(own.length > 0 ? own : names);
}
