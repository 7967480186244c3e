// Builds a start-up parse result from durations a tool measured itself (a benchmark's JSON, an
// OTLP trace) rather than from log lines: the same record the log parser gives, so the import,
// phase rules and store treat it alike. Pure; values are only those passed in.
import type { Meta, RankValue } from '../../../shared/model';
import type { StartupMeasurements } from '../../../shared/startup-phases';
import type { StartupParseResult } from '../vllm-startup-log/parser';

export interface MeasuredStartup {
  /** Names the snapshot among several from one file ("cold 1/3", a trace's service). */
  engine: string | null;
  /** Seconds from the start to the engine being ready; null when the source has no end. */
  totalS: number | null;
  /** 1-based line of the file holding the total (for the phase's source). */
  totalLine: number;
  /** measure key (shared/startup-phases keys: torch_compile, model_loading…) → values. */
  values: Record<string, RankValue[]>;
  meta: Meta;
  events: StartupParseResult['events'];
  issues: StartupParseResult['issues'];
  /** Lines of the source file, for the stats. */
  lines: number;
  /** Why a result with a total is still an excerpt (e.g. a trace without its root span). */
  partialReason?: string;
}

export function measuredStartupResult(m: MeasuredStartup): StartupParseResult {
  const hasTotal = m.totalS !== null;
  const complete = hasTotal && m.partialReason === undefined;
  const statusReason = complete
    ? null
    : (m.partialReason ?? 'no total start-up time in the file: no end, phases only');
  const measurements: StartupMeasurements = {
    anchors: {
      end: hasTotal ? { atS: m.totalS ?? 0, line: m.totalLine } : null,
      endKind: hasTotal ? 'init_engine' : null,
      startLoad: null,
      downloadTask: null,
      engineConfigTask: null,
      kvAvailable: null,
      kvCacheSize: null,
      engineReady: null,
    },
    startLine: hasTotal ? m.totalLine : null,
    values: m.values,
    compileCacheHit: null,
  };
  const known = Object.values(m.values).reduce((a, v) => a + v.length, 0) + (hasTotal ? 1 : 0);
  return {
    status: complete ? 'complete' : 'partial',
    statusReason,
    knownMessages: known,
    engine: m.engine,
    meta: {
      model: null,
      ...m.meta,
      startupStatus: complete ? 'complete' : 'partial',
      ...(statusReason ? { startupStatusReason: statusReason } : {}),
      endMarker: hasTotal ? 'init_engine' : null,
    },
    measurements,
    events: m.events,
    issues: m.issues,
    stats: { lines: m.lines, events: m.events.length, duplicates: 0, dropped: 0 },
  };
}

/** 1-based line of the first occurrence of `needle` in `text`, else 1. */
export function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  if (at < 0) return 1;
  let n = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** Reads a whole (small) file's bytes, refusing more than maxBytes with a clear message. */
export function wholeFile(maxBytes: number, what: string) {
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    push(b: Buffer): void {
      size += b.length;
      if (size > maxBytes) throw new Error(`${what} larger than ${maxBytes} bytes: not read`);
      chunks.push(b);
    },
    text(): string {
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
