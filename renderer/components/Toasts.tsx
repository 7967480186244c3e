// Transient notifications (top right, role=status): one per watched-folder import, saying how many
// result files landed and calling errors out, and one per deleted snapshot (with Undo when its source
// file can be imported again by path). Each dismisses itself after a while or on its ✕.
import { useEffect } from 'react';
import type { EventPayload } from '../../shared/contract';

export interface ToastItem {
  id: number;
  title: string;
  detail: string[];
  tone: 'info' | 'error';
  /** A button in the notice (Undo); clicking it runs the action and dismisses the notice. */
  action?: { label: string; title: string; run(): void };
}

/** A notice of its own: a title, detail lines, optionally an action. */
export function toast(
  title: string,
  detail: string[],
  tone: 'info' | 'error' = 'info',
  action?: ToastItem['action'],
): ToastItem {
  return { id: nextId++, title, detail, tone, ...(action ? { action } : {}) };
}

let nextId = 1;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "3 new result files imported from /data/runs", errors listed (first five). */
export function watchToast(payload: EventPayload<'watchReport'>): ToastItem {
  const { folder, report } = payload;
  const n = report.imported.length;
  const errors = report.errors.length;
  const detail: string[] = [];
  if (report.unchanged.length > 0) detail.push(`${report.unchanged.length} unchanged`);
  if (report.skipped.length > 0) detail.push(`${report.skipped.length} skipped`);
  for (const e of report.errors.slice(0, 5))
    detail.push(`✕ ${e.file}${e.line != null ? `:${e.line}` : ''}: ${e.message}`);
  if (errors > 5) detail.push(`… ${errors - 5} more errors`);
  const title =
    `${plural(n, 'new result file')} imported from ${folder}` +
    (errors > 0 ? ` · ${plural(errors, 'error')}` : '');
  return { id: nextId++, title, detail, tone: errors > 0 ? 'error' : 'info' };
}

function Toast({ toast, onDismiss }: { toast: ToastItem; onDismiss(id: number): void }) {
  useEffect(() => {
    const ms = toast.tone === 'error' || toast.action ? 20_000 : 8_000;
    const t = window.setTimeout(() => onDismiss(toast.id), ms);
    return () => window.clearTimeout(t);
  }, [toast, onDismiss]);
  return (
    <div className={`toast ${toast.tone}`} data-testid="toast">
      <div className="toast-body">
        <strong>{toast.title}</strong>
        {toast.detail.length > 0 ? (
          <ul>
            {toast.detail.map((d, i) => (
              <li key={i} className={d.startsWith('✕') ? 'error' : 'muted'}>
                {d}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {toast.action ? (
        <button
          type="button"
          className="button small primary"
          data-testid="toast-action"
          title={toast.action.title}
          onClick={() => {
            toast.action?.run();
            onDismiss(toast.id);
          }}
        >
          {toast.action.label}
        </button>
      ) : null}
      <button type="button" className="button small" aria-label="Dismiss" onClick={() => onDismiss(toast.id)}>
        ✕
      </button>
    </div>
  );
}

export function Toasts({ toasts, onDismiss }: { toasts: readonly ToastItem[]; onDismiss(id: number): void }) {
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <Toast key={t.id} toast={t} onDismiss={onDismiss} />
      ))}
    </div>
  );
}
