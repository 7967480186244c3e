// The BenchLens renderer shell: header (import, theme), the library on the left, and the main view
// (empty state, single snapshot or comparison). Owns selection, rank mode and the data version that
// core events bump; marks the document ready once the first snapshot list has loaded.
import { useCallback, useEffect, useState } from 'react';
import type { RankMode, SnapshotSummary } from '../shared/model';
import type { Client } from './api/client';
import { EmptyState } from './components/EmptyState';
import { ImportButtons, ImportProgress, ImportReportView } from './components/ImportPanel';
import { Library } from './components/Library';
import { StartupView } from './components/StartupView';
import { filesFromDataTransfer, useImport } from './components/use-import';
import { useTheme, type ThemeChoice } from './theme';

interface Selection {
  baseline: number | null;
  candidate: number | null;
}

export function App({ client }: { client: Client }) {
  const [snapshots, setSnapshots] = useState<SnapshotSummary[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [sel, setSel] = useState<Selection>({ baseline: null, candidate: null });
  const [picking, setPicking] = useState(false);
  const [ranks, setRanks] = useState<RankMode>('slowest');
  const [dragging, setDragging] = useState(false);
  const [theme, setTheme] = useTheme();

  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  const imp = useImport(client, refresh);
  const importFiles = imp.importFiles;

  useEffect(() => {
    let live = true;
    client.api.listSnapshots({}).then(
      (list) => {
        if (!live) return;
        setSnapshots(list);
        setListError(null);
        document.body.dataset.ready = 'true';
      },
      (e: unknown) => {
        if (live) setListError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      live = false;
    };
  }, [client, version]);

  useEffect(
    () =>
      client.subscribe((event) => {
        if (event === 'snapshotsChanged') refresh();
      }),
    [client, refresh],
  );

  // Drag and drop of files or folders anywhere on the window.
  useEffect(() => {
    const hasFiles = (e: DragEvent): boolean => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const over = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    };
    const leave = (e: DragEvent): void => {
      if (e.relatedTarget == null) setDragging(false);
    };
    const drop = (e: DragEvent): void => {
      if (!hasFiles(e) || !e.dataTransfer) return;
      e.preventDefault();
      setDragging(false);
      filesFromDataTransfer(e.dataTransfer).then(
        (files) => {
          if (files.length > 0) void importFiles(files);
        },
        () => setDragging(false),
      );
    };
    window.addEventListener('dragenter', over);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', over);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [importFiles]);

  const known = (id: number | null): number | null =>
    id != null && snapshots?.some((s) => s.id === id) ? id : null;
  const baselineId = known(sel.baseline);
  const candidateId = baselineId != null ? known(sel.candidate) : null;

  const pick = (id: number, compare: boolean): void => {
    if ((compare || picking) && baselineId != null && baselineId !== id) {
      setSel({ baseline: baselineId, candidate: id });
    } else if (!(compare && baselineId === id)) {
      setSel({ baseline: id, candidate: null });
    }
    setPicking(false);
  };

  const busy = imp.state.status === 'reading' || imp.state.status === 'uploading';
  const dialogs = client.openImportDialog
    ? (kind: 'files' | 'folder') => client.openImportDialog?.(kind).then(refresh) ?? Promise.resolve()
    : null;

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <svg width={20} height={20} viewBox="0 0 20 20" aria-hidden="true">
            <rect x={2} y={4} width={9} height={3} rx={1} fill="#0072B2" />
            <rect x={6} y={9} width={11} height={3} rx={1} fill="#E69F00" />
            <rect x={4} y={14} width={6} height={3} rx={1} fill="#009E73" />
          </svg>
          <span>BenchLens</span>
        </div>
        <ImportButtons onFiles={(f) => void importFiles(f)} openImportDialog={dialogs} busy={busy} compact />
        <label className="inline theme-picker">
          Theme
          <select
            aria-label="Theme"
            data-testid="theme-select"
            value={theme}
            onChange={(e) => setTheme(e.target.value as ThemeChoice)}
          >
            <option value="system">System</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
      </header>
      <Library
        snapshots={snapshots}
        baselineId={baselineId}
        candidateId={candidateId}
        picking={picking}
        error={listError}
        onPick={pick}
      />
      <main className="main" id="main">
        <ImportProgress state={imp.state} onCancel={imp.cancel} />
        <ImportReportView report={imp.state.report} error={imp.state.error} onDismiss={imp.dismiss} />
        {listError ? (
          <p className="error" role="alert">
            Could not load the library: {listError}
          </p>
        ) : null}
        {snapshots == null ? (
          listError ? null : (
            <div className="startup-view" aria-busy="true">
              <div className="skeleton-block" style={{ height: 56 }} />
              <div className="skeleton-block" style={{ height: 420 }} />
            </div>
          )
        ) : snapshots.length === 0 ? (
          <EmptyState
            onFiles={(f) => void importFiles(f)}
            onGithub={(repo, ref) => void imp.importGithub(repo, ref)}
            openImportDialog={dialogs}
            busy={busy}
          />
        ) : baselineId == null ? (
          <section className="pick-hint">
            <h1>Pick a snapshot</h1>
            <p>
              Select a snapshot in the library to see its startup waterfall. Ctrl/⌘-click a second one (or use
              “Compare with…”) to compare them, the first being the baseline. Arrow keys move through the
              list, Enter selects, Ctrl/Shift+Enter compares.
            </p>
          </section>
        ) : (
          <StartupView
            client={client}
            baselineId={baselineId}
            candidateId={candidateId}
            ranks={ranks}
            version={version}
            onRanks={setRanks}
            onSwap={() => setSel({ baseline: candidateId, candidate: baselineId })}
            onCompareWith={() => setPicking(!picking)}
            onClearCandidate={() => setSel({ baseline: baselineId, candidate: null })}
            onChanged={refresh}
            picking={picking}
          />
        )}
      </main>
      {dragging ? (
        <div className="drop-overlay" aria-hidden="true">
          <div>Drop logs, result JSON or a folder to import</div>
        </div>
      ) : null}
    </div>
  );
}
