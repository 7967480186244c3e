// The library's data: the first page for the current filter from the core, then its counts (asked
// second, so rows show first), further pages as the list scrolls near its end. The core filters,
// orders and counts in SQL, so a keystroke costs one small query; answers for an older filter or
// data version are dropped. Deleted snapshots (named by the core's snapshotsChanged) leave the
// loaded rows at once; a change that names no snapshot needs no refresh (changeNeedsRefresh).
import { useEffect, useRef, useState } from 'react';
import type { EventPayload } from '../../shared/contract';
import type { LibraryFacets, SnapshotSummary } from '../../shared/model';
import type { Client } from '../api/client';
import { libraryQuery, type LibraryFilter } from '../model/library';

/**
 * Whether a snapshotsChanged event needs the library read again: not when it names no snapshot
 * (an import that found everything unchanged); yes when it names some, or says nothing (older cores).
 */
export function changeNeedsRefresh(change: EventPayload<'snapshotsChanged'>): boolean {
  if (change.ids === undefined && change.removed === undefined) return true;
  return (change.ids?.length ?? 0) + (change.removed?.length ?? 0) > 0;
}

/** The loaded rows without the removed ids (the same array when none of them is loaded). */
export function withoutRemoved<T extends { id: number }>(rows: T[], removed: readonly number[]): T[] {
  if (removed.length === 0) return rows;
  const gone = new Set(removed);
  return rows.some((r) => gone.has(r.id)) ? rows.filter((r) => !gone.has(r.id)) : rows;
}

/**
 * The counts wait this long after the rows: while the user types, each keystroke's page is one small
 * query, and a count over every match (80–200 ms at 100k snapshots) is asked only once typing pauses,
 * so it never holds up the next keystroke's page in the core.
 */
export const FACETS_DELAY_MS = 150;

/** Rows per request: a few screens of the list. */
export const LIBRARY_PAGE_ROWS = 100;

export interface LibraryData {
  /** Rows loaded so far for the current filter, in library order; null before the first answer. */
  rows: SnapshotSummary[] | null;
  /** Counts for the current filter (total matching, per kind, model, bundle); null while counting. */
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
  complete: boolean;
  facetsKey: string;
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

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function useLibrary(client: Client, filter: LibraryFilter, version: number): LibraryData {
  const queryJson = JSON.stringify(libraryQuery(filter));
  const key = `${version}:${queryJson}`;
  const [state, setState] = useState<State>({
    key: '',
    rows: null,
    complete: false,
    facetsKey: '',
    facets: null,
    error: null,
    seen: new Map(),
  });
  const loadingMore = useRef<string | null>(null);
  const current = useRef(key);
  useEffect(() => {
    current.current = key;
  });

  useEffect(() => {
    let live = true;
    let facetsTimer: ReturnType<typeof setTimeout> | undefined;
    const q = JSON.parse(queryJson) as ReturnType<typeof libraryQuery>;
    client.api.listSnapshots({ ...q, limit: LIBRARY_PAGE_ROWS }).then(
      (rows) => {
        if (!live) return;
        setState((s) => ({
          ...s,
          key,
          rows,
          complete: rows.length < LIBRARY_PAGE_ROWS,
          error: null,
          seen: remember(s.seen, rows),
        }));
        // the counts after the rows, once typing pauses: a filtered count may scan what the page did not
        facetsTimer = setTimeout(() => {
          client.api.libraryFacets(q).then(
            (facets) => {
              if (live) setState((s) => ({ ...s, facetsKey: key, facets }));
            },
            (e: unknown) => {
              if (live) setState((s) => ({ ...s, error: message(e) }));
            },
          );
        }, FACETS_DELAY_MS);
      },
      (e: unknown) => {
        if (live) setState((s) => ({ ...s, key, error: message(e) }));
      },
    );
    return () => {
      live = false;
      clearTimeout(facetsTimer);
    };
  }, [client, key, queryJson]);

  // a delete shows at once: its rows leave the loaded list before the page is read again
  useEffect(
    () =>
      client.subscribe((event, payload) => {
        if (event !== 'snapshotsChanged') return;
        const removed = (payload as EventPayload<'snapshotsChanged'>).removed ?? [];
        if (removed.length === 0) return;
        setState((s) => {
          const rows = s.rows && withoutRemoved(s.rows, removed);
          return rows === s.rows ? s : { ...s, rows };
        });
      }),
    [client],
  );

  const rows = state.rows;
  const complete = rows != null && state.key === key && state.complete;

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
            ? {
                ...s,
                rows: s.rows.concat(more),
                complete: more.length < LIBRARY_PAGE_ROWS,
                seen: remember(s.seen, more),
              }
            : s,
        );
      },
      (e: unknown) => {
        loadingMore.current = null;
        if (current.current === key) setState((s) => ({ ...s, error: message(e) }));
      },
    );
  };

  return {
    rows,
    facets: state.facetsKey === key ? state.facets : null,
    complete,
    error: state.error,
    seen: state.seen,
    loadMore,
  };
}
