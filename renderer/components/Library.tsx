// The library (left column): snapshots grouped by bundle, search-as-you-type, kind and model filters,
// a virtualised list with keyboard navigation over pages the core answers from SQL (use-library.ts):
// the next page loads as the list nears its end, so the first rows come as fast at 100k snapshots as
// at 100. Click selects; ctrl/cmd-click (or ctrl/shift+Enter) adds a snapshot to compare against the
// first; shift-click adds the range of loaded rows between the active row and the clicked one.
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
} from 'react';
import type { SnapshotKind } from '../../shared/model';
import type { Meta } from '../../shared/model';
import { formatSeconds, formatTick } from '../../shared/format';
import { groupPage, keyAttributes, type LibraryFilter } from '../model/library';
import type { LibraryData } from './use-library';
import { seriesColor } from '../../shared/serving';
import { textOn } from '../../figures/colors';
import { KindIcon } from './Icons';

export interface LibraryProps {
  /** The loaded pages, counts and the next-page request (useLibrary). */
  data: LibraryData;
  filter: LibraryFilter;
  onFilter(filter: LibraryFilter): void;
  baselineId: number | null;
  /** Candidates in order (a startup comparison has one; serving overlays may have several). */
  candidateIds: readonly number[];
  /** "Compare with…" mode: the next pick becomes the candidate. */
  picking: boolean;
  /** Set when the list could not be loaded: replaces the loading skeleton. */
  error?: string | null;
  onPick(id: number, compare: boolean): void;
  /** Shift-click: the snapshots from the active row to the clicked one, in list order. */
  onPickRange?(ids: number[]): void;
  /** Shown under the filters while several snapshots are selected (e.g. "Compare N"). */
  selectionBar?: ReactNode;
  /** Tools for the model chosen in the filter (merge, split: ModelIdentity). */
  modelTools?(model: string): ReactNode;
}

const HEADER_PX = 30;
const ROLE_LETTERS = 'ABCDEFGHIJ';
const ITEM_PX = 68;

/** Rows from the end of the loaded list at which the next page is asked for. */
const LOAD_AHEAD_ROWS = 40;

export function Library({
  data,
  filter,
  onFilter,
  baselineId,
  candidateIds,
  picking,
  error = null,
  onPick,
  onPickRange,
  selectionBar = null,
  modelTools,
}: LibraryProps) {
  const setFilter = onFilter;
  const [active, setActive] = useState<number>(-1);
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const snapshots = data.rows;
  const bundleCounts = data.facets?.bundles;
  const rows = useMemo(
    () => groupPage(snapshots ?? [], data.complete, bundleCounts),
    [snapshots, data.complete, bundleCounts],
  );
  const models = data.facets?.models ?? [];
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns fresh functions by design
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i]?.type === 'header' ? HEADER_PX : ITEM_PX),
    overscan: 10,
  });

  const itemIndexes = useMemo(() => rows.flatMap((r, i) => (r.type === 'item' ? [i] : [])), [rows]);
  const lastVisible = virtualizer.getVirtualItems().at(-1)?.index ?? -1;
  const { loadMore, complete } = data;
  useEffect(() => {
    if (!complete && rows.length > 0 && lastVisible >= rows.length - LOAD_AHEAD_ROWS) loadMore();
  }, [complete, lastVisible, loadMore, rows.length]);
  const activeIndex = itemIndexes.includes(active) ? active : -1;

  const move = (delta: number): void => {
    if (itemIndexes.length === 0) return;
    const pos = itemIndexes.indexOf(activeIndex);
    const next =
      pos < 0
        ? delta > 0
          ? itemIndexes[0]
          : itemIndexes[itemIndexes.length - 1]
        : itemIndexes[Math.min(itemIndexes.length - 1, Math.max(0, pos + delta))];
    if (next == null) return;
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        move(1);
        break;
      case 'ArrowUp':
        e.preventDefault();
        move(-1);
        break;
      case 'PageDown':
        e.preventDefault();
        move(8);
        break;
      case 'PageUp':
        e.preventDefault();
        move(-8);
        break;
      case 'Home':
        e.preventDefault();
        move(-itemIndexes.length);
        break;
      case 'End':
        e.preventDefault();
        move(itemIndexes.length);
        break;
      case 'Enter': {
        const row = rows[activeIndex];
        if (row?.type === 'item') {
          e.preventDefault();
          onPick(row.snapshot.id, e.ctrlKey || e.metaKey || e.shiftKey);
        }
        break;
      }
      default:
        break;
    }
  };

  const click = (index: number, id: number) => (e: MouseEvent<HTMLDivElement>) => {
    setActive(index);
    if (e.shiftKey && onPickRange && activeIndex >= 0 && activeIndex !== index) {
      const [lo, hi] = activeIndex < index ? [activeIndex, index] : [index, activeIndex];
      onPickRange(rows.slice(lo, hi + 1).flatMap((r) => (r.type === 'item' ? [r.snapshot.id] : [])));
      return;
    }
    onPick(id, e.ctrlKey || e.metaKey || e.shiftKey);
  };

  const activeRow = rows[activeIndex];
  const loading = snapshots == null;
  const filtered = filter.query.trim() !== '' || filter.kind !== 'all' || filter.model !== 'all';
  return (
    <nav className="library" data-testid="library" aria-label="Snapshot library">
      <div className="library-filters">
        <input
          type="search"
          className="search"
          placeholder="Search name, model, TP, load format…"
          aria-label="Search snapshots"
          value={filter.query}
          onChange={(e) => setFilter({ ...filter, query: e.target.value })}
        />
        <div className="filter-row">
          <select
            aria-label="Kind"
            value={filter.kind}
            onChange={(e) => setFilter({ ...filter, kind: e.target.value as SnapshotKind | 'all' })}
          >
            <option value="all">All kinds</option>
            <option value="startup">Startup</option>
            <option value="serving">Serving</option>
          </select>
          <select
            aria-label="Model"
            value={filter.model}
            onChange={(e) => setFilter({ ...filter, model: e.target.value })}
          >
            <option value="all">All models</option>
            {models.map((m) => (
              <option key={m.model} value={m.model}>
                {m.model} ({m.count.toLocaleString()})
              </option>
            ))}
          </select>
        </div>
        {filter.model !== 'all' && modelTools ? modelTools(filter.model) : null}
        <p className="library-hint" aria-live="polite">
          {picking
            ? 'Pick the snapshot to compare with the baseline.'
            : loading
              ? 'Loading…'
              : data.facets == null
                ? 'Counting…'
                : `${data.facets.total.toLocaleString()} snapshot${data.facets.total === 1 ? '' : 's'}${filtered ? ' match' : ''} · ctrl/⌘- or shift-click to compare`}
        </p>
        {selectionBar}
      </div>
      <div
        ref={scrollRef}
        className={`library-list${picking ? ' picking' : ''}`}
        role="listbox"
        tabIndex={0}
        aria-label="Snapshots"
        aria-activedescendant={activeRow?.type === 'item' ? `lib-${activeRow.snapshot.id}` : undefined}
        onKeyDown={onKeyDown}
      >
        {loading && error ? (
          <p className="error library-error">The library could not be loaded.</p>
        ) : loading ? (
          <div className="library-skeleton" aria-hidden="true">
            {Array.from({ length: 8 }, (_, i) => (
              <div key={i} className="skeleton-row" />
            ))}
          </div>
        ) : rows.length === 0 &&
          (filter.query.trim() !== '' || filter.kind !== 'all' || filter.model !== 'all') ? (
          <p className="library-empty" data-testid="no-matches">
            No matches.{' '}
            <button
              type="button"
              className="button small"
              onClick={() => setFilter({ query: '', kind: 'all', model: 'all' })}
            >
              Clear filters
            </button>
          </p>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
            {virtualizer.getVirtualItems().map((v) => {
              const row = rows[v.index];
              if (!row) return null;
              const style = {
                position: 'absolute' as const,
                top: 0,
                left: 0,
                right: 0,
                height: v.size,
                transform: `translateY(${v.start}px)`,
              };
              if (row.type === 'header') {
                return (
                  <div key={row.key} className="library-group" role="presentation" style={style}>
                    <span>{row.bundle}</span>
                    <span className="count">
                      {row.count}
                      {row.more ? '+' : ''}
                    </span>
                  </div>
                );
              }
              const s = row.snapshot;
              const candidateIndex = candidateIds.indexOf(s.id);
              const role = s.id === baselineId ? 'baseline' : candidateIndex >= 0 ? 'candidate' : null;
              const letter = role === 'baseline' ? 'A' : (ROLE_LETTERS[candidateIndex + 1] ?? '+');
              const attrs = keyAttributes({ ...s.attributes, ...s.meta });
              return (
                <div
                  key={row.key}
                  id={`lib-${s.id}`}
                  role="option"
                  aria-selected={role != null}
                  data-testid="library-row"
                  data-name={s.name}
                  data-kind={s.kind}
                  className={`library-row${role ? ` is-${role}` : ''}${v.index === activeIndex ? ' is-active' : ''}`}
                  style={style}
                  onClick={click(v.index, s.id)}
                  onMouseDown={(e) => {
                    // shift-click picks a range: keep the browser from selecting the rows' text
                    if (e.shiftKey) e.preventDefault();
                  }}
                >
                  <div className="row-top">
                    <KindIcon kind={s.kind} />
                    <span className="row-name" title={s.sourcePath}>
                      {s.name}
                    </span>
                    {role ? (
                      <span
                        className={`role-badge ${role}`}
                        style={
                          s.kind === 'serving'
                            ? badgeStyle(seriesColor(role === 'baseline' ? 0 : candidateIndex + 1))
                            : undefined
                        }
                      >
                        {letter}
                      </span>
                    ) : null}
                    <span
                      className="row-total"
                      title={
                        (s.manualCount ?? 0) > 0
                          ? `includes ${s.manualCount} manual value(s); measured from the log: ${formatSeconds(s.measuredTotalS ?? null)}`
                          : undefined
                      }
                    >
                      {s.kind === 'startup' ? formatSeconds(s.totalS) : peakText(s.meta)}
                      {(s.manualCount ?? 0) > 0 ? <span className="manual-tag">manual</span> : null}
                      {s.kind === 'startup' && s.meta['startupStatus'] === 'failed' ? (
                        <span
                          className="manual-tag status-failed"
                          data-testid="failed-tag"
                          title="the start-up failed: the total runs to the failure"
                        >
                          failed
                        </span>
                      ) : s.kind === 'startup' && s.meta['startupStatus'] === 'partial' ? (
                        <span
                          className="manual-tag"
                          data-testid="partial-tag"
                          title="an excerpt: the total is the span the log covers"
                        >
                          partial
                        </span>
                      ) : null}
                    </span>
                  </div>
                  <div className="row-model">{s.model ?? 'unknown model'}</div>
                  <div className="chips">
                    {attrs.map((a) => (
                      <span
                        key={a}
                        className={`chip${a === 'cache hit' ? ' hit' : a === 'cache miss' ? ' miss' : ''}`}
                      >
                        {a}
                      </span>
                    ))}
                  </div>
                </div>
              );
            })}
          </div>
        )}
      </div>
    </nav>
  );
}

/** Peak output throughput of a serving row: "4.32k tok/s". */
function peakText(meta: Meta): string {
  const v = meta['peakOutputTokS'];
  return typeof v === 'number' && Number.isFinite(v)
    ? `${formatTick(Number(v.toPrecision(3)))} tok/s`
    : 'serving';
}

/** Serving rows wear their curve's colour, so the library matches the chart legend. */
function badgeStyle(color: string): { background: string; color: string } {
  return { background: color, color: textOn(color) };
}
