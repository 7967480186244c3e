// A sortable table over the shared table model's rows (click a header; again to reverse; a third time to
// reset). "Copy CSV"/"Copy Markdown" put the same rows on the clipboard; "Save CSV…/Markdown…/JSON…" save
// them as a file (a download: Electron shows its save dialog, the browser its download).
import { useState } from 'react';
import { copyText, downloadBlob, safeFilename } from '../download';
import {
  isNumeric,
  sortRows,
  toCsv,
  toJson,
  toJsonTable,
  toMarkdown,
  visibleColumns,
  type Column,
  type SortState,
  type TableModel,
  type TableRow,
} from '../../shared/tables';

export interface DataTableProps {
  columns: Column[];
  rows: TableRow[];
  testId: string;
  caption: string;
  filename: string;
  onRowClick?(id: string): void;
  /** What "Save JSON…" writes (e.g. the CLI's `--json` shape); default: the table model as JSON. */
  json?(): unknown;
  /** Extra class of a row (e.g. `noise` for a serving diff row that is not significant). */
  rowClassName?(row: TableRow): string | undefined;
  /**
   * Keys shown first on screen, in this order (e.g. a verdict beside the ratio so it is in view at
   * 1280 px); exports keep the columns' own order, the same as the CLI's.
   */
  leadingKeys?: readonly string[];
}

type Kind = 'csv' | 'md' | 'json';
const KINDS: Record<Kind, { label: string; mime: string }> = {
  csv: { label: 'CSV', mime: 'text/csv' },
  md: { label: 'Markdown', mime: 'text/markdown' },
  json: { label: 'JSON', mime: 'application/json' },
};

export interface TableActionsProps {
  table: TableModel;
  filename: string;
  json?(): unknown;
}

/** Copy CSV / Copy Markdown / Save CSV… / Save Markdown… / Save JSON… for one table model, with a status line. */
export function TableActions({ table, filename, json }: TableActionsProps) {
  const [message, setMessage] = useState<string | null>(null);
  const text = (kind: Kind): string => {
    if (kind === 'csv') return toCsv(table);
    if (kind === 'md') return toMarkdown(table);
    return toJson(json ? json() : toJsonTable(table));
  };
  const name = (kind: Kind): string => `${safeFilename(filename)}.${kind}`;
  const copy = (kind: 'csv' | 'md'): void => {
    copyText(text(kind), name(kind), KINDS[kind].mime).then(
      (how) =>
        setMessage(
          how === 'copied' ? `${KINDS[kind].label} copied` : 'Clipboard unavailable: downloaded instead',
        ),
      (e: unknown) => setMessage(e instanceof Error ? e.message : String(e)),
    );
  };
  const save = (kind: Kind): void => {
    try {
      downloadBlob(new Blob([text(kind)], { type: `${KINDS[kind].mime};charset=utf-8` }), name(kind));
      setMessage(`Saving ${name(kind)}`);
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <div className="chart-actions">
      <span className="muted" role="status" aria-live="polite">
        {message}
      </span>
      <button type="button" className="button small" onClick={() => copy('csv')}>
        Copy CSV
      </button>
      <button type="button" className="button small" onClick={() => copy('md')}>
        Copy Markdown
      </button>
      {(['csv', 'md', 'json'] as const).map((kind) => (
        <button key={kind} type="button" className="button small" onClick={() => save(kind)}>
          Save {KINDS[kind].label}…
        </button>
      ))}
    </div>
  );
}

/** The columns with `keys` first, in that order, the rest after them in their own order. */
export function leadingFirst(columns: readonly Column[], keys: readonly string[] = []): Column[] {
  const lead = keys.flatMap((k) => columns.filter((c) => c.key === k));
  return [...lead, ...columns.filter((c) => !keys.includes(c.key))];
}

export function DataTable({
  columns,
  rows,
  testId,
  caption,
  filename,
  onRowClick,
  json,
  rowClassName,
  leadingKeys,
}: DataTableProps) {
  const [sort, setSort] = useState<SortState | null>(null);
  const sorted = sortRows(rows, sort);
  const shown = leadingFirst(visibleColumns(columns), leadingKeys);
  const firstDir = (key: string): 'asc' | 'desc' => {
    const c = columns.find((x) => x.key === key);
    return c && isNumeric(c) ? 'desc' : 'asc';
  };
  const cycle = (key: string): void => {
    if (!sort || sort.key !== key) setSort({ key, dir: firstDir(key) });
    else if (sort.dir === firstDir(key)) setSort({ key, dir: sort.dir === 'asc' ? 'desc' : 'asc' });
    else setSort(null);
  };
  return (
    <section className="table-frame" aria-label={caption}>
      <header className="chart-frame-header">
        <h2>{caption}</h2>
        <TableActions table={{ title: caption, columns, rows: sorted }} filename={filename} json={json} />
      </header>
      <div className="table-scroll">
        <table className="data-table" data-testid={testId}>
          <thead>
            <tr>
              {shown.map((c) => {
                const dir = sort?.key === c.key ? sort.dir : null;
                return (
                  <th
                    key={c.key}
                    scope="col"
                    className={isNumeric(c) ? 'num' : undefined}
                    aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}
                  >
                    <button type="button" className="sort-button" onClick={() => cycle(c.key)}>
                      {c.label}
                      <span className="sort-indicator" aria-hidden="true">
                        {dir === 'asc' ? '▲' : dir === 'desc' ? '▼' : ''}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr
                key={r.id}
                data-phase={r.id}
                className={`${r.depth > 0 ? 'child' : ''}${r.manual ? ' manual' : ''}${r.pinned ? ' total' : ''}${onRowClick && !r.pinned ? ' clickable' : ''}${rowClassName?.(r) ? ` ${rowClassName(r) ?? ''}` : ''}`}
                onClick={onRowClick && !r.pinned ? () => onRowClick(r.id) : undefined}
              >
                {shown.map((c, i) => (
                  <td
                    key={c.key}
                    className={isNumeric(c) ? 'num' : undefined}
                    title={c.titleKey != null ? String(r.cells[c.titleKey] ?? '') || undefined : undefined}
                  >
                    {i === 0 && r.depth > 0 ? (
                      <span className="indent" aria-hidden="true">
                        ↳{' '}
                      </span>
                    ) : null}
                    {c.format(r.cells[c.key] ?? null)}
                    {i === 0 && r.manual ? <span className="manual-tag">manual</span> : null}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
