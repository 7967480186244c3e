// The one row model for every BenchLens table (phase table, start-up diff, metadata diff, serving diff)
// and its serialisers: CSV (RFC 4180, numbers as plain numbers), GitHub Markdown and JSON. Pure. The app's
// tables and their Copy/Save actions, the CLI text output and `benchlens export` all read these rows.
import { csvFormatRow } from 'd3-dsv';
import type { Comparison, Meta, MetaValue, PhaseSource, SnapshotDetail } from './model';
import { phaseLabel } from './phases';
import { formatPercent, formatSecondsNumber, formatSpeedup } from './format';
import { orderPhases } from './phase-order';

export type CellValue = string | number | null;

/** What a column holds; numbers are stored unformatted (seconds, plain ratios, fractions 0..1). */
export type ColumnKind = 'text' | 'seconds' | 'ratio' | 'fraction' | 'count' | 'number';

export interface Column {
  key: string;
  label: string;
  kind: ColumnKind;
  /** Unit of the number written to CSV/JSON ("s", "ms", "tok/s"); none for ratios, fractions, counts. */
  unit?: string;
  /** Text for the screen, Markdown and the terminal. CSV and JSON write the raw cell instead. */
  format: (v: CellValue) => string;
  /** Written to CSV and JSON only (ids, parent ids, sources, notes): not on screen, in Markdown or text. */
  exportOnly?: boolean;
  /** On screen, the cell's tooltip is the row's cell of this key (a short label's full name). */
  titleKey?: string;
}

/** Where one value came from: log message, timestamp difference, derived, or a manual value and its note. */
export interface ValueSource {
  kind: PhaseSource;
  detail: string | null;
  note: string | null;
}

export interface TableRow {
  id: string;
  /** Parent row id (a phase's parent phase), null for top-level rows. */
  parent: string | null;
  depth: number;
  /** Position in catalogue order, the default sort. */
  order: number;
  cells: Record<string, CellValue>;
  /** Source of the row's value per side: `value` for one snapshot, `baseline`/`candidate` for a diff. */
  sources: Record<string, ValueSource | null>;
  manual: boolean;
  /** Kept last whatever the sort (the total row). */
  pinned?: boolean;
}

export interface TableModel {
  title: string;
  columns: Column[];
  rows: TableRow[];
}

export interface SortState {
  key: string;
  dir: 'asc' | 'desc';
}

export function isNumeric(c: Column): boolean {
  return c.kind !== 'text';
}

export const visibleColumns = (columns: readonly Column[]): Column[] => columns.filter((c) => !c.exportOnly);

const text = (v: CellValue): string => (v == null ? '' : String(v));
const secs = (v: CellValue): string => (typeof v === 'number' ? formatSecondsNumber(v) : '');
const speed = (v: CellValue): string => (typeof v === 'number' ? formatSpeedup(v) : '');
const pct = (v: CellValue): string => (typeof v === 'number' ? formatPercent(v) : '');
const sourceText = (v: CellValue): string => (isSourceKind(v) ? sourceKindLabel(v) : text(v));

function isSourceKind(v: CellValue): v is PhaseSource {
  return v === 'log' || v === 'timestamp' || v === 'derived' || v === 'manual';
}

const ID_COLUMNS: Column[] = [
  { key: 'id', label: 'Phase id', kind: 'text', format: text, exportOnly: true },
  { key: 'parent', label: 'Parent id', kind: 'text', format: text, exportOnly: true },
];

export const COMPARISON_COLUMNS: Column[] = [
  { key: 'phase', label: 'Phase', kind: 'text', format: text },
  { key: 'baselineS', label: 'Baseline s', kind: 'seconds', unit: 's', format: secs },
  { key: 'candidateS', label: 'Candidate s', kind: 'seconds', unit: 's', format: secs },
  { key: 'speedup', label: 'Speedup', kind: 'ratio', format: speed },
  { key: 'savedS', label: 'Saved s', kind: 'seconds', unit: 's', format: secs },
  { key: 'shareOfSaving', label: 'Share of saving', kind: 'fraction', format: pct },
  ...ID_COLUMNS,
  { key: 'baselineSource', label: 'Baseline source', kind: 'text', format: sourceText, exportOnly: true },
  { key: 'candidateSource', label: 'Candidate source', kind: 'text', format: sourceText, exportOnly: true },
  { key: 'note', label: 'Manual note', kind: 'text', format: text, exportOnly: true },
  // log-only values beside any that include a manual value (same as the value when none does)
  {
    key: 'baselineMeasuredS',
    label: 'Baseline measured s',
    kind: 'seconds',
    unit: 's',
    format: secs,
    exportOnly: true,
  },
  {
    key: 'candidateMeasuredS',
    label: 'Candidate measured s',
    kind: 'seconds',
    unit: 's',
    format: secs,
    exportOnly: true,
  },
];

export const SINGLE_COLUMNS: Column[] = [
  { key: 'phase', label: 'Phase', kind: 'text', format: text },
  { key: 'startS', label: 'Start s', kind: 'seconds', unit: 's', format: secs },
  { key: 'durationS', label: 'Duration s', kind: 'seconds', unit: 's', format: secs },
  { key: 'share', label: 'Share of total', kind: 'fraction', format: pct },
  { key: 'source', label: 'Source', kind: 'text', format: sourceText },
  ...ID_COLUMNS,
  { key: 'note', label: 'Manual note', kind: 'text', format: text, exportOnly: true },
  { key: 'measuredS', label: 'Measured s', kind: 'seconds', unit: 's', format: secs, exportOnly: true },
];

type DetailPhase = SnapshotDetail['phases'][number];

function valueSource(p: DetailPhase | undefined): ValueSource | null {
  if (!p) return null;
  return { kind: p.source, detail: p.detail || null, note: p.source === 'manual' ? (p.note ?? null) : null };
}

/** The log-only value of a diff cell: given by the core, else the value itself unless it is manual. */
function measuredCell(
  measured: number | null | undefined,
  value: number | null,
  source: PhaseSource | null,
): number | null {
  if (measured !== undefined) return measured;
  return source === 'manual' ? null : value;
}

function joinNotes(parts: [string, ValueSource | null][]): string | null {
  const notes = parts.filter(([, s]) => s?.note).map(([side, s]) => `${side}: ${s?.note ?? ''}`);
  return notes.length > 0 ? notes.join('; ') : null;
}

/**
 * Rows of a start-up comparison. Pass both snapshots' details to carry each side's source detail and
 * manual note; without them the sources carry only their kind.
 */
export function comparisonRows(
  c: Comparison,
  details: { baseline?: SnapshotDetail; candidate?: SnapshotDetail } = {},
): TableRow[] {
  const ordered = orderPhases(c.phases);
  const ids = new Set(c.phases.map((p) => p.id));
  const side = (d: SnapshotDetail | undefined, id: string, kind: PhaseSource | null): ValueSource | null => {
    if (kind === null) return null;
    return valueSource(d?.phases.find((q) => q.id === id)) ?? { kind, detail: null, note: null };
  };
  return ordered.map((p, i) => {
    const baseline = side(details.baseline, p.id, p.baselineSource);
    const candidate = side(details.candidate, p.id, p.candidateSource);
    const parent = p.parent != null && ids.has(p.parent) ? p.parent : null;
    return {
      id: p.id,
      parent,
      depth: parent ? 1 : 0,
      order: i,
      manual: p.baselineSource === 'manual' || p.candidateSource === 'manual',
      sources: { baseline, candidate },
      cells: {
        phase: phaseLabel(p.id),
        baselineS: p.baselineS,
        candidateS: p.candidateS,
        speedup: p.speedup,
        savedS: p.savedS,
        shareOfSaving: p.shareOfSaving,
        id: p.id,
        parent,
        baselineSource: p.baselineSource,
        candidateSource: p.candidateSource,
        note: joinNotes([
          ['baseline', baseline],
          ['candidate', candidate],
        ]),
        baselineMeasuredS: measuredCell(p.baselineMeasuredS, p.baselineS, p.baselineSource),
        candidateMeasuredS: measuredCell(p.candidateMeasuredS, p.candidateS, p.candidateSource),
      },
    };
  });
}

export function singleRows(d: SnapshotDetail): TableRow[] {
  const ordered = orderPhases(d.phases, (p) => p.startS);
  const ids = new Set(d.phases.map((p) => p.id));
  return ordered.map((p, i) => {
    const parent = p.parent != null && ids.has(p.parent) ? p.parent : null;
    const source = valueSource(p);
    return {
      id: p.id,
      parent,
      depth: parent ? 1 : 0,
      order: i,
      manual: p.source === 'manual',
      sources: { value: source },
      cells: {
        phase: phaseLabel(p.id),
        startS: p.startS,
        durationS: p.durationS,
        share: d.totalS > 0 ? p.durationS / d.totalS : null,
        source: p.source,
        id: p.id,
        parent,
        note: source?.note ?? null,
        measuredS: p.source === 'manual' ? p.measuredS : p.durationS,
      },
    };
  });
}

/** The total row of a snapshot's phase table: the sum of its top-level phases. */
export function singleTotalRow(d: SnapshotDetail, order: number): TableRow {
  return {
    id: 'total',
    parent: null,
    depth: 0,
    order,
    manual: d.phases.some((p) => p.source === 'manual'),
    pinned: true,
    sources: {},
    cells: {
      phase: 'Total',
      startS: 0,
      durationS: d.totalS,
      share: d.totalS > 0 ? 1 : null,
      id: 'total',
      measuredS: d.measuredTotalS ?? d.totalS,
    },
  };
}

/** One snapshot's phase table: its phases, then the total. */
export function phaseTable(d: SnapshotDetail): TableModel {
  const rows = singleRows(d);
  return {
    title: `${d.name} phases`,
    columns: SINGLE_COLUMNS,
    rows: [...rows, singleTotalRow(d, rows.length)],
  };
}

/** Several snapshots' phase tables stacked, with a leading Snapshot column; row ids are `snapshot/phase`. */
export function phasesTable(details: readonly SnapshotDetail[]): TableModel {
  if (details.length === 1 && details[0]) return phaseTable(details[0]);
  const columns: Column[] = [
    { key: 'snapshot', label: 'Snapshot', kind: 'text', format: text },
    ...SINGLE_COLUMNS,
  ];
  const rows = details.flatMap((d, k) =>
    phaseTable(d).rows.map((r) => ({
      ...r,
      id: `${d.name}/${r.id}`,
      parent: r.parent === null ? null : `${d.name}/${r.parent}`,
      order: k * 10_000 + r.order,
      cells: { snapshot: d.name, ...r.cells },
    })),
  );
  return { title: `${details.map((d) => d.name).join(', ')} phases`, columns, rows };
}

/** The total row of a start-up diff: both totals, the overall speedup and the seconds saved. */
export function comparisonTotalRow(c: Comparison, order: number): TableRow {
  return {
    id: 'total',
    parent: null,
    depth: 0,
    order,
    // the totals include a manual value: Markdown and the app tag the row, JSON carries the flag
    manual: c.manual ?? false,
    pinned: true,
    sources: {},
    cells: {
      phase: 'Total',
      baselineS: c.baseline.totalS,
      candidateS: c.candidate.totalS,
      speedup: c.speedup,
      savedS: c.savedS,
      shareOfSaving: c.savedS !== 0 ? 1 : null,
      id: 'total',
      baselineMeasuredS: c.baseline.measuredTotalS ?? c.baseline.totalS,
      candidateMeasuredS: c.candidate.measuredTotalS ?? c.candidate.totalS,
    },
  };
}

/** The start-up diff of two snapshots: phases, then the total. */
export function comparisonTable(
  c: Comparison,
  details: { baseline?: SnapshotDetail; candidate?: SnapshotDetail } = {},
): TableModel {
  const rows = comparisonRows(c, details);
  return {
    title: `${c.baseline.name} vs ${c.candidate.name}`,
    columns: COMPARISON_COLUMNS,
    rows: [...rows, comparisonTotalRow(c, rows.length)],
  };
}

export function sourceKindLabel(source: PhaseSource): string {
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

/** Stable sort; nulls always last; `order` breaks ties; pinned rows stay last. A null sort keeps catalogue order. */
export function sortRows(rows: readonly TableRow[], sort: SortState | null): TableRow[] {
  const pinned = rows.filter((r) => r.pinned).sort((a, b) => a.order - b.order);
  const free = rows.filter((r) => !r.pinned);
  return [...sortFree(free, sort), ...pinned];
}

function sortFree(rows: readonly TableRow[], sort: SortState | null): TableRow[] {
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

/** The unformatted value CSV and JSON write: finite numbers as numbers, everything else as text or null. */
export function rawCell(v: CellValue | undefined): CellValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  return v;
}

/**
 * RFC 4180 CSV: header of column labels, CRLF line ends, fields with a comma, quote or line break quoted
 * (d3-dsv). Numbers are plain (3.776923, 0.942, 758.2), never "3.78x" or "94%"; empty cells are empty.
 */
export function toCsv(table: Pick<TableModel, 'columns' | 'rows'>): string {
  const lines = [
    csvFormatRow(table.columns.map((c) => c.label)),
    ...table.rows.map((r) =>
      csvFormatRow(
        table.columns.map((c) => {
          const v = rawCell(r.cells[c.key]);
          return v === null ? '' : String(v);
        }),
      ),
    ),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** A Markdown table cell: pipes and backslashes escaped, line breaks as <br>. */
export function markdownCell(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n|\r/g, '<br>');
}

/** GitHub-flavoured Markdown table of the visible columns; child rows "↳ ", manual rows tagged "(manual)". */
export function toMarkdown(table: Pick<TableModel, 'columns' | 'rows'>): string {
  const cols = visibleColumns(table.columns);
  const head = `| ${cols.map((c) => markdownCell(c.label)).join(' | ')} |`;
  const rule = `| ${cols.map((c) => (isNumeric(c) ? '---:' : '---')).join(' | ')} |`;
  const body = table.rows.map(
    (r) =>
      `| ${cols
        .map((c, i) => {
          let v = c.format(r.cells[c.key] ?? null);
          if (i === 0 && r.depth > 0) v = `↳ ${v}`;
          if (i === 0 && r.manual) v = `${v} (manual)`;
          return markdownCell(v);
        })
        .join(' | ')} |`,
  );
  return `${[head, rule, ...body].join('\n')}\n`;
}

export interface JsonTable {
  title: string;
  columns: { key: string; label: string; kind: ColumnKind; unit: string | null }[];
  rows: {
    id: string;
    parent: string | null;
    depth: number;
    manual: boolean;
    sources: Record<string, ValueSource | null>;
    values: Record<string, CellValue>;
  }[];
}

/** The table as JSON data: every column (export-only ones too) with its kind and unit, raw values. */
export function toJsonTable(table: TableModel): JsonTable {
  return {
    title: table.title,
    columns: table.columns.map((c) => ({ key: c.key, label: c.label, kind: c.kind, unit: c.unit ?? null })),
    rows: table.rows.map((r) => ({
      id: r.id,
      parent: r.parent,
      depth: r.depth,
      manual: r.manual,
      sources: r.sources,
      values: Object.fromEntries(table.columns.map((c) => [c.key, rawCell(r.cells[c.key])])),
    })),
  };
}

/** Pretty JSON text with a final newline (the CLI's `--json` layout). */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Cells of the visible columns as display text (the terminal tables), "–" for an empty cell. */
export function textCells(table: Pick<TableModel, 'columns' | 'rows'>): {
  header: string[];
  rows: string[][];
} {
  const cols = visibleColumns(table.columns);
  return {
    header: cols.map((c) => c.label.toUpperCase()),
    rows: table.rows.map((r) =>
      cols.map((c, i) => {
        const v = c.format(r.cells[c.key] ?? null);
        return (i === 0 && r.depth > 0 ? '  ' : '') + (v === '' ? '–' : v);
      }),
    ),
  };
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

/**
 * The metadata diff as a table model: Key, Baseline, Candidate, Differs (1/0); with no candidate, Key and
 * the one snapshot's values.
 */
export function metaDiffTable(
  rows: readonly MetaDiffRow[],
  baselineName: string,
  candidateName: string | null,
): TableModel {
  const yesNo = (v: CellValue): string => (v === 1 ? 'yes' : v === 0 ? 'no' : '');
  const columns: Column[] = [{ key: 'key', label: 'Key', kind: 'text', format: text }];
  if (candidateName === null)
    columns.push({ key: 'baseline', label: baselineName, kind: 'text', format: text });
  else
    columns.push(
      { key: 'baseline', label: `Baseline · ${baselineName}`, kind: 'text', format: text },
      { key: 'candidate', label: `Candidate · ${candidateName}`, kind: 'text', format: text },
      { key: 'differs', label: 'Differs', kind: 'count', format: yesNo },
    );
  return {
    title:
      candidateName === null
        ? `${baselineName} metadata`
        : `What changed: ${baselineName} vs ${candidateName}`,
    columns,
    rows: rows.map((r, i) => ({
      id: r.key,
      parent: null,
      depth: 0,
      order: i,
      manual: false,
      sources: {},
      cells: { key: r.key, baseline: r.baseline, candidate: r.candidate, differs: r.differs ? 1 : 0 },
    })),
  };
}

/**
 * "Where the saving came from": the top-level phases by the size of their share of the total change,
 * losses included (a phase that got slower while the total got faster has a negative share). At most
 * `limit` phases are named; the rest is one "other phases" entry, so the shares listed sum to 100%.
 * Phases under 0.5% are folded into "other phases" too. Order: positive shares largest first, then
 * "other phases", then negative shares.
 */
export function topSavings(
  c: Comparison,
  limit = 3,
): { id: string; label: string; share: number; savedS: number }[] {
  const top = c.phases.filter((p) => p.parent == null && p.shareOfSaving != null);
  if (top.length === 0 || c.savedS === 0) return [];
  const named = top
    .filter((p) => Math.abs(p.shareOfSaving ?? 0) >= 0.005)
    .sort((a, b) => Math.abs(b.shareOfSaving ?? 0) - Math.abs(a.shareOfSaving ?? 0))
    .slice(0, limit)
    .map((p) => ({ id: p.id, label: phaseLabel(p.id), share: p.shareOfSaving ?? 0, savedS: p.savedS }));
  const ids = new Set(named.map((n) => n.id));
  let rest = top.filter((p) => !ids.has(p.id));
  const only = rest[0];
  if (rest.length === 1 && only && Math.abs(only.shareOfSaving ?? 0) >= 0.005) {
    // one phase left over: name it rather than call it "other phases"
    named.push({
      id: only.id,
      label: phaseLabel(only.id),
      share: only.shareOfSaving ?? 0,
      savedS: only.savedS,
    });
    rest = [];
  }
  const restShare = rest.reduce((a, p) => a + (p.shareOfSaving ?? 0), 0);
  const restSaved = rest.reduce((a, p) => a + p.savedS, 0);
  const other =
    rest.length > 0 && Math.abs(restShare) >= 0.0005
      ? [{ id: 'other', label: 'Other phases', share: restShare, savedS: restSaved }]
      : [];
  return [
    ...named.filter((n) => n.share >= 0).sort((a, b) => b.share - a.share),
    ...other,
    ...named.filter((n) => n.share < 0).sort((a, b) => b.share - a.share),
  ];
}
