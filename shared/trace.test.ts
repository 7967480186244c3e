// Tests for the Chrome-trace export: durations equal the snapshot's, valid JSON, processes and threads
// named by metadata events, rank threads, markers, and event ordering.
import { describe, expect, it } from 'vitest';
import type { SnapshotDetail } from './model';
import { RANK_TID_BASE, startupTrace, TID, type TraceEvent } from './trace';

type P = SnapshotDetail['phases'][number];
const phase = (
  id: string,
  parent: string | null,
  startS: number,
  durationS: number,
  extra: Partial<P> = {},
): P => ({
  id,
  parent,
  startS,
  durationS,
  source: 'log',
  detail: `${id} message`,
  ranks: [],
  lines: [10],
  measuredS: null,
  note: null,
  ...extra,
});

function snap(name: string, phases: P[], extra: Partial<SnapshotDetail> = {}): SnapshotDetail {
  return {
    id: 7,
    name,
    kind: 'startup',
    model: 'Qwen/Qwen3-235B',
    bundle: null,
    createdAt: '2026-01-01',
    sourcePath: `/logs/${name}.txt`,
    totalS: phases.filter((p) => p.parent === null).reduce((s, p) => s + p.durationS, 0),
    meta: {},
    attributes: {},
    editedAttributes: [],
    ranks: 'slowest',
    wallClockS: null,
    phases,
    issues: [],
    ...extra,
  };
}

const BASE = snap(
  'qwen-base',
  [
    phase('fixed_init', null, 0, 39.4),
    phase('model_loading', null, 39.4, 758.234567, {
      ranks: [
        { rank: '4242', valueS: 758.234567, repeated: 0, atS: 800, line: 120 },
        { rank: '4243', valueS: 701.5, repeated: 3, atS: null, line: 121 },
      ],
    }),
    phase('weights_download', 'model_loading', 39.4, 724.1),
    phase('warmup', null, 797.634567, 47, { source: 'manual', note: 'from chart', measuredS: 40 }),
  ],
  {
    wallClockS: 844.6,
    issues: [
      { line: 130, message: 'no chat template' },
      { line: null, message: 'x' },
    ],
  },
);
const ALL = snap('qwen-all', [phase('fixed_init', null, 0, 30), phase('model_loading', null, 30, 77.9)], {
  attributes: { label: 'all optimisations' },
});

const events = (t: ReturnType<typeof startupTrace>, pid: number): TraceEvent[] =>
  t.traceEvents.filter((e) => e.pid === pid);

describe('startupTrace', () => {
  const trace = startupTrace([BASE, ALL], { generator: 'BenchLens test' });

  it('is valid JSON that parses back to the same trace', () => {
    expect(JSON.parse(JSON.stringify(trace))).toEqual(trace);
    expect(trace.displayTimeUnit).toBe('ms');
    expect(trace.otherData).toEqual({ generator: 'BenchLens test', snapshots: 'qwen-base, qwen-all' });
  });

  it("gives every phase an X event whose duration in µs equals the snapshot's", () => {
    for (const [pid, d] of [
      [1, BASE],
      [2, ALL],
    ] as const) {
      const xs = events(trace, pid).filter((e) => e.ph === 'X' && e.cat !== 'rank');
      expect(xs.map((e) => (e.ph === 'X' ? e.args?.['id'] : null)).sort()).toEqual(
        d.phases.map((p) => p.id).sort(),
      );
      for (const p of d.phases) {
        const e = xs.find((x) => x.args?.['id'] === p.id);
        if (e?.ph !== 'X') throw new Error(`no event for ${p.id}`);
        expect(Math.abs(e.dur / 1e6 - p.durationS)).toBeLessThanOrEqual(0.5e-6);
        expect(Math.abs(e.ts / 1e6 - p.startS)).toBeLessThanOrEqual(0.5e-6);
        expect(Number.isInteger(e.ts) && Number.isInteger(e.dur)).toBe(true);
      }
    }
  });

  it('names one process per snapshot and one thread per phase level and per rank', () => {
    const name = (pid: number, kind: string, tid = 0): unknown =>
      trace.traceEvents.find((e) => e.ph === 'M' && e.pid === pid && e.name === kind && e.tid === tid)
        ?.args?.['name'];
    expect(name(1, 'process_name')).toBe('qwen-base');
    expect(name(2, 'process_name')).toBe('all optimisations (qwen-all)');
    expect(name(1, 'thread_name', TID.phases)).toBe('Phases');
    expect(name(1, 'thread_name', TID.subPhases)).toBe('Sub-phases');
    expect(name(2, 'thread_name', TID.subPhases)).toBeUndefined();
    expect(name(1, 'thread_name', RANK_TID_BASE)).toBe('Rank 4242');
    expect(name(1, 'thread_name', RANK_TID_BASE + 2)).toBe('Rank 4243');
    const child = events(trace, 1).find((e) => e.args?.['id'] === 'weights_download');
    expect(child?.tid).toBe(TID.subPhases);
  });

  it('places rank events at their message time when known, else at the phase start', () => {
    const ranks = events(trace, 1).filter((e) => e.ph === 'X' && e.cat === 'rank');
    expect(ranks.map((e) => [e.tid, e.ph === 'X' ? [e.ts, e.dur] : null])).toEqual([
      [RANK_TID_BASE + 2, [39_400_000, 701_500_000]],
      [RANK_TID_BASE, [41_765_433, 758_234_567]],
    ]);
  });

  it('never overlaps events on one rank thread and keeps sub-phase ranks on their own threads', () => {
    const r = (rank: string, valueS: number, atS: number) => ({ rank, valueS, repeated: 0, atS, line: 1 });
    const d = snap('overlap', [
      phase('torch_compile', null, 0, 70, { ranks: [r('1', 60, 70), r('2', 70, 70)] }),
      phase('dynamo_transform', 'torch_compile', 0, 15, { ranks: [r('1', 12, 15), r('2', 15, 15)] }),
      phase('cuda_graph_capture', null, 70, 10, { ranks: [r('1', 10, 65), r('2', 9, 80)] }),
    ]);
    const t = startupTrace([d]);
    const names = new Map(
      t.traceEvents
        .filter((e) => e.ph === 'M' && e.name === 'thread_name')
        .map((e) => [e.tid, e.args?.['name']]),
    );
    const byThread = new Map<number, [number, number][]>();
    for (const e of t.traceEvents)
      if (e.ph === 'X') byThread.set(e.tid, [...(byThread.get(e.tid) ?? []), [e.ts, e.ts + e.dur]]);
    for (const spans of byThread.values())
      for (let i = 1; i < spans.length; i += 1)
        expect(spans[i]?.[0]).toBeGreaterThanOrEqual(spans[i - 1]?.[1] ?? 0);
    const capture = t.traceEvents.find(
      (e) =>
        e.ph === 'X' && e.cat === 'rank' && e.args?.['id'] === 'cuda_graph_capture' && e.args['rank'] === '1',
    );
    expect(capture?.ph === 'X' ? [capture.ts, capture.dur] : null).toEqual([70_000_000, 10_000_000]);
    expect(capture?.args?.['placed']).toMatch(/after the previous event/);
    expect([...names.values()]).toContain('Rank 1 · sub-phases');
  });

  it('carries source, detail and the manual flag in args', () => {
    const warm = events(trace, 1).find((e) => e.args?.['id'] === 'warmup');
    expect(warm?.args).toMatchObject({ source: 'manual', manual: true, note: 'from chart', measuredS: 40 });
    expect(events(trace, 1).find((e) => e.args?.['id'] === 'fixed_init')?.args).toMatchObject({
      source: 'log',
      detail: 'fixed_init message',
      manual: false,
    });
  });

  it('marks the replica start, the end marker and issues with a line as instant events', () => {
    const marks = events(trace, 1).filter((e) => e.ph === 'i');
    expect(marks.map((e) => [e.name, e.ph === 'i' ? e.ts : null, e.tid])).toEqual([
      ['Replica start', 0, TID.markers],
      ['no chat template', 800_000_000, TID.markers],
      ['End marker (first request)', 844_600_000, TID.markers],
    ]);
    expect(marks.every((e) => e.ph === 'i' && e.s === 't')).toBe(true);
  });

  it('orders metadata first, then by process, start time and longer events first', () => {
    const firstTimed = trace.traceEvents.findIndex((e) => e.ph !== 'M');
    expect(trace.traceEvents.slice(firstTimed).every((e) => e.ph !== 'M')).toBe(true);
    const timed = trace.traceEvents.slice(firstTimed);
    for (let i = 1; i < timed.length; i += 1) {
      const a = timed[i - 1];
      const b = timed[i];
      if (!a || !b || a.ph === 'M' || b.ph === 'M') continue;
      expect(a.pid < b.pid || (a.pid === b.pid && a.ts <= b.ts)).toBe(true);
      if (a.pid === b.pid && a.ts === b.ts && a.ph === 'X' && b.ph === 'X') expect(a.dur >= b.dur).toBe(true);
    }
    const at394 = events(trace, 1).filter((e) => e.ph === 'X' && e.ts === 39_400_000);
    expect(at394[0]?.args?.['id']).toBe('model_loading');
  });
});
