// Chrome Trace Event Format (JSON object form) of one or more start-up snapshots, for Perfetto UI and
// chrome://tracing. One process per snapshot; one thread per phase level and per rank with per-rank
// values; each phase an "X" event whose ts/dur are microseconds from the replica start. Pure.
import type { SnapshotDetail } from './model';
import { orderPhases } from './phase-order';
import { phaseLabel } from './phases';

interface EventBase {
  name: string;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

export interface CompleteEvent extends EventBase {
  ph: 'X';
  cat: string;
  ts: number;
  dur: number;
}

export interface InstantEvent extends EventBase {
  ph: 'i';
  cat: string;
  ts: number;
  /** Scope: thread. */
  s: 't';
}

export interface MetadataEvent extends EventBase {
  ph: 'M';
  /** As Chrome writes them: category "__metadata", timestamp 0 (some consumers require both). */
  cat: '__metadata';
  ts: 0;
  name: 'process_name' | 'process_labels' | 'process_sort_index' | 'thread_name' | 'thread_sort_index';
  args: Record<string, unknown>;
}

export type TraceEvent = CompleteEvent | InstantEvent | MetadataEvent;

export interface ChromeTrace {
  traceEvents: TraceEvent[];
  displayTimeUnit: 'ms';
  otherData: Record<string, string>;
}

/** Thread ids inside each snapshot's process. Ranks follow from RANK_TID_BASE in order of first appearance. */
export const TID = { markers: 1, phases: 2, subPhases: 3 } as const;
export const RANK_TID_BASE = 10;

/** Seconds → whole microseconds (the format's unit); rounding keeps durations exact to 1 µs. */
export const toMicros = (s: number): number => Math.round(s * 1e6);

function snapshotLabel(d: SnapshotDetail): string {
  const label = d.attributes['label'];
  return typeof label === 'string' && label !== '' && label !== d.name ? `${label} (${d.name})` : d.name;
}

/**
 * Time of a log line: the time of the nearest line at or before it whose time is known (rank messages),
 * else the replica start. Issues carry only a line, so their markers are placed this way (flagged).
 */
function lineTimeS(d: SnapshotDetail, line: number): number {
  let best: { line: number; atS: number } | null = null;
  for (const p of d.phases)
    for (const r of p.ranks)
      if (r.line !== null && r.atS !== null && r.line <= line && (!best || r.line > best.line))
        best = { line: r.line, atS: r.atS };
  return best?.atS ?? 0;
}

function snapshotEvents(d: SnapshotDetail, pid: number, out: TraceEvent[]): void {
  const meta = (name: MetadataEvent['name'], tid: number, args: Record<string, unknown>): void => {
    out.push({ ph: 'M', cat: '__metadata', name, pid, tid, ts: 0, args });
  };
  meta('process_name', 0, { name: snapshotLabel(d) });
  meta('process_sort_index', 0, { sort_index: pid });
  if (d.model) meta('process_labels', 0, { labels: d.model });
  meta('thread_name', TID.markers, { name: 'Markers' });
  meta('thread_sort_index', TID.markers, { sort_index: TID.markers });
  meta('thread_name', TID.phases, { name: 'Phases' });
  meta('thread_sort_index', TID.phases, { sort_index: TID.phases });

  const ids = new Set(d.phases.map((p) => p.id));
  const ordered = orderPhases(d.phases, (p) => p.startS);
  const hasChildren = ordered.some((p) => p.parent !== null && ids.has(p.parent));
  if (hasChildren) {
    meta('thread_name', TID.subPhases, { name: 'Sub-phases' });
    meta('thread_sort_index', TID.subPhases, { sort_index: TID.subPhases });
  }
  // One thread per rank and phase level, ranks in label order (tid BASE + 2i for the top level, + 1 for
  // sub-phases). A rank's events on one thread never overlap (trace viewers expect a thread's events to
  // nest), so an event that would start before the previous one ends starts at that end instead.
  const rankLabels = [
    ...new Set(ordered.filter((p) => p.ranks.length > 1).flatMap((p) => p.ranks.map((r) => r.rank))),
  ].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const rankThreads = new Map<number, { endUs: number }>();
  const rankThread = (rank: string, child: boolean): { tid: number; endUs: number } => {
    const tid = RANK_TID_BASE + 2 * rankLabels.indexOf(rank) + (child ? 1 : 0);
    let t = rankThreads.get(tid);
    if (t === undefined) {
      t = { endUs: 0 };
      rankThreads.set(tid, t);
      meta('thread_name', tid, { name: child ? `Rank ${rank} · sub-phases` : `Rank ${rank}` });
      meta('thread_sort_index', tid, { sort_index: tid });
    }
    return { tid, endUs: t.endUs };
  };
  const setRankEnd = (tid: number, endUs: number): void => {
    rankThreads.set(tid, { endUs });
  };

  for (const p of ordered) {
    const child = p.parent !== null && ids.has(p.parent);
    out.push({
      ph: 'X',
      cat: child ? 'sub-phase' : 'phase',
      name: phaseLabel(p.id),
      pid,
      tid: child ? TID.subPhases : TID.phases,
      ts: toMicros(p.startS),
      dur: Math.max(0, toMicros(p.durationS)),
      args: {
        id: p.id,
        parent: child ? p.parent : null,
        startS: p.startS,
        durationS: p.durationS,
        source: p.source,
        detail: p.detail,
        manual: p.source === 'manual',
        note: p.note,
        measuredS: p.measuredS,
        lines: p.lines,
      },
    });
    // Per-rank values: each rank's own duration, ending when its message was printed when that time is
    // known, else starting with the phase.
    if (p.ranks.length > 1) {
      for (const r of p.ranks) {
        const endKnown = r.atS !== null && r.atS - r.valueS >= 0;
        const wantedUs = toMicros(endKnown && r.atS !== null ? r.atS - r.valueS : p.startS);
        const thread = rankThread(r.rank, child);
        const ts = Math.max(wantedUs, thread.endUs);
        const dur = Math.max(0, toMicros(r.valueS));
        setRankEnd(thread.tid, ts + dur);
        out.push({
          ph: 'X',
          cat: 'rank',
          name: phaseLabel(p.id),
          pid,
          tid: thread.tid,
          ts,
          dur,
          args: {
            id: p.id,
            rank: r.rank,
            valueS: r.valueS,
            repeatedAcrossCluster: r.repeated,
            line: r.line,
            placed:
              ts !== wantedUs
                ? 'after the previous event on this rank (its message time would overlap it)'
                : endKnown
                  ? 'ends at the message time'
                  : 'starts with the phase',
          },
        });
      }
    }
  }

  out.push({
    ph: 'i',
    s: 't',
    cat: 'marker',
    name: 'Replica start',
    pid,
    tid: TID.markers,
    ts: 0,
    args: { sourcePath: d.sourcePath },
  });
  if (d.wallClockS !== null) {
    out.push({
      ph: 'i',
      s: 't',
      cat: 'marker',
      name: 'End marker (first request)',
      pid,
      tid: TID.markers,
      ts: toMicros(d.wallClockS),
      args: { wallClockS: d.wallClockS },
    });
  }
  for (const issue of d.issues) {
    if (issue.line === null) continue;
    out.push({
      ph: 'i',
      s: 't',
      cat: 'issue',
      name: issue.message.length > 80 ? `${issue.message.slice(0, 79)}…` : issue.message,
      pid,
      tid: TID.markers,
      ts: toMicros(lineTimeS(d, issue.line)),
      args: {
        line: issue.line,
        message: issue.message,
        timeEstimated: 'time of the nearest earlier log line with a known time',
      },
    });
  }
}

function rankOf(e: TraceEvent): number {
  return e.ph === 'M' ? 0 : 1;
}

/**
 * The trace of the given start-up snapshots (pid 1, 2, … in argument order). Events are ordered:
 * metadata first, then by process, start time, longer events first (parents before what they contain).
 */
export function startupTrace(
  snapshots: readonly SnapshotDetail[],
  otherData: Record<string, string> = {},
): ChromeTrace {
  const events: TraceEvent[] = [];
  snapshots.forEach((d, i) => snapshotEvents(d, i + 1, events));
  const ts = (e: TraceEvent): number => (e.ph === 'M' ? 0 : e.ts);
  const dur = (e: TraceEvent): number => (e.ph === 'X' ? e.dur : 0);
  const sorted = events
    .map((e, i) => ({ e, i }))
    .sort(
      (a, b) =>
        rankOf(a.e) - rankOf(b.e) ||
        a.e.pid - b.e.pid ||
        ts(a.e) - ts(b.e) ||
        dur(b.e) - dur(a.e) ||
        a.e.tid - b.e.tid ||
        a.i - b.i,
    )
    .map(({ e }) => e);
  return {
    traceEvents: sorted,
    displayTimeUnit: 'ms',
    otherData: { ...otherData, snapshots: snapshots.map((d) => d.name).join(', ') },
  };
}
