// Import controls and feedback: the file/folder pickers (plus native dialogs under Electron), the
// progress bar (indeterminate until the core reports files and bytes) and the end-of-import report.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ImportReport } from '../../shared/model';
import { formatBytes } from '../../shared/format';
import { importAccept } from '../../shared/import-formats';
import type { ImportState, PickedFile } from './use-import';
import { pickedFromInput } from './use-import';

export interface ImportButtonsProps {
  onFiles(files: PickedFile[]): void;
  openImportDialog: ((kind: 'files' | 'folder') => Promise<void>) | null;
  busy: boolean;
  compact?: boolean;
}

const ACCEPT = `${importAccept()},text/plain,application/json`;

/** A button-styled label around a hidden multi-file input; hands over what was picked, then clears it. */
function FilePicker({
  primary = false,
  busy,
  onFiles,
  testId,
  accept,
  ariaLabel,
  directory = false,
  children,
}: {
  primary?: boolean;
  busy: boolean;
  onFiles(files: PickedFile[]): void;
  testId?: string;
  accept?: string;
  ariaLabel?: string;
  /** Let the browser picker choose a whole folder (a repo clone). */
  directory?: boolean;
  children: ReactNode;
}) {
  const inputRef = useRef<HTMLInputElement | null>(null);
  useEffect(() => {
    // Not in React's attribute list, so set by hand.
    if (directory) inputRef.current?.setAttribute('webkitdirectory', '');
  }, [directory]);
  return (
    <label className={`button${primary ? ' primary' : ''}${busy ? ' disabled' : ''}`}>
      <input
        ref={inputRef}
        type="file"
        multiple
        className="visually-hidden"
        data-testid={testId}
        aria-label={ariaLabel}
        accept={accept}
        disabled={busy}
        onChange={(e) => {
          const files = pickedFromInput(e.target.files);
          e.target.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
      {children}
    </label>
  );
}

export function ImportButtons({ onFiles, openImportDialog, busy, compact = false }: ImportButtonsProps) {
  return (
    <div className={`import-buttons${compact ? ' compact' : ''}`}>
      <FilePicker primary busy={busy} onFiles={onFiles} testId="import-input" accept={ACCEPT}>
        Import files…
      </FilePicker>
      <FilePicker busy={busy} onFiles={onFiles} directory ariaLabel="Import a folder">
        Import folder…
      </FilePicker>
      {openImportDialog && !compact
        ? (['files', 'folder'] as const).map((kind) => (
            <button
              key={kind}
              type="button"
              className="button"
              disabled={busy}
              onClick={() => void openImportDialog(kind)}
            >
              {kind === 'files' ? 'Native file dialog…' : 'Native folder dialog…'}
            </button>
          ))
        : null}
    </div>
  );
}

export function ImportProgress({ state, onCancel }: { state: ImportState; onCancel?: () => void }) {
  const p = state.progress;
  const running = state.status === 'reading' || state.status === 'uploading';
  const external = state.status === 'idle' && p != null && p.filesDone < p.filesTotal;
  if (!running && !external) return null;
  const determinate = p != null && p.bytesTotal > 0;
  const fraction = determinate && p ? Math.min(1, p.bytesDone / p.bytesTotal) : 0;
  const label =
    state.status === 'reading'
      ? `Reading ${state.filesPicked} file${state.filesPicked === 1 ? '' : 's'} (${formatBytes(state.bytesPicked)})…`
      : p
        ? `Importing file ${Math.min(p.filesDone + 1, p.filesTotal)} of ${p.filesTotal} · ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}${p.file ? ` · ${p.file}` : ''}`
        : `Uploading ${state.filesPicked} file${state.filesPicked === 1 ? '' : 's'} (${formatBytes(state.bytesPicked)})…`;
  return (
    <div className="import-progress" data-testid="import-progress" role="status" aria-live="polite">
      <div className="progress-head">
        <div className="progress-label">{label}</div>
        {onCancel && state.status === 'uploading' ? (
          <button type="button" className="button small" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
      <div
        className={`progress-track${determinate ? '' : ' indeterminate'}`}
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={determinate ? Math.round(fraction * 100) : undefined}
      >
        <div
          className="progress-fill"
          style={determinate ? { width: `${(fraction * 100).toFixed(1)}%` } : undefined}
        />
      </div>
    </div>
  );
}

function ReportList({
  title,
  items,
  tone,
}: {
  title: string;
  items: { key: string; text: string }[];
  tone: string;
}) {
  if (items.length === 0) return null;
  return (
    <details className={`report-group ${tone}`} open={tone !== 'unchanged'}>
      <summary>
        {title} <span className="count">{items.length}</span>
      </summary>
      <ul>
        {items.slice(0, 200).map((i) => (
          <li key={i.key}>{i.text}</li>
        ))}
        {items.length > 200 ? <li>… and {items.length - 200} more</li> : null}
      </ul>
    </details>
  );
}

export function ImportReportView({
  report,
  error,
  onDismiss,
}: {
  report: ImportReport | null;
  error: string | null;
  onDismiss(): void;
}) {
  if (!report && !error) return null;
  const r = report ?? { imported: [], unchanged: [], skipped: [], errors: [] };
  return (
    <section className="import-report" data-testid="import-report" aria-label="Import report">
      <header>
        <h2>Import report</h2>
        <p>
          {r.imported.length} imported · {r.unchanged.length} unchanged · {r.skipped.length} skipped ·{' '}
          {r.errors.length} failed
        </p>
        <button type="button" className="button small" onClick={onDismiss} aria-label="Dismiss import report">
          Dismiss
        </button>
      </header>
      {error ? <p className="error">Import failed: {error}</p> : null}
      <ReportList
        title="Imported"
        tone="imported"
        items={r.imported.map((i, n) => ({ key: `i${n}`, text: `${i.name} (${i.kind}) ← ${i.file}` }))}
      />
      <ReportList
        title="Cut to fit size limits (rest imported)"
        tone="skipped"
        items={r.imported.flatMap((i, n) =>
          (i.limits ?? []).map((l, k) => ({ key: `l${n}-${k}`, text: `${i.file}: ${l}` })),
        )}
      />
      <ReportList
        title="Published figures attached"
        tone="imported"
        items={(r.attached ?? []).map((i, n) => ({
          key: `f${n}`,
          text: `${i.file} → bundle ${i.bundle ?? '(none)'}`,
        }))}
      />
      <ReportList
        title="Unchanged (already imported)"
        tone="unchanged"
        items={r.unchanged.map((i, n) => ({ key: `u${n}`, text: i.file }))}
      />
      <ReportList
        title="Skipped"
        tone="skipped"
        items={r.skipped.map((i, n) => ({ key: `s${n}`, text: `${i.file}: ${i.reason}` }))}
      />
      <ReportList
        title="Failed"
        tone="failed"
        items={r.errors.map((i, n) => ({
          key: `e${n}`,
          text: `${i.file}${i.line != null ? `:${i.line}` : ''}: ${i.message}`,
        }))}
      />
    </section>
  );
}

export function GithubImport({
  onImport,
  busy,
}: {
  onImport(repo: string, ref: string): void;
  busy: boolean;
}) {
  const [repo, setRepo] = useState('anyscale/ray-serve-llm-perf-examples');
  const [ref, setRef] = useState('main');
  const valid = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/.test(repo) && /^[\w./-]{1,200}$/.test(ref);
  return (
    <form
      className="github-import"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) onImport(repo, ref);
      }}
    >
      <label>
        GitHub repository
        <input
          value={repo}
          onChange={(e) => setRepo(e.target.value)}
          aria-invalid={!valid}
          spellCheck={false}
        />
      </label>
      <label>
        Branch or tag
        <input value={ref} onChange={(e) => setRef(e.target.value)} className="ref" spellCheck={false} />
      </label>
      <button type="submit" className="button" disabled={busy || !valid}>
        Download and import
      </button>
    </form>
  );
}
