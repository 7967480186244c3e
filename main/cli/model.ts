// `benchlens model list | merge A B | split NAME | reset NAME` and `benchlens restore [TOKEN]`: thin
// wrappers over the contract's model-identity and undo methods. A model argument that names nothing
// gets a "did you mean" from the library's names and keys before anything is written.
import type { ModelIdentities, Output } from '../../shared/contract';
import { modelKey } from '../../shared/model-identity';
import { callMethod, CoreError } from '../core/call';
import type { CoreService } from '../core/types';
import { closest } from './manners';

export const MODEL_ACTIONS = ['list', 'merge', 'split', 'reset'] as const;

/** The identities as lines: shown name, key, count, and each name as written. */
export function formatIdentities(m: ModelIdentities): string {
  if (m.identities.length === 0) return 'no model names in the library';
  const lines: string[] = [];
  for (const i of m.identities) {
    lines.push(
      `${i.name}  [${i.key}]  ${i.count} snapshot${i.count === 1 ? '' : 's'}${i.overridden ? '  (merged/split by you)' : ''}`,
    );
    for (const n of i.names)
      lines.push(
        `    ${n.model} (${n.count})${n.derivedKey !== i.key ? `  derived ${n.derivedKey ?? '—'}` : ''}`,
      );
  }
  if (m.overrides.length > 0) {
    lines.push('', 'Overrides:');
    for (const o of m.overrides)
      lines.push(`  ${o.kind === 'name' ? 'split' : 'merge'} ${o.source} → ${o.target}`);
  }
  return lines.join('\n');
}

/** A model argument checked against the library's names and keys: a typo is refused with the nearest. */
function checkModel(all: ModelIdentities, ref: string): void {
  const lower = ref.trim().toLowerCase();
  const candidates = [
    ...new Set(
      all.identities.flatMap((i) => [i.key, ...i.names.flatMap((n) => [n.model, n.derivedKey ?? n.model])]),
    ),
  ];
  if (candidates.some((c) => c.toLowerCase() === lower)) return;
  // another spelling of a known model (organisation prefix, -sharded…) is resolved by the core
  const k = modelKey(ref);
  if (k !== null && all.identities.some((i) => i.names.some((n) => n.derivedKey === k))) return;
  const near = closest(ref, candidates);
  throw new CoreError(
    'not_found',
    `no model "${ref}" in the library${near ? `; did you mean "${near}"?` : ''} (benchlens model list shows them)`,
  );
}

export async function runModel(
  svc: CoreService,
  args: readonly string[],
  json: boolean,
  usage: (message: string) => Error,
): Promise<number> {
  const [action = 'list', ...rest] = args;
  const print = (value: unknown, text: string) =>
    process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
  if (!(MODEL_ACTIONS as readonly string[]).includes(action)) {
    const near = closest(action, MODEL_ACTIONS);
    throw usage(
      `model expects one of ${MODEL_ACTIONS.join(', ')}; got "${action}"${near ? ` (did you mean "${near}"?)` : ''}`,
    );
  }
  const all = (await callMethod(svc, 'listModelIdentities', {})) as ModelIdentities;
  if (action === 'list') {
    if (rest.length > 0) throw usage('model list takes no arguments');
    print(all, formatIdentities(all));
    return 0;
  }
  const want = action === 'merge' ? 2 : 1;
  if (rest.length !== want)
    throw usage(
      action === 'merge'
        ? 'model merge needs two models: the one to merge and the one it joins (model merge A B)'
        : `model ${action} needs one model name`,
    );
  for (const r of rest) checkModel(all, r);
  const input =
    action === 'merge'
      ? { action, from: rest[0], into: rest[1] }
      : { action: action as 'split' | 'reset', name: rest[0] };
  const out = (await callMethod(svc, 'setModelIdentity', input)) as Output<'setModelIdentity'>;
  print(out, out.summary);
  return 0;
}

export async function runRestore(
  svc: CoreService,
  args: readonly string[],
  json: boolean,
  usage: (message: string) => Error,
): Promise<number> {
  const print = (value: unknown, text: string) =>
    process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
  if (args.length === 0) {
    const list = (await callMethod(svc, 'listDeleted', {})) as Output<'listDeleted'>;
    print(
      list,
      list.length === 0
        ? 'nothing to restore'
        : list.map((d) => `${d.token}  ${d.deletedAt}  ${d.kind}  ${d.name} (id ${d.snapshotId})`).join('\n'),
    );
    return 0;
  }
  // every token checked first: one unknown token restores nothing
  const known = new Set(
    ((await callMethod(svc, 'listDeleted', {})) as Output<'listDeleted'>).map((d) => d.token),
  );
  for (const t of args) {
    if (!/^[0-9a-f]{12}$/.test(t))
      throw usage(`a restore token is 12 hex digits (see benchlens restore); got "${t}"`);
    if (!known.has(t)) {
      const near = closest(t, [...known]);
      throw new CoreError(
        'not_found',
        `no deleted snapshot with restore token "${t}"${near ? `; did you mean "${near}"?` : ''} (benchlens restore lists them)`,
      );
    }
  }
  const restored: Output<'restoreSnapshot'>[] = [];
  for (const token of args)
    restored.push((await callMethod(svc, 'restoreSnapshot', { token })) as Output<'restoreSnapshot'>);
  print(restored, restored.map((s) => `restored ${s.name} (id ${s.id})`).join('\n'));
  return 0;
}
