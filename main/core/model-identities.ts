// The user's merges and splits of model identities, over the store: lists the identities the library
// holds (each with its names, counts and whether an override shaped it) and checks every change before
// writing it, so a refused merge, split or reset leaves the overrides as they were.
import type { Store } from '../../db/store';
import type { ModelIdentities, ParsedInput } from '../../shared/contract';
import {
  identityDisplayName,
  modelKey,
  nameOverrideKey,
  resolveModelKey,
  splitKey,
} from '../../shared/model-identity';
import { CoreError } from './call';

type Identity = ModelIdentities['identities'][number];

/** Every identity of the library's model names, by shown name. */
export function modelIdentities(store: Store): ModelIdentities {
  const ids = store.identityOverrides();
  const groups = new Map<string, Identity['names']>();
  for (const n of store.modelNames()) {
    const key = resolveModelKey(n.model, ids);
    if (key === null) continue;
    const g = groups.get(key) ?? [];
    g.push({ model: n.model, count: n.count, derivedKey: modelKey(n.model) });
    groups.set(key, g);
  }
  const identities = [...groups].map(([key, names]) => ({
    key,
    name:
      identityDisplayName(
        key,
        names.map((n) => n.model),
      ) ?? key,
    count: names.reduce((a, n) => a + n.count, 0),
    names,
    overridden: names.some((n) => n.derivedKey !== key),
  }));
  identities.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { identities, overrides: store.identityOverrideRows() };
}

/** What a model argument names: a model name as written (any case), else an identity key or a name of one. */
function identityOf(
  all: ModelIdentities,
  ref: string,
  store: Store,
): { identity: Identity; name: string | null } {
  const lower = nameOverrideKey(ref);
  for (const identity of all.identities) {
    const n = identity.names.find((x) => nameOverrideKey(x.model) === lower);
    if (n) return { identity, name: n.model };
  }
  const key = resolveModelKey(ref, store.identityOverrides());
  const identity = all.identities.find((i) => i.key === lower || i.key === key);
  if (identity) return { identity, name: null };
  const known = all.identities.map((i) => i.name);
  throw new CoreError(
    'not_found',
    `no model "${ref}" in the library${known.length ? `; models: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', …' : ''}` : ' (it holds no model names)'} (see benchlens model list)`,
  );
}

/** Applies one merge, split or reset after checking it; returns the identities after it and a one-line summary. */
export function setModelIdentity(
  store: Store,
  input: ParsedInput<'setModelIdentity'>,
): ModelIdentities & { summary: string } {
  const all = modelIdentities(store);
  let summary: string;
  switch (input.action) {
    case 'merge': {
      const a = identityOf(all, input.from, store).identity;
      const b = identityOf(all, input.into, store).identity;
      if (a.key === b.key)
        throw new CoreError(
          'bad_input',
          `"${input.from}" and "${input.into}" are one identity already (${a.key})`,
        );
      store.setIdentityOverrides([{ kind: 'key', source: a.key, target: b.key }]);
      summary = `merged ${a.name} (${a.names.length} name${a.names.length === 1 ? '' : 's'}, ${a.count} snapshot${a.count === 1 ? '' : 's'}) into ${b.name} (${b.key})`;
      break;
    }
    case 'split': {
      const { identity, name } = identityOf(all, input.name, store);
      if (name === null)
        throw new CoreError(
          'bad_input',
          `split takes a model name as written in a log; "${input.name}" is the identity ${identity.key}, whose names are: ${identity.names.map((n) => n.model).join(', ')}`,
        );
      if (identity.names.length === 1)
        throw new CoreError(
          'bad_input',
          `"${name}" is the only name of its identity (${identity.key}) already`,
        );
      // a key of its own: no identity has it and no merge starts from it
      const taken = (k: string) =>
        all.identities.some((i) => i.key === k) ||
        all.overrides.some((o) => o.kind === 'key' && o.source === k);
      const base = splitKey(name);
      let key = base;
      for (let i = 2; taken(key); i++) key = `${base} (${i})`;
      store.setIdentityOverrides([{ kind: 'name', source: nameOverrideKey(name), target: key }]);
      const n = identity.names.find((x) => x.model === name)?.count ?? 0;
      summary = `split ${name} (${n} snapshot${n === 1 ? '' : 's'}) off ${identity.name} into its own identity ${key}`;
      break;
    }
    case 'reset': {
      const ids = store.identityOverrides();
      const lower = nameOverrideKey(input.name);
      const remove: { kind: 'name' | 'key'; source: string }[] = [];
      if (ids.names.has(lower)) remove.push({ kind: 'name', source: lower });
      // the merges along the way from the name's own key (or the key given) to its identity
      let key: string | null = ids.names.get(lower) ?? (ids.keys.has(lower) ? lower : modelKey(input.name));
      const seen = new Set<string>();
      while (key !== null && !seen.has(key) && ids.keys.has(key)) {
        seen.add(key);
        remove.push({ kind: 'key', source: key });
        key = ids.keys.get(key) ?? null;
      }
      if (remove.length === 0) {
        const into = all.overrides.filter((o) => o.kind === 'key' && o.target === modelKey(input.name));
        throw new CoreError(
          'not_found',
          `no merge or split concerns "${input.name}"${into.length ? `; merged into it: ${into.map((o) => o.source).join(', ')} (reset those)` : ''}${all.overrides.length ? '' : ' (there are no overrides)'}`,
        );
      }
      store.setIdentityOverrides([], remove);
      summary = `reset ${input.name}: removed ${remove.map((r) => (r.kind === 'name' ? `split of ${r.source}` : `merge of ${r.source}`)).join(', ')}`;
      break;
    }
  }
  return { ...modelIdentities(store), summary };
}
