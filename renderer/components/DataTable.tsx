// A sortable table over table-model rows (click a header; again to reverse; a third time to reset),
// with "Copy CSV" and "Copy Markdown" built from the same rows and formatters.
import { useState } from 'react';
import { copyText, safeFilename } from '../download';
import { sortRows, toCsv, toMarkdown, type Column, type SortState, type TableRow } from '../../shared/tables';

export interface DataTableProps {
  columns: Column[];
  rows: TableRow[];
  testId: string;
  caption: string;
  filename: string;
  onRowClick?(id: string): void;
}

export function DataTable({ columns, rows, testId, caption, filename, onRowClick }: DataTableProps) {
  const [sort, setSort] = useState<SortState | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const sorted = sortRows(rows, sort);
  const cycle = (key: string): void => {
    if (!sort || sort.key !== key)
      setSort({ key, dir: columns.find((c) => c.key === key)?.numeric ? 'desc' : 'asc' });
    else if (sort.dir === (columns.find((c) => c.key === key)?.numeric ? 'desc' : 'asc'))
      setSort({ key, dir: sort.dir === 'asc' ? 'desc' : 'asc' });
    else setSort(null);
  };
  const copy = (kind: 'csv' | 'md'): void => {
    const text = kind === 'csv' ? toCsv(columns, sorted) : toMarkdown(columns, sorted);
    copyText(text, `${safeFilename(filename)}.${kind}`, kind === 'csv' ? 'text/csv' : 'text/markdown').then(
      (how) =>
        setMessage(
          how === 'copied'
            ? `${kind === 'csv' ? 'CSV' : 'Markdown'} copied`
            : 'Clipboard unavailable: downloaded instead',
        ),
      (e: unknown) => setMessage(e instanceof Error ? e.message : String(e)),
    );
  };
  return (
    <section className="table-frame" aria-label={caption}>
      <header className="chart-frame-header">
        <h2>{caption}</h2>
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
        </div>
      </header>
      <div className="table-scroll">
        <table className="data-table" data-testid={testId}>
          <thead>
            <tr>
              {columns.map((c) => {
                const dir = sort?.key === c.key ? sort.dir : null;
                return (
                  <th
                    key={c.key}
                    scope="col"
                    className={c.numeric ? 'num' : undefined}
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
                className={`${r.depth > 0 ? 'child' : ''}${r.manual ? ' manual' : ''}${onRowClick ? ' clickable' : ''}`}
                onClick={onRowClick ? () => onRowClick(r.id) : undefined}
              >
                {columns.map((c, i) => (
                  <td key={c.key} className={c.numeric ? 'num' : undefined}>
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
