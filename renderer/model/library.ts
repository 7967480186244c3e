// Library list model: filtering as you type, grouping by bundle and the key attributes of a row.
// Pure, so the virtualised list only renders what this returns and the rules are unit-tested.
import { Meta, type MetaValue, type SnapshotKind, type SnapshotSummary } from '../../shared/model';
import { groupByModel, modelDisplayName, modelKey } from '../../shared/model-identity';

export const IMPORTED_FILES = 'Imported files';

export interface LibraryFilter {
  query: string;
  kind: SnapshotKind | 'all';
  model: string | 'all';
}

export type LibraryRow =
  | { type: 'header'; key: string; bundle: string; count: number }
  | { type: 'item'; key: string; snapshot: SnapshotSummary };

function metaText(v: MetaValue): string {
  return v == null ? '' : String(v);
}

/**
 * Path-derived attributes (replicas, GPUs, layout…) of a summary or detail, when the core sends them;
 * read defensively so the renderer works with cores before and after the field was added.
 */
export function attributesOf(s: object): Meta {
  if (!('attributes' in s)) return {};
  const parsed = Meta.safeParse(s.attributes);
  return parsed.success ? parsed.data : {};
}

/** Case-insensitive; every whitespace-separated term must match name, model, bundle or a meta value. */
export function matchesQuery(s: SnapshotSummary, query: string): boolean {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return true;
  const values = [...Object.values(s.meta), ...Object.values(attributesOf(s))];
  const hay = [s.name, s.model ?? '', s.bundle ?? '', ...values.map(metaText)].join('\n').toLowerCase();
  return terms.every((t) => hay.includes(t));
}

export function filterSnapshots(list: readonly SnapshotSummary[], f: LibraryFilter): SnapshotSummary[] {
  return list.filter(
    (s) =>
      (f.kind === 'all' || s.kind === f.kind) &&
      // one model under its several names (org prefix, -sharded copies): shared/model-identity.ts
      (f.model === 'all' || (s.model != null && modelKey(s.model) === modelKey(f.model))) &&
      matchesQuery(s, f.query),
  );
}

/** One entry per model key, named by its Hugging Face id when a log gave it (see modelDisplayName). */
export function modelsOf(list: readonly SnapshotSummary[]): string[] {
  return [...groupByModel(list.map((s) => s.model)).values()]
    .map((names) => modelDisplayName(names))
    .filter((m): m is string => m != null)
    .sort((a, b) => a.localeCompare(b));
}

/** Groups by bundle (named bundles alphabetically, then "Imported files"), items by name. */
export function groupRows(list: readonly SnapshotSummary[]): LibraryRow[] {
  const groups = new Map<string, SnapshotSummary[]>();
  for (const s of list) {
    const key = s.bundle ?? IMPORTED_FILES;
    const g = groups.get(key);
    if (g) g.push(s);
    else groups.set(key, [s]);
  }
  const names = [...groups.keys()].sort((a, b) => {
    if (a === IMPORTED_FILES) return 1;
    if (b === IMPORTED_FILES) return -1;
    return a.localeCompare(b);
  });
  const rows: LibraryRow[] = [];
  for (const bundle of names) {
    const items = (groups.get(bundle) ?? [])
      .slice()
      .sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
    rows.push({ type: 'header', key: `h:${bundle}`, bundle, count: items.length });
    for (const s of items) rows.push({ type: 'item', key: `s:${s.id}`, snapshot: s });
  }
  return rows;
}

/** Short chips for a row: "TP8", "runai_streamer", "cache hit", "H100", "vLLM 0.10.1", replicas… */
export function keyAttributes(meta: Readonly<Record<string, MetaValue>>): string[] {
  const out: string[] = [];
  const tp = meta.tensorParallelSize ?? meta.tp;
  if (tp != null && tp !== '') out.push(`TP${String(tp)}`);
  const lf = meta.loadFormat;
  if (typeof lf === 'string' && lf) out.push(lf);
  const cc = meta.compileCache;
  if (cc === 'hit' || cc === 'miss') out.push(`cache ${cc}`);
  const gpu = meta.gpu;
  if (typeof gpu === 'string' && gpu) out.push(gpu);
  const v = meta.vllmVersion;
  if (v != null && v !== '') out.push(`vLLM ${String(v)}`);
  const replicas = meta.replicas;
  if (replicas != null && replicas !== '') out.push(`×${String(replicas)} replicas`);
  const gpus = meta.gpus;
  if (gpus != null && gpus !== '') out.push(`${String(gpus)} GPUs`);
  const pre = meta.prefillInstances;
  const dec = meta.decodeInstances;
  if (pre != null && dec != null) {
    const tp = (v: MetaValue | undefined): string => (v != null && v !== '' ? `×TP${String(v)}` : '');
    out.push(`P${String(pre)}${tp(meta.prefillTp)}-D${String(dec)}${tp(meta.decodeTp)}`);
  }
  const layout = meta.layout;
  if (typeof layout === 'string' && layout) out.push(layout);
  const cMin = meta.concurrencyMin;
  const cMax = meta.concurrencyMax;
  if (typeof cMin === 'number' && typeof cMax === 'number') {
    out.push(cMin === cMax ? `conc ${cMin}` : `conc ${cMin}–${cMax}`);
  }
  return out;
}
