// The library's data: the first page for the current filter (with its facet counts) from the core,
// further pages as the list scrolls near its end. The core filters, orders and counts in SQL, so a
// keystroke costs one small query; answers for an older filter or data version are dropped.
import { useEffect, useRef, useState } from 'react';
import type { LibraryFacets, SnapshotSummary } from '../../shared/model';
import type { Client } from '../api/client';
import { libraryQuery, type LibraryFilter } from '../model/library';

/** Rows per request: a few screens of the list. */
export const LIBRARY_PAGE_ROWS = 200;

export interface LibraryData {
  /** Rows loaded so far for the current filter, in library order; null before the first answer. */
  rows: SnapshotSummary[] | null;
  /** Counts for the current filter (total matching, per kind, per model). */
  facets: LibraryFacets | null;
  /** True once every matching row is loaded. */
  complete: boolean;
  error: string | null;
  /** Every row loaded since the app started (latest summary per id), for the selection. */
  seen: ReadonlyMap<number, SnapshotSummary>;
  /** Asks for the next page (no-op while one is on its way or when complete). */
  loadMore(): void;
}

interface State {
  key: string;
  rows: SnapshotSummary[] | null;
  facets: LibraryFacets | null;
  error: string | null;
  seen: ReadonlyMap<number, SnapshotSummary>;
}

function remember(
  seen: ReadonlyMap<number, SnapshotSummary>,
  rows: readonly SnapshotSummary[],
): ReadonlyMap<number, SnapshotSummary> {
  const next = new Map(seen);
  for (const r of rows) next.set(r.id, r);
  return next;
}

export function useLibrary(client: Client, filter: LibraryFilter, version: number): LibraryData {
  const query = libraryQuery(filter);
  const key = `${version}:${JSON.stringify(query)}`;
  const [state, setState] = useState<State>({
    key: '',
    rows: null,
    facets: null,
    error: null,
    seen: new Map(),
  });
  const loadingMore = useRef<string | null>(null);
  const current = useRef(key);
  useEffect(() => {
    current.current = key;
  });
  const queryJson = JSON.stringify(query);

  useEffect(() => {
    let live = true;
    const q = JSON.parse(queryJson) as ReturnType<typeof libraryQuery>;
    client.api.libraryPage({ ...q, limit: LIBRARY_PAGE_ROWS }).then(
      (page) => {
        if (live)
          setState((s) => ({
            key,
            rows: page.snapshots,
            facets: page.facets,
            error: null,
            seen: remember(s.seen, page.snapshots),
          }));
      },
      (e: unknown) => {
        if (live) setState((s) => ({ ...s, key, error: e instanceof Error ? e.message : String(e) }));
      },
    );
    return () => {
      live = false;
    };
  }, [client, key, queryJson]);

  const rows = state.rows;
  const total = state.facets?.total ?? 0;
  const complete = rows != null && state.key === key && rows.length >= total;

  const loadMore = () => {
    if (complete || rows == null || state.key !== key || loadingMore.current === key) return;
    loadingMore.current = key;
    const offset = rows.length;
    const q = JSON.parse(queryJson) as ReturnType<typeof libraryQuery>;
    client.api.listSnapshots({ ...q, limit: LIBRARY_PAGE_ROWS, offset }).then(
      (more) => {
        loadingMore.current = null;
        if (current.current !== key) return;
        setState((s) =>
          s.key === key && s.rows && s.rows.length === offset
            ? { ...s, rows: s.rows.concat(more), seen: remember(s.seen, more) }
            : s,
        );
      },
      (e: unknown) => {
        loadingMore.current = null;
        if (current.current === key)
          setState((s) => ({ ...s, error: e instanceof Error ? e.message : String(e) }));
      },
    );
  };

  return { rows, facets: state.facets, complete, error: state.error, seen: state.seen, loadMore };
}
