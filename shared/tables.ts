// Table models for the phase tables and the metadata diff: rows, sorting, CSV and Markdown text.
// Pure; the on-screen table, "Copy CSV" and "Copy Markdown" all come from the same rows.
import type { Comparison, Meta, MetaValue, SnapshotDetail } from './model';
import { phaseLabel } from './phases';
import { formatPercent, formatSecondsNumber, formatSpeedup } from './format';
import { orderPhases } from './phase-order';

export type CellValue = string | number | null;

export interface Column {
  key: string;
  label: string;
  numeric: boolean;
  /** Text for the screen and for exports. */
  format: (v: CellValue) => string;
}

export interface TableRow {
  id: string;
  depth: number;
  /** Position in catalogue order, the default sort. */
  order: number;
  cells: Record<string, CellValue>;
  manual: boolean;
}

export interface SortState {
  key: string;
  dir: 'asc' | 'desc';
}

const text = (v: CellValue): string => (v == null ? '' : String(v));
const secs = (v: CellValue): string => (typeof v === 'number' ? formatSecondsNumber(v) : '');
const speed = (v: CellValue): string => (typeof v === 'number' ? formatSpeedup(v) : '');
const pct = (v: CellValue): string => (typeof v === 'number' ? formatPercent(v) : '');

export const COMPARISON_COLUMNS: Column[] = [
  { key: 'phase', label: 'Phase', numeric: false, format: text },
  { key: 'baselineS', label: 'Baseline s', numeric: true, format: secs },
  { key: 'candidateS', label: 'Candidate s', numeric: true, format: secs },
  { key: 'speedup', label: 'Speedup', numeric: true, format: speed },
  { key: 'savedS', label: 'Saved s', numeric: true, format: secs },
  { key: 'shareOfSaving', label: 'Share of saving', numeric: true, format: pct },
];

export const SINGLE_COLUMNS: Column[] = [
  { key: 'phase', label: 'Phase', numeric: false, format: text },
  { key: 'startS', label: 'Start s', numeric: true, format: secs },
  { key: 'durationS', label: 'Duration s', numeric: true, format: secs },
  { key: 'share', label: 'Share of total', numeric: true, format: pct },
  { key: 'source', label: 'Source', numeric: false, format: text },
];

export function comparisonRows(c: Comparison): TableRow[] {
  const ordered = orderPhases(c.phases);
  return ordered.map((p, i) => ({
    id: p.id,
    depth: p.parent != null && c.phases.some((q) => q.id === p.parent) ? 1 : 0,
    order: i,
    manual: p.baselineSource === 'manual' || p.candidateSource === 'manual',
    cells: {
      phase: phaseLabel(p.id),
      baselineS: p.baselineS,
      candidateS: p.candidateS,
      speedup: p.speedup,
      savedS: p.savedS,
      shareOfSaving: p.shareOfSaving,
    },
  }));
}

export function singleRows(d: SnapshotDetail): TableRow[] {
  const ordered = orderPhases(d.phases, (p) => p.startS);
  const ids = new Set(d.phases.map((p) => p.id));
  return ordered.map((p, i) => ({
    id: p.id,
    depth: p.parent != null && ids.has(p.parent) ? 1 : 0,
    order: i,
    manual: p.source === 'manual',
    cells: {
      phase: phaseLabel(p.id),
      startS: p.startS,
      durationS: p.durationS,
      share: d.totalS > 0 ? p.durationS / d.totalS : null,
      source: sourceKindLabel(p.source),
    },
  }));
}

export function sourceKindLabel(source: 'log' | 'timestamp' | 'derived' | 'manual'): string {
  switch (source) {
    case 'log':
      return 'log message';
    case 'timestamp':
      return 'timestamp difference';
    case 'derived':
      return 'derived';
    case 'manual':
      return 'manual';
  }
}

/** Stable sort; nulls always last; `order` breaks ties. A null sort keeps catalogue order. */
export function sortRows(rows: readonly TableRow[], sort: SortState | null): TableRow[] {
  if (!sort) return rows.slice().sort((a, b) => a.order - b.order);
  const sign = sort.dir === 'asc' ? 1 : -1;
  return rows.slice().sort((a, b) => {
    const va = a.cells[sort.key] ?? null;
    const vb = b.cells[sort.key] ?? null;
    if (va == null && vb == null) return a.order - b.order;
    if (va == null) return 1;
    if (vb == null) return -1;
    const cmp =
      typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
    return cmp !== 0 ? sign * cmp : a.order - b.order;
  });
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(columns: readonly Column[], rows: readonly TableRow[]): string {
  const head = columns.map((c) => csvField(c.label)).join(',');
  const body = rows.map((r) => columns.map((c) => csvField(c.format(r.cells[c.key] ?? null))).join(','));
  return [head, ...body].join('\n') + '\n';
}

export function toMarkdown(columns: readonly Column[], rows: readonly TableRow[]): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  const head = `| ${columns.map((c) => esc(c.label)).join(' | ')} |`;
  const rule = `| ${columns.map((c) => (c.numeric ? '---:' : '---')).join(' | ')} |`;
  const body = rows.map(
    (r) =>
      `| ${columns
        .map((c, i) => {
          const v = esc(c.format(r.cells[c.key] ?? null));
          return i === 0 && r.depth > 0 ? `↳ ${v}` : v;
        })
        .join(' | ')} |`,
  );
  return [head, rule, ...body].join('\n') + '\n';
}

export interface MetaDiffRow {
  key: string;
  baseline: string;
  candidate: string;
  differs: boolean;
}

const META_ORDER = [
  'model',
  'vllmVersion',
  'rayVersion',
  'tensorParallelSize',
  'loadFormat',
  'compileCache',
  'gpu',
];

function metaString(v: MetaValue | undefined): string {
  if (v === undefined || v === null) return '';
  return String(v);
}

/** Both snapshots' metadata side by side: known keys first, then the rest alphabetically. */
export function metaDiff(a: Meta, b: Meta, modelA: string | null, modelB: string | null): MetaDiffRow[] {
  const all: Record<string, [string, string]> = { model: [modelA ?? '', modelB ?? ''] };
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (k === 'model') continue;
    all[k] = [metaString(a[k]), metaString(b[k])];
  }
  const rank = (k: string): number => {
    const i = META_ORDER.indexOf(k);
    return i < 0 ? META_ORDER.length : i;
  };
  return Object.keys(all)
    .sort((x, y) => rank(x) - rank(y) || x.localeCompare(y))
    .map((key) => {
      const [baseline, candidate] = all[key] ?? ['', ''];
      return { key, baseline, candidate, differs: baseline !== candidate };
    });
}

/** "Where the saving came from": top-level phases contributing at least 0.5% of the saving, largest first. */
export function topSavings(
  c: Comparison,
  limit = 3,
): { id: string; label: string; share: number; savedS: number }[] {
  return c.phases
    .filter((p) => p.parent == null && p.shareOfSaving != null && p.shareOfSaving >= 0.005)
    .sort((a, b) => (b.shareOfSaving ?? 0) - (a.shareOfSaving ?? 0))
    .slice(0, limit)
    .map((p) => ({ id: p.id, label: phaseLabel(p.id), share: p.shareOfSaving ?? 0, savedS: p.savedS }));
}
