// Library list model: the query a filter sends to the core (which filters, orders and pages in SQL),
// the rows of the loaded pages grouped by bundle, and the key attributes of a row. Pure and linear:
// a keystroke costs one query, never a sort or a validation of the whole library here.
import {
  Meta,
  type LibraryQuery,
  type MetaValue,
  type SnapshotKind,
  type SnapshotSummary,
} from '../../shared/model';

export const IMPORTED_FILES = 'Imported files';

export interface LibraryFilter {
  query: string;
  kind: SnapshotKind | 'all';
  model: string | 'all';
}

export type LibraryRow =
  | { type: 'header'; key: string; bundle: string; count: number; more: boolean }
  | { type: 'item'; key: string; snapshot: SnapshotSummary };

/**
 * Path-derived attributes (replicas, GPUs, layout…) of a summary or detail, when the core sends them;
 * read defensively so the renderer works with cores before and after the field was added.
 */
export function attributesOf(s: object): Meta {
  if (!('attributes' in s)) return {};
  const parsed = Meta.safeParse(s.attributes);
  return parsed.success ? parsed.data : {};
}

/** The library query for a filter: the core filters, orders and pages (no filtering or sorting here). */
export function libraryQuery(f: LibraryFilter): LibraryQuery {
  const query = f.query.trim();
  return {
    ...(query ? { query } : {}),
    ...(f.kind !== 'all' ? { kind: f.kind } : {}),
    ...(f.model !== 'all' ? { model: f.model } : {}),
  };
}

/**
 * Rows for the loaded pages, already in library order (bundle, then natural name; files without a
 * bundle last): a header before each run of one bundle. One pass, no sorting. A header counts the
 * bundle's rows under the filter when the core sent them; else the rows loaded, "so far" (`more`) for
 * the last group while more pages may follow.
 */
export function groupPage(
  list: readonly SnapshotSummary[],
  complete: boolean,
  /** Rows per bundle under the filter (the core's facet counts), when known. */
  bundleCounts?: readonly { bundle: string | null; count: number }[],
): LibraryRow[] {
  const counts = new Map(bundleCounts?.map((b) => [b.bundle ?? IMPORTED_FILES, b.count]));
  const rows: LibraryRow[] = [];
  let header: Extract<LibraryRow, { type: 'header' }> | null = null;
  for (const s of list) {
    const bundle = s.bundle ?? IMPORTED_FILES;
    if (!header || header.bundle !== bundle) {
      header = { type: 'header', key: `h:${bundle}`, bundle, count: 0, more: false };
      rows.push(header);
    }
    header.count++;
    rows.push({ type: 'item', key: `s:${s.id}`, snapshot: s });
  }
  if (header && !complete && !counts.has(header.bundle)) header.more = true;
  for (const r of rows) if (r.type === 'header') r.count = counts.get(r.bundle) ?? r.count;
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
