// "Export report…": asks the core for the self-contained HTML report of what the view shows (the same
// as `benchlens report`) and saves it as a download (Electron offers its save dialog). Errors show inline.
import { useState } from 'react';
import type { Input } from '../../shared/contract';
import type { Client } from '../api/client';
import { downloadBlob } from '../download';

export function ExportReportButton({ client, request }: { client: Client; request: Input<'exportReport'> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = (): void => {
    setBusy(true);
    setError(null);
    client.api
      .exportReport(request)
      .then((out) => downloadBlob(new Blob([out.html], { type: `${out.mime};charset=utf-8` }), out.fileName))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };
  return (
    <>
      <button
        type="button"
        className="button"
        onClick={save}
        disabled={busy}
        aria-busy={busy}
        data-testid="export-report"
        title="One HTML file with the figures, tables, sources and provenance; opens offline and prints"
      >
        {busy ? 'Exporting…' : 'Export report…'}
      </button>
      {error ? (
        <span className="error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}
