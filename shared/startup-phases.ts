// Phase rules for a replica cold start: from the measurements an importer read out of a log
// (per-rank values and anchor timestamps) to a phase list that sums exactly to the total.
// Pure and deterministic; the same function serves import, the CLI, the UI and exports.
import { z } from 'zod';
import { median } from 'd3-array';
import { RankValue, type Phase, type PhaseSource, type RankMode } from './model';
import { TOP_PHASES, phaseOrder, phaseParent } from './phases';
import { namesRanks } from './rank-label';

/** Anchor = one timestamp (seconds from replica start) with the log line it came from. */
export const Anchor = z.object({ atS: z.number(), line: z.number().int() });
export type Anchor = z.infer<typeof Anchor>;

export const StartupMeasurements = z.object({
  /** Seconds from replica start; null when the log has no such line. */
  anchors: z.object({
    end: Anchor.nullable(),
    endKind: z
      .enum(['first_request', 'request_error', 'app_ready', 'init_engine', 'engine_failed'])
      .nullable(),
    startLoad: Anchor.nullable(),
    downloadTask: Anchor.nullable(),
    engineConfigTask: Anchor.nullable(),
    kvAvailable: Anchor.nullable(),
    kvCacheSize: Anchor.nullable(),
    engineReady: Anchor.nullable(),
  }),
  startLine: z.number().int().nullable(),
  values: z.record(z.string(), z.array(RankValue)),
  compileCacheHit: z.boolean().nullable(),
});
export type StartupMeasurements = z.infer<typeof StartupMeasurements>;

/** Measurements of a start-up whose log said nothing timed (generated libraries, tests). */
export const NO_MEASUREMENTS: StartupMeasurements = {
  anchors: {
    end: null,
    endKind: null,
    startLoad: null,
    downloadTask: null,
    engineConfigTask: null,
    kvAvailable: null,
    kvCacheSize: null,
    engineReady: null,
  },
  startLine: null,
  values: {},
  compileCacheHit: null,
};

export interface ManualValue {
  valueS: number;
  note: string;
  /** The named scenario the value belongs to ('' or absent: unnamed). */
  scenario?: string;
}

/**
 * Gap between the model-download task and the engine-config task when no compile cache is fetched.
 * Measured on the corpus runs without a cache hit (Qwen3-235B and Llama-3-70B base: 2 s each);
 * on a hit, the excess over this is the compile-cache download.
 */
export const NO_HIT_CONFIG_GAP_S = 2;

export function aggregate(values: readonly RankValue[] | undefined, mode: RankMode): RankValue | null {
  if (!values || values.length === 0) return null;
  switch (mode) {
    case 'slowest':
      return values.reduce((a, b) => (b.valueS > a.valueS ? b : a));
    case 'first':
      return values.reduce((a, b) => {
        const ta = a.atS ?? Infinity;
        const tb = b.atS ?? Infinity;
        if (tb !== ta) return tb < ta ? b : a;
        return (b.line ?? Infinity) < (a.line ?? Infinity) ? b : a;
      });
    case 'median': {
      const m = median(values, (v) => v.valueS) ?? 0;
      const nearest = values.reduce((a, b) => (Math.abs(b.valueS - m) < Math.abs(a.valueS - m) ? b : a));
      return { ...nearest, valueS: m };
    }
    default: {
      const never: never = mode;
      throw new Error(`unknown rank mode ${String(never)}`);
    }
  }
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** "2 processes reporting (7 identical lines folded by Ray)": the count the tooltip lists. */
function reporters(vals: readonly RankValue[]): string {
  const n = vals.length;
  const what = namesRanks(vals.map((v) => v.rank)) ? 'rank' : 'process';
  const folded = vals.reduce((a, v) => a + v.repeated, 0);
  return `${n} ${what}${n === 1 ? '' : what === 'rank' ? 's' : 'es'} reporting${folded > 0 ? ` (+${folded} identical lines folded by Ray)` : ''}`;
}

interface Draft {
  id: string;
  durationS: number;
  source: PhaseSource;
  detail: string;
  ranks: RankValue[];
  lines: number[];
}

export interface DerivedPhases {
  phases: Phase[];
  totalS: number;
  wallClockS: number | null;
  issues: string[];
}

function fmt(x: number): string {
  return `${round(x)} s`;
}

/** Derive the phase list for one rank-aggregation mode, then lay manual values over it. */
export function derivePhases(
  m: StartupMeasurements,
  mode: RankMode,
  manual: ReadonlyMap<string, ManualValue> = new Map(),
): DerivedPhases {
  const issues: string[] = [];
  const a = m.anchors;
  const measured = new Map<string, Draft>();
  const put = (d: Draft) => measured.set(d.id, d);
  const fromLog = (id: string, key: string, what: string): number | null => {
    const vals = m.values[key];
    const v = aggregate(vals, mode);
    if (!v) return null;
    put({
      id,
      durationS: round(v.valueS),
      source: 'log',
      detail: `${what} (${mode} of ${reporters(vals ?? [])}${v.line ? `, line ${v.line}` : ''})`,
      ranks: vals ?? [],
      lines: (vals ?? []).map((r) => r.line).filter((l): l is number => l !== null),
    });
    return v.valueS;
  };

  const wallClockS = a.end ? round(a.end.atS) : null;

  // compile-cache download: the downloader's own message, else the excess task gap on a hit.
  let ccd = fromLog('compile_cache_download', 'compile_cache_download', 'compile-cache download message');
  if (ccd === null && m.compileCacheHit && a.downloadTask && a.engineConfigTask) {
    const gap = a.engineConfigTask.atS - a.downloadTask.atS;
    ccd = Math.max(0, gap - NO_HIT_CONFIG_GAP_S);
    put({
      id: 'compile_cache_download',
      durationS: round(ccd),
      source: 'timestamp',
      detail: `model-download task (line ${a.downloadTask.line}) → engine-config task (line ${a.engineConfigTask.line}) = ${fmt(gap)}, minus the ${NO_HIT_CONFIG_GAP_S} s this gap takes without a cache hit`,
      ranks: [],
      lines: [a.downloadTask.line, a.engineConfigTask.line],
    });
  }

  if (a.startLoad) {
    const fi = Math.max(0, a.startLoad.atS - (ccd ?? 0));
    put({
      id: 'fixed_init',
      durationS: round(fi),
      source: 'timestamp',
      detail: `replica start (line ${m.startLine ?? '?'}) → first "Starting to load model" (line ${a.startLoad.line}) = ${fmt(a.startLoad.atS)}${ccd ? `, minus compile-cache download ${fmt(ccd)}` : ''}`,
      ranks: [],
      lines: [m.startLine, a.startLoad.line].filter((l): l is number => l !== null),
    });
  } else {
    issues.push('no "Starting to load model" line: fixed init cannot be derived');
  }

  let ml = fromLog('model_loading', 'model_loading', '"Model loading took … seconds"');
  const v0Weights = m.values['weights_load_gb_v0'] ?? [];
  const v0Done = v0Weights.reduce<RankValue | null>(
    (a, b) => (b.atS !== null && (a === null || (a.atS ?? -1) < b.atS) ? b : a),
    null,
  );
  if (ml === null && v0Done?.atS != null && a.startLoad) {
    // V0 prints only the memory ("Loading model weights took X GB"): time it by its timestamps
    ml = Math.max(0, v0Done.atS - a.startLoad.atS);
    put({
      id: 'model_loading',
      durationS: round(ml),
      source: 'timestamp',
      detail: `"Starting to load model" (line ${a.startLoad.line}) → "Loading model weights took ${v0Done.valueS} GB" (line ${v0Done.line ?? '?'}); V0 prints no seconds`,
      ranks: [],
      lines: [a.startLoad.line, v0Done.line].filter((l): l is number => l !== null),
    });
  }
  fromLog('weights_download', 'weights_download', '"Time spent downloading weights"');
  fromLog('weights_load', 'weights_load', '"Loading weights took"');
  fromLog('weights_stream', 'weights_stream', '"[RunAI Streamer] Overall time to stream"');
  if (ml === null) issues.push('no "Model loading took … seconds" line: model loading has no value');

  const tc = fromLog('torch_compile', 'torch_compile', '"torch.compile takes|took … s in total"');
  fromLog('dynamo_transform', 'dynamo_transform', '"Dynamo bytecode transform time"');
  fromLog('inductor_compile', 'inductor_compile', '"Compiling a graph for … takes" (summed per rank)');
  fromLog(
    'compile_cache_load',
    'compile_cache_load',
    '"Directly load the compiled graph(s) … from the cache, took"',
  );
  const cap = fromLog('cuda_graph_capture', 'cuda_graph_capture', '"Graph capturing finished in … secs"');
  const combined = aggregate(m.values['torch_compile_and_warmup'], mode);
  if (tc === null && combined)
    issues.push(
      `torch.compile and the initial profiling/warmup run are timed together (${fmt(combined.valueS)}, line ${combined.line ?? '?'}): the log does not split them, so neither phase takes this value`,
    );

  let kvInit = 0;
  if (a.kvAvailable && a.kvCacheSize) kvInit = Math.max(0, a.kvCacheSize.atS - a.kvAvailable.atS);

  const initEngine = aggregate(m.values['init_engine'], mode);
  const v0Profiling = aggregate(m.values['memory_profiling_v0'], mode);
  if (initEngine) {
    const mp = Math.max(0, initEngine.valueS - (tc ?? 0) - (cap ?? 0) - kvInit);
    put({
      id: 'memory_profiling',
      durationS: round(mp),
      source: 'derived',
      detail: `"init engine … took ${round(initEngine.valueS)} seconds" (line ${initEngine.line ?? '?'}) minus torch.compile ${fmt(tc ?? 0)}, CUDA graph capture ${fmt(cap ?? 0)} and KV-cache init ${fmt(kvInit)}`,
      ranks: [],
      lines: [initEngine.line].filter((l): l is number => l !== null),
    });
  } else if (v0Profiling) {
    // V0: "Memory profiling takes N seconds" already includes torch.compile; never stack both.
    const mp = Math.max(0, v0Profiling.valueS - (tc ?? 0));
    put({
      id: 'memory_profiling',
      durationS: round(mp),
      source: 'derived',
      detail: `"Memory profiling takes ${round(v0Profiling.valueS)} seconds" (V0, includes torch.compile) minus torch.compile ${fmt(tc ?? 0)}`,
      ranks: m.values['memory_profiling_v0'] ?? [],
      lines: [v0Profiling.line].filter((l): l is number => l !== null),
    });
  } else {
    fromLog('memory_profiling', 'profiling_warmup', '"Initial profiling/warmup run took"');
    if (!measured.has('memory_profiling'))
      issues.push('no "init engine … took" line: memory profiling has no value');
  }

  if (a.end && a.engineReady) {
    const w = kvInit + Math.max(0, a.end.atS - a.engineReady.atS);
    put({
      id: 'warmup',
      durationS: round(w),
      source: 'timestamp',
      detail: `KV-cache init ${fmt(kvInit)} (lines ${a.kvAvailable?.line ?? '?'}→${a.kvCacheSize?.line ?? '?'}) + engine ready (line ${a.engineReady.line}) → ${endLabel(m)} (line ${a.end.line}) ${fmt(a.end.atS - a.engineReady.atS)}`,
      ranks: [],
      lines: [a.kvAvailable?.line, a.kvCacheSize?.line, a.engineReady.line, a.end.line].filter(
        (l): l is number => typeof l === 'number',
      ),
    });
  }

  if (wallClockS !== null) {
    let explained = 0;
    for (const id of TOP_PHASES) if (id !== 'unattributed') explained += measured.get(id)?.durationS ?? 0;
    const rest = wallClockS - explained;
    if (rest < -0.5) {
      issues.push(
        `measured phases exceed the wall-clock time by ${round(-rest)} s (1-s timestamp resolution, overlapping phases)`,
      );
    }
    put({
      id: 'unattributed',
      durationS: round(Math.max(0, rest)),
      source: 'derived',
      detail: `wall clock ${fmt(wallClockS)} (replica start → ${endLabel(m)}) minus every phase a log message explains`,
      ranks: [],
      lines: [m.startLine, a.end?.line].filter((l): l is number => typeof l === 'number'),
    });
  } else {
    issues.push('no end marker (first request, request error, app ready or init engine): wall clock unknown');
  }

  // Manual values sit beside measurements: they replace the effective duration, never the record.
  const drafts: (Draft & { measuredS: number | null; note: string | null; scenario?: string | null })[] = [];
  const ids = new Set<string>([...measured.keys(), ...manual.keys()]);
  for (const id of ids) {
    const d = measured.get(id);
    const mv = manual.get(id);
    if (mv) {
      drafts.push({
        id,
        durationS: round(mv.valueS),
        source: 'manual',
        detail: mv.note ? `manual: ${mv.note}` : 'manual value',
        ranks: d?.ranks ?? [],
        lines: d?.lines ?? [],
        measuredS: d ? d.durationS : null,
        note: mv.note || null,
        scenario: mv.scenario || null,
      });
    } else if (d) {
      drafts.push({ ...d, measuredS: null, note: null });
    }
  }
  drafts.sort((x, y) => phaseOrder(x.id) - phaseOrder(y.id) || x.id.localeCompare(y.id));

  // Lay phases end to end on the critical path; children end to end inside their parent.
  const phases: Phase[] = [];
  let cursor = 0;
  const childCursor = new Map<string, number>();
  for (const d of drafts) {
    const parent = phaseParent(d.id);
    if (parent === null) {
      phases.push({ ...d, parent: null, startS: round(cursor) });
      childCursor.set(d.id, cursor);
      cursor += d.durationS;
    }
  }
  for (const d of drafts) {
    const parent = phaseParent(d.id);
    if (parent !== null) {
      const at = childCursor.get(parent);
      if (at === undefined) continue; // a child without its parent phase is not shown
      phases.push({ ...d, parent, startS: round(at) });
      childCursor.set(parent, at + d.durationS);
    }
  }
  phases.sort((x, y) => phaseOrder(x.id) - phaseOrder(y.id) || x.id.localeCompare(y.id));
  // a part cannot outlast its whole: say so rather than draw it past its parent (1-s resolution)
  const byId = new Map(phases.map((p) => [p.id, p]));
  for (const p of phases) {
    const parent = p.parent === null ? undefined : byId.get(p.parent);
    if (parent && p.durationS > parent.durationS + 1) {
      issues.push(
        `phase ${p.id} (${fmt(p.durationS)}) is longer than its parent ${parent.id} (${fmt(parent.durationS)}): one of them is mis-measured`,
      );
    }
  }
  return { phases, totalS: round(cursor), wallClockS, issues };
}

function endLabel(m: StartupMeasurements): string {
  switch (m.anchors.endKind) {
    case 'first_request':
      return 'first request reaching the engine';
    case 'request_error':
      return 'error of the first request';
    case 'app_ready':
      return 'application ready';
    case 'init_engine':
      return 'engine ready';
    case 'engine_failed':
      return 'engine failure';
    case null:
      return 'end';
    default: {
      const never: never = m.anchors.endKind;
      return String(never);
    }
  }
}
