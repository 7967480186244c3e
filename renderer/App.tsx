// The BenchLens renderer shell: header (import, theme), the library on the left, and the main view
// (empty state, single snapshot or comparison). Owns selection, rank mode and the data version that
// core events bump; marks the document ready once the first library page has loaded. The library
// comes one page at a time (useLibrary); summaries of rows seen are kept for the selection.
import { useCallback, useEffect, useState } from 'react';
import type { EventPayload } from '../shared/contract';
import type { RankMode, SnapshotSummary } from '../shared/model';
import type { Client } from './api/client';
import { EmptyState } from './components/EmptyState';
import { ImportButtons, ImportProgress, ImportReportView } from './components/ImportPanel';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Library } from './components/Library';
import { changeNeedsRefresh, useLibrary } from './components/use-library';
import type { LibraryFilter } from './model/library';
import { ServingView } from './components/ServingView';
import { StartupGroupsView } from './components/StartupGroupsView';
import { StartupView } from './components/StartupView';
import { ViewSkeleton } from './components/ViewSkeleton';
import { Toasts, watchToast, type ToastItem } from './components/Toasts';
import { deletedToast, type DeletedSnapshot } from './components/SnapshotActions';
import { ModelIdentity } from './components/ModelIdentity';
import { WatchFolders } from './components/WatchFolders';
import { filesFromDataTransfer, useImport } from './components/use-import';
import { useTheme, type ThemeChoice } from './theme';

interface Selection {
  baseline: number | null;
  /** One start-up candidate: side by side; two or more: the N-way view; serving overlays them all. */
  candidates: number[];
}

export function App({ client }: { client: Client }) {
  const [version, setVersion] = useState(0);
  const [filter, setFilter] = useState<LibraryFilter>({ query: '', kind: 'all', model: 'all' });
  const library = useLibrary(client, filter, version);
  const listError = library.error;
  const snapshots = library.rows;
  const filtered = filter.query.trim() !== '' || filter.kind !== 'all' || filter.model !== 'all';
  const empty = snapshots != null && !filtered && snapshots.length === 0;
  // snapshots found gone (deleted) while selected
  const [gone, setGone] = useState<ReadonlySet<number>>(new Set());
  const [sel, setSel] = useState<Selection>({ baseline: null, candidates: [] });
  const [picking, setPicking] = useState(false);
  const [ranks, setRanks] = useState<RankMode>('slowest');
  const [dragging, setDragging] = useState(false);
  const [theme, setTheme] = useTheme();

  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  const imp = useImport(client, refresh);
  const importFiles = imp.importFiles;

  useEffect(() => {
    if (snapshots != null) document.body.dataset.ready = 'true';
  }, [snapshots]);

  // after a change (a deletion), a selected snapshot that is gone leaves the selection
  const selKey = [sel.baseline, ...sel.candidates].join(',');
  useEffect(() => {
    let live = true;
    const ids = selKey
      .split(',')
      .filter((x) => x !== '')
      .map(Number);
    for (const id of ids) {
      client.api.getSnapshot({ snapshot: id }).then(
        () => {
          // an id SQLite gave again to a new snapshot
          if (live) setGone((prev) => (prev.has(id) ? new Set([...prev].filter((g) => g !== id)) : prev));
        },
        () => {
          if (live) setGone((prev) => new Set(prev).add(id));
        },
      );
    }
    return () => {
      live = false;
    };
  }, [client, version, selKey]);

  const [toasts, setToasts] = useState<ToastItem[]>([]);
  useEffect(
    () =>
      client.subscribe((event, payload) => {
        if (event === 'snapshotsChanged' && changeNeedsRefresh(payload as EventPayload<'snapshotsChanged'>))
          refresh();
        if (event === 'watchReport') {
          const toast = watchToast(payload as EventPayload<'watchReport'>);
          setToasts((list) => [...list.slice(-3), toast]);
          refresh();
        }
      }),
    [client, refresh],
  );
  const dismissToast = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const pushToast = useCallback((t: ToastItem) => setToasts((list) => [...list.slice(-3), t]), []);
  // Undo of a delete: the core keeps the deleted rows and restores them exactly (SnapshotActions.tsx)
  const onDeleted = useCallback(
    (deleted: DeletedSnapshot) => pushToast(deletedToast(deleted, client, pushToast, refresh)),
    [client, pushToast, refresh],
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

  const summary = (id: number | null): SnapshotSummary | null =>
    id == null || gone.has(id) ? null : (library.seen.get(id) ?? null);
  const baselineSummary = summary(sel.baseline);
  const baselineId = baselineSummary?.id ?? null;
  const candidateIds =
    baselineId != null ? sel.candidates.filter((id) => id !== baselineId && summary(id) != null) : [];
  const candidateId = candidateIds[0] ?? null;
  const serving = baselineSummary?.kind === 'serving';

  const pick = (id: number, compare: boolean): void => {
    if ((compare || picking) && baselineId != null && baselineId !== id) {
      // Ctrl-click adds (or removes) a snapshot of the baseline's kind; another kind replaces the pair.
      const same = summary(id)?.kind === baselineSummary?.kind;
      if (same && candidateIds.includes(id) && !picking) {
        setSel({ baseline: baselineId, candidates: candidateIds.filter((c) => c !== id) });
      } else if (same) {
        setSel({ baseline: baselineId, candidates: [...candidateIds.filter((c) => c !== id), id] });
      } else {
        setSel({ baseline: baselineId, candidates: [id] });
      }
    } else if (compare && baselineId === id && candidateIds.length > 0) {
      // Ctrl-click on the baseline drops it; the next selected snapshot becomes the baseline.
      setSel({ baseline: candidateIds[0] ?? null, candidates: candidateIds.slice(1) });
    } else if (!(compare && baselineId === id)) {
      setSel({ baseline: id, candidates: [] });
    }
    setPicking(false);
  };
  /** Shift-click: every snapshot of the range joins the selection (those of the baseline's kind). */
  const pickRange = (ids: readonly number[]): void => {
    const kind = baselineSummary?.kind ?? summary(ids[0] ?? null)?.kind;
    const same = ids.filter((id) => summary(id)?.kind === kind);
    const base = baselineId ?? same[0] ?? null;
    if (base == null) return;
    const added = same.filter((id) => id !== base && !candidateIds.includes(id));
    setSel({ baseline: base, candidates: [...candidateIds, ...added] });
    setPicking(false);
  };
  const selectedCount = baselineId != null ? 1 + candidateIds.length : 0;
  const showComparison = (): void => {
    const heading = document.querySelector<HTMLElement>('#main h1');
    heading?.scrollIntoView({ block: 'start' });
    heading?.focus({ preventScroll: true });
  };
  const servingIds = [baselineId, ...candidateIds].filter(
    (id): id is number => id != null && summary(id)?.kind === 'serving',
  );
  const ignored = candidateIds
    .map(summary)
    .filter((s): s is SnapshotSummary => s != null && s.kind !== 'serving');

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
        <WatchFolders client={client} />
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
        data={library}
        filter={filter}
        onFilter={setFilter}
        baselineId={baselineId}
        candidateIds={candidateIds}
        picking={picking}
        error={listError}
        onPick={pick}
        onPickRange={pickRange}
        modelTools={(model) => (
          <ModelIdentity
            client={client}
            model={model}
            version={version}
            onChanged={refresh}
            onModel={(m) => setFilter((f) => ({ ...f, model: m }))}
            onNotice={pushToast}
          />
        )}
        selectionBar={
          selectedCount >= 2 ? (
            <div className="selection-bar" data-testid="selection-bar">
              <button
                type="button"
                className="button small primary"
                data-testid="compare-n"
                title="The selected snapshots are compared in the main view"
                onClick={showComparison}
              >
                Compare {selectedCount}
              </button>
              <button
                type="button"
                className="button small"
                onClick={() => setSel({ baseline: baselineId, candidates: [] })}
              >
                Clear
              </button>
            </div>
          ) : null
        }
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
            <ViewSkeleton heights={[56, 420]} />
          )
        ) : empty ? (
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
              “Compare with…”) to compare them, the first being the baseline; three or more start-ups are
              compared as grouped bars by model (shift-click adds a range). Arrow keys move through the list,
              Enter selects, Ctrl/Shift+Enter compares.
            </p>
          </section>
        ) : serving ? (
          <ErrorBoundary what="the serving view" resetKey={[baselineId, ...candidateIds].join(',')}>
            <ServingView
              client={client}
              ids={servingIds}
              version={version}
              picking={picking}
              ignored={ignored}
              onCompareWith={() => setPicking(!picking)}
              onMakeBaseline={(id) =>
                setSel({ baseline: id, candidates: [baselineId, ...candidateIds.filter((c) => c !== id)] })
              }
              onRemove={(id) =>
                setSel({ baseline: baselineId, candidates: candidateIds.filter((c) => c !== id) })
              }
              onChanged={refresh}
              onDeleted={onDeleted}
            />
          </ErrorBoundary>
        ) : candidateIds.length >= 2 ? (
          <ErrorBoundary what="the start-up comparison" resetKey={[baselineId, ...candidateIds].join(',')}>
            <StartupGroupsView
              client={client}
              ids={[baselineId, ...candidateIds]}
              ranks={ranks}
              version={version}
              picking={picking}
              onRanks={setRanks}
              onCompareWith={() => setPicking(!picking)}
              onRemove={(id) =>
                id === baselineId
                  ? setSel({ baseline: candidateIds[0] ?? null, candidates: candidateIds.slice(1) })
                  : setSel({ baseline: baselineId, candidates: candidateIds.filter((c) => c !== id) })
              }
            />
          </ErrorBoundary>
        ) : (
          <ErrorBoundary what="the start-up view" resetKey={`${baselineId}:${candidateId ?? ''}`}>
            <StartupView
              client={client}
              baselineId={baselineId}
              candidateId={candidateId}
              ranks={ranks}
              version={version}
              onRanks={setRanks}
              onSwap={() => setSel({ baseline: candidateId, candidates: [baselineId] })}
              onCompareWith={() => setPicking(!picking)}
              onClearCandidate={() => setSel({ baseline: baselineId, candidates: [] })}
              onChanged={refresh}
              onDeleted={onDeleted}
              picking={picking}
            />
          </ErrorBoundary>
        )}
      </main>
      <Toasts toasts={toasts} onDismiss={dismissToast} />
      {dragging ? (
        <div className="drop-overlay" aria-hidden="true">
          <div>Drop logs, result JSON or a folder to import</div>
        </div>
      ) : null}
    </div>
  );
}
