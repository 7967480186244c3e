// Startup-log parser: fed one line at a time (so files stream), it de-duplicates Ray's echoed lines,
// orders events by time (inferring the year the log never prints), and collects per-rank values,
// anchors, metadata and problems. finish() returns plain data; it never throws on bad content.
import type { Meta, RankValue } from '../../../shared/model';
import type { StartupMeasurements } from '../../../shared/startup-phases';
import { parseLine, type LineStamp, type ParsedLine } from './parse-line';
import {
  META_PATTERNS,
  MESSAGE_ANCHORS,
  MESSAGE_PATTERNS,
  type AnchorKey,
  type MeasureKey,
  type MessagePattern,
} from './patterns';

export interface StartupEvent {
  line: number;
  /** The LLM replica (Ray Serve replica process, host) the line belongs to, when it says. */
  engine: string | null;
  /** Epoch seconds in the inferred year, or null when the line printed no timestamp. */
  t: number | null;
  process: string | null;
  pid: string | null;
  outer: string | null;
  level: string | null;
  message: string;
  repeated: number;
}

/** complete: start and end seen; partial: an excerpt (no replica start or no end); failed: the start crashed. */
export type StartupStatus = 'complete' | 'partial' | 'failed';

export interface StartupParseResult {
  status: StartupStatus;
  /** Why the status is not 'complete', in words for the UI and CLI; null when complete. */
  statusReason: string | null;
  /** Lines matching a row of the pattern table or a metadata pattern (engine config, API server). */
  knownMessages: number;
  /** The LLM replica this result covers when several start interleaved in one log; else null. */
  engine: string | null;
  meta: Meta;
  measurements: StartupMeasurements;
  /** De-duplicated events, atS relative to replica start. */
  events: {
    line: number;
    atS: number | null;
    process: string | null;
    pid: string | null;
    level: string | null;
    message: string;
  }[];
  issues: { line: number | null; message: string }[];
  /** dropped: plain INFO lines beyond KEEP_PLAIN_EVENTS, not kept for drill-down. */
  stats: { lines: number; events: number; duplicates: number; dropped: number };
}

const DAY_S = 86400;
/**
 * Lines of several processes interleave a little out of order; a line more than this before the
 * latest one seen means the clock or the file went backwards (an issue naming the line).
 */
const BACKWARDS_S = 60;
/** A leap year, so "02-29" parses; only differences between timestamps are ever used. */
const DEFAULT_YEAR = 2000;
const REPLICA = /^ServeReplica:/;
const NOT_LLM_REPLICA = /Ingress|Router|Proxy/i;

/** The issue each of several replicas' results carries: `N<this text>engine`. */
const REPLICAS_ISSUE_TEXT = ' LLM replicas start interleaved in this log: one snapshot each, this one is ';
const REPLICAS_ISSUE = /^(\d+) LLM replicas start interleaved in this log: one snapshot each, this one is /;

/** How many results the parse of a log gave, read back from one result's issues (finishAll). */
export function replicaCount(issues: readonly { message: string }[]): number {
  for (const i of issues) {
    const m = REPLICAS_ISSUE.exec(i.message);
    if (m) return Number(m[1]);
  }
  return 1;
}

/** Unmatched, non-warning lines kept for drill-down beyond this count are dropped (and counted). */
export const KEEP_PLAIN_EVENTS = 20_000;

/** Unique lines per de-duplication generation (two generations are kept). */
export const DEDUP_GENERATION = 100_000;

/** Two 32-bit FNV-1a hashes with different seeds: a compact de-duplication key. */
// Running state of dedupKey: two 32-bit hashes, fed field by field (no string is built per line).
let hashA = 0;
let hashB = 0;

function mix(c: number): void {
  hashA = Math.imul(hashA ^ c, 0x01000193);
  hashB = Math.imul(hashB ^ c, 0x5bd1e995) ^ (hashB >>> 15);
}

function mixString(s: string): void {
  for (let i = 0; i < s.length; i++) mix(s.charCodeAt(i));
  mix(124); // '|' between fields
}

/**
 * A line's identity for de-duplication (inner process, pid, stamp, level, message) as one number:
 * 32 bits of one hash and 21 of another (53 bits, a safe integer), so the maps key on numbers.
 */
function dedupKey(
  name: string,
  pid: string,
  stamp: LineStamp | null,
  level: string | null,
  message: string,
): number {
  hashA = 0x811c9dc5;
  hashB = 0x01000193 ^ message.length;
  mixString(name);
  mixString(pid);
  if (stamp) {
    mix(stamp.year ?? -1);
    mix(stamp.month);
    mix(stamp.day);
    mix(stamp.hour);
    mix(stamp.minute);
    mix(stamp.second);
  } else mix(-2);
  mixString(level ?? '');
  mixString(message);
  return (hashA >>> 0) * 0x200000 + ((hashB >>> 0) & 0x1fffff);
}

interface Match {
  ev: StartupEvent;
  pat: MessagePattern;
  groups: RegExpExecArray;
}

export class StartupLogParser {
  // Echoed copies of a line sit close to it in the file, so de-duplication keys live in two
  // generations that rotate every DEDUP_GENERATION unique lines: memory stays bounded on huge logs.
  private seen = new Map<number, StartupEvent | null>();
  private seenOld = new Map<number, StartupEvent | null>();
  private events: StartupEvent[] = [];
  private matches: Match[] = [];
  private plainKept = 0;
  private dropped = 0;
  private lines = 0;
  private duplicates = 0;
  private year: number | null = null;
  private lastT: number | null = null;
  private lastTLine = 0;
  /** The first line whose timestamp is more than BACKWARDS_S before an earlier line's, and how many such lines. */
  private backwards: { line: number; earlierLine: number; byS: number } | null = null;
  private backwardsLines = 0;
  private issues: { line: number | null; message: string }[] = [];
  private firstReplicaLine: StartupEvent | null = null;
  private firstStamped: StartupEvent | null = null;
  private processFirst = new Map<string, StartupEvent>();
  private meta: Meta = {};
  private engineSeen = false;
  private yearFromLog = false;
  private knownMeta = 0;
  /** First stamped line of each LLM replica (engine) seen. */
  private replicaFirst = new Map<string, StartupEvent>();

  push(raw: string, line: number): void {
    this.lines++;
    if (raw.length === 0) return;
    const p = parseLine(raw.length > 20000 ? raw.slice(0, 20000) : raw);
    if (p.message.length === 0 && p.stamp === null) return;
    const inner = p.prefixes[p.prefixes.length - 1];
    const key = dedupKey(inner?.name ?? '', inner?.pid ?? '', p.stamp, p.level, p.message);
    let prev = this.seen.get(key);
    if (prev === undefined) prev = this.seenOld.get(key);
    if (prev !== undefined) {
      this.duplicates++;
      if (prev && p.repeated > prev.repeated) prev.repeated = p.repeated;
      return;
    }
    const outerPrefix = p.prefixes[0];
    const ev: StartupEvent = {
      line,
      engine:
        outerPrefix && REPLICA.test(outerPrefix.name) && !NOT_LLM_REPLICA.test(outerPrefix.name)
          ? `${outerPrefix.name} pid=${outerPrefix.pid}${outerPrefix.ip ? ` ip=${outerPrefix.ip}` : ''}`
          : null,
      t: p.stamp ? this.toEpoch(p.stamp, line, p.repeated > 0) : null,
      process: inner ? inner.name || null : null,
      pid: inner ? inner.pid : null,
      outer: p.prefixes[0]?.name ?? null,
      level: p.level,
      message: p.message,
      repeated: p.repeated,
    };
    let matched = false;
    for (let i = 0; i < MESSAGE_PATTERNS.length; i++) {
      const pat = MESSAGE_PATTERNS[i] as MessagePattern;
      if (pat.level && ev.level !== pat.level) continue;
      // a message without the pattern's literal words cannot match it: no regex run
      const anchor = MESSAGE_ANCHORS[i];
      if (anchor && !ev.message.includes(anchor)) continue;
      const groups = pat.regex.exec(ev.message);
      if (!groups) continue;
      this.matches.push({ ev, pat, groups });
      matched = true;
      break;
    }
    const notable = matched || (ev.level !== null && ev.level !== 'INFO' && ev.level !== 'DEBUG');
    if (notable || this.plainKept < KEEP_PLAIN_EVENTS) {
      if (!notable) this.plainKept++;
      this.events.push(ev);
      // only kept events can still grow their "[repeated Nx]" count
      this.seen.set(key, ev);
    } else {
      this.dropped++;
      this.seen.set(key, null);
    }
    if (this.seen.size >= DEDUP_GENERATION) {
      this.seenOld = this.seen;
      this.seen = new Map();
    }
    this.observe(ev, p);
  }

  /** LATE: a Ray "[repeated Nx]" summary, printed after the fact with its first occurrence's time. */
  private toEpoch(s: LineStamp, line: number, late = false): number {
    if (s.year !== null && this.year !== null && !this.yearFromLog) {
      // earlier year-less lines were placed in an inferred year: stay in it, or the gap is decades
      return this.toEpoch({ ...s, year: null }, line, late);
    }
    if (s.year !== null) {
      this.yearFromLog = true;
      this.year ??= s.year;
      const t = Date.UTC(s.year, s.month - 1, s.day, s.hour, s.minute, s.second) / 1000;
      this.advance(t, line, late);
      return t;
    }
    if (s.month < 1 || s.month > 12 || s.day < 1 || s.day > 31) {
      this.issues.push({ line, message: `unreadable date ${s.month}-${s.day}` });
    }
    const year = this.year ?? DEFAULT_YEAR;
    let t = Date.UTC(year, s.month - 1, s.day, s.hour, s.minute, s.second) / 1000;
    if (this.lastT !== null) {
      if (t < this.lastT - 180 * DAY_S) {
        // December → January: the log crossed a new year.
        this.year = year + 1;
        t = Date.UTC(year + 1, s.month - 1, s.day, s.hour, s.minute, s.second) / 1000;
      } else if (t > this.lastT + 180 * DAY_S) {
        // A late-December line printed after January lines: it belongs to the previous year.
        t = Date.UTC(year - 1, s.month - 1, s.day, s.hour, s.minute, s.second) / 1000;
      }
    } else {
      this.year = year;
    }
    this.advance(t, line, late);
    return t;
  }

  /** Moves the latest time seen; a line well before it (not interleaving of processes) is noted. */
  private advance(t: number, line: number, late: boolean): void {
    if (!late && this.lastT !== null && t < this.lastT - BACKWARDS_S) {
      this.backwardsLines++;
      this.backwards ??= { line, earlierLine: this.lastTLine, byS: this.lastT - t };
    }
    if (this.lastT === null || t > this.lastT) {
      this.lastT = t;
      this.lastTLine = line;
    }
  }

  private observe(ev: StartupEvent, p: ParsedLine): void {
    if (ev.t !== null) {
      if (!this.firstStamped || ev.t < (this.firstStamped.t ?? Infinity)) this.firstStamped = ev;
      const outer = ev.outer ?? '';
      if (REPLICA.test(outer) && !NOT_LLM_REPLICA.test(outer)) {
        if (!this.firstReplicaLine || ev.t < (this.firstReplicaLine.t ?? Infinity))
          this.firstReplicaLine = ev;
        const key = ev.engine ?? '';
        const cur = this.replicaFirst.get(key);
        if (!cur || ev.t < (cur.t ?? Infinity)) this.replicaFirst.set(key, ev);
      }
      // Ray task processes (download_model_files, _get_vllm_engine_config) are the outermost prefix.
      if (p.prefixes.length === 1 && ev.process) {
        const cur = this.processFirst.get(ev.process);
        if (!cur || ev.t < (cur.t ?? Infinity)) this.processFirst.set(ev.process, ev);
      }
    }
    this.readMeta(ev.message);
  }

  private readMeta(msg: string): void {
    const mp = META_PATTERNS;
    const meta = this.meta;
    if (mp.known.test(msg)) this.knownMeta++;
    // each value is taken once: its pattern no longer runs after that (first match wins)
    const cfg = this.engineSeen ? null : (mp.engineConfig.exec(msg) ?? mp.engineConfigV0.exec(msg));
    if (cfg) {
      this.engineSeen = true;
      meta['vllmVersion'] = (cfg[1] ?? '').replace(/^v/, '');
      meta['engine'] = mp.engineConfig.test(msg) ? 'V1' : 'V0';
      const conf = cfg[2] ?? '';
      const model = mp.configModel.exec(conf)?.[1];
      if (model) meta['configModel'] = model;
      const tp = mp.tensorParallel.exec(conf)?.[1];
      if (tp) meta['tensorParallelSize'] = Number(tp);
      const lf = mp.loadFormat.exec(conf)?.[1];
      if (lf) meta['loadFormat'] = lf;
    }
    if (meta['vllmVersion'] === undefined) {
      const api = mp.apiServerVersion.exec(msg);
      if (api) meta['vllmVersion'] = api[1] ?? null;
    }
    if (meta['architecture'] === undefined) {
      const arch = mp.architecture.exec(msg);
      if (arch) meta['architecture'] = arch[1] ?? null;
    }
    if (meta['gpu'] === undefined) {
      const dev = mp.deviceName.exec(msg);
      if (dev) meta['gpu'] = (dev[1] ?? '').replace(/_/g, ' ');
    }
    if (meta['gpu'] === undefined) {
      const gpu = mp.gpuName.exec(msg);
      if (gpu) meta['gpu'] = (gpu[1] ?? '').trim();
    }
    if (meta['s3Model'] === undefined) {
      const s3 = mp.s3Model.exec(msg);
      if (s3) meta['s3Model'] = s3[1] ?? null;
    }
    if (meta['worldSize'] === undefined) {
      const ws = mp.worldSize.exec(msg);
      if (ws) meta['worldSize'] = Number(ws[1]);
    }
  }

  /** Engines (LLM replicas) whose lines carry a start-up message; several means interleaved starts. */
  engines(): string[] {
    const withValues = new Set<string>();
    for (const { ev } of this.matches) if (ev.engine !== null) withValues.add(ev.engine);
    return [...withValues];
  }

  /**
   * One result per engine when several LLM replicas start in one stream (their values are never
   * merged), else the one result of finish(). Lines of no replica (controller, tasks) go to each.
   */
  finishAll(): StartupParseResult[] {
    const engines = this.engines();
    if (engines.length <= 1) return [this.finish()];
    return engines.map((e) => {
      const r = this.finish(e);
      r.issues.push({
        line: null,
        message: `${engines.length}${REPLICAS_ISSUE_TEXT}${e}`,
      });
      return r;
    });
  }

  /** The start-up of one engine (its lines plus lines of no replica), or of the whole log. */
  finish(engine?: string): StartupParseResult {
    const inScope = (ev: StartupEvent) => engine === undefined || ev.engine === null || ev.engine === engine;
    const matches = engine === undefined ? this.matches : this.matches.filter((m) => inScope(m.ev));
    const events = engine === undefined ? this.events : this.events.filter(inScope);
    const issues = [...this.issues];
    if (this.backwards) {
      const b = this.backwards;
      const more = this.backwardsLines > 1 ? ` (${this.backwardsLines} lines in all)` : '';
      issues.push({
        line: b.line,
        message: `timestamp goes backwards by ${b.byS} s (earlier than line ${b.earlierLine})${more}: phases across it may be wrong`,
      });
    }
    const replicaStart =
      engine === undefined ? this.firstReplicaLine : (this.replicaFirst.get(engine) ?? null);
    const start = replicaStart ?? this.firstStamped;
    const t0 = start?.t ?? null;
    const rel = (t: number | null) => (t === null || t0 === null ? null : t - t0);
    const values: Record<string, RankValue[]> = {};
    const perRank = new Map<string, Map<string, RankValue>>();
    const anchors: Partial<Record<AnchorKey, StartupEvent>> = {};
    const firstOf = (k: AnchorKey, ev: StartupEvent, latest = false) => {
      const cur = anchors[k];
      if (ev.t === null) return;
      if (!cur || (latest ? ev.t > (cur.t ?? -Infinity) : ev.t < (cur.t ?? Infinity))) anchors[k] = ev;
    };
    let cacheHit: boolean | null = null;
    let model: string | null = null;
    let engineReadyT: number | null = null;

    for (const { ev, pat, groups: m } of matches) {
      if (pat.measure) this.addValue(perRank, pat.measure, m, pat.valueGroup ?? 1, ev, rel);
      if (pat.measure === 'compile_cache_load') cacheHit = true;
      if (pat.measure === 'inductor_compile' && cacheHit === null) cacheHit = false;
      if (pat.measure === 'init_engine' && ev.t !== null) {
        engineReadyT = engineReadyT === null ? ev.t : Math.min(engineReadyT, ev.t);
      }
      if (pat.anchor) {
        firstOf(pat.anchor, ev, pat.anchor === 'kv_available');
        if (pat.anchor === 'start_load' && !model) model = (m[1] ?? '').trim();
      }
    }
    for (const [key, ranks] of perRank)
      values[key] = [...ranks.values()].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));

    // A request error or app-ready line only ends the start-up once the engine is ready.
    const after = (k: AnchorKey): StartupEvent | null => {
      let best: StartupEvent | null = null;
      for (const { ev, pat } of matches) {
        if (ev.t === null || pat.anchor !== k) continue;
        if (engineReadyT !== null && ev.t < engineReadyT) continue;
        if (!best || ev.t < (best.t ?? Infinity)) best = ev;
      }
      return best;
    };
    // engine ready: the "init engine … took" line; V0 prints none, so its last graph-capture line
    const engineReadyEv =
      matches.find(({ ev, pat }) => ev.t !== null && ev.t === engineReadyT && pat.measure === 'init_engine')
        ?.ev ??
      matches
        .filter(({ ev, pat }) => ev.t !== null && pat.measure === 'cuda_graph_capture')
        .map(({ ev }) => ev)
        .reduce<StartupEvent | undefined>((x, y) => (!x || (y.t ?? 0) > (x.t ?? 0) ? y : x), undefined);
    const firstRequest = anchors['first_request'] ?? null;
    const requestError = after('request_error');
    const appReady = after('app_ready');
    // A failure before the engine is ready ends the start-up: the replica never served.
    const failure =
      matches.find(
        ({ ev, pat }) =>
          pat.anchor === 'engine_failed' && (engineReadyT === null || (ev.t !== null && ev.t < engineReadyT)),
      )?.ev ?? null;
    let end: StartupEvent | null = null;
    let endKind: StartupMeasurements['anchors']['endKind'] = null;
    if (failure) [end, endKind] = [failure.t === null ? null : failure, 'engine_failed'];
    else if (firstRequest) [end, endKind] = [firstRequest, 'first_request'];
    else if (requestError) [end, endKind] = [requestError, 'request_error'];
    else if (appReady) [end, endKind] = [appReady, 'app_ready'];
    else if (engineReadyEv) [end, endKind] = [engineReadyEv, 'init_engine'];

    const anchor = (ev: StartupEvent | null | undefined) => {
      const atS = ev ? rel(ev.t) : null;
      return ev && atS !== null ? { atS, line: ev.line } : null;
    };
    if (!start) issues.push({ line: null, message: 'no timestamped line: replica start unknown' });
    if (end && t0 !== null && end.t !== null && end.t < t0) {
      issues.push({ line: end.line, message: 'end marker precedes replica start' });
    }

    const measurements: StartupMeasurements = {
      anchors: {
        end: anchor(end),
        endKind: end ? endKind : null,
        startLoad: anchor(anchors['start_load']),
        downloadTask: anchor(this.processFirst.get('download_model_files')),
        engineConfigTask: anchor(this.processFirst.get('_get_vllm_engine_config')),
        kvAvailable: anchor(anchors['kv_available']),
        kvCacheSize: anchor(anchors['kv_cache_size']),
        engineReady: anchor(engineReadyEv),
      },
      startLine: start?.line ?? null,
      values,
      compileCacheHit: cacheHit,
    };

    const configModel = this.meta['configModel'];
    const isLocalPath = typeof configModel === 'string' && configModel.startsWith('/');
    const modelName =
      (typeof configModel === 'string' && !isLocalPath ? configModel : null) ??
      (typeof this.meta['s3Model'] === 'string' ? this.meta['s3Model'] : null) ??
      (model && !model.startsWith('/') ? model : null) ??
      (typeof this.meta['architecture'] === 'string' ? this.meta['architecture'] : null);
    let status: StartupStatus = 'complete';
    let statusReason: string | null = null;
    if (failure) {
      const lastStep = matches
        .filter(
          ({ ev, pat }) =>
            ev.line < failure.line && pat.anchor !== 'engine_failed' && pat.anchor !== 'request_error',
        )
        .pop();
      status = 'failed';
      statusReason = `failed at line ${failure.line}: ${failure.message.slice(0, 160)}${
        lastStep ? ` (last start-up step: line ${lastStep.ev.line}, ${lastStep.pat.id})` : ''
      }`;
    } else if (!start || !end) {
      status = 'partial';
      statusReason = !start
        ? 'no timestamped line: replica start unknown, no total'
        : 'no end marker (first request, app ready or init engine): the total is the span the excerpt covers';
    } else if (replicaStart === null && this.hasPrelude(start)) {
      status = 'partial';
      statusReason = 'the log starts mid-way (progress output before the first vLLM line)';
    }
    const meta: Meta = {
      ...this.meta,
      startupStatus: status,
      ...(statusReason ? { startupStatusReason: statusReason } : {}),
      model: modelName,
      compileCache: cacheHit === null ? null : cacheHit ? 'hit' : 'miss',
      startedAt: start?.t != null ? stampFromEpoch(start.t) : null,
      endMarker: endKind,
      yearInferred: !this.yearFromLog,
    };
    if (meta['tensorParallelSize'] === undefined && typeof meta['worldSize'] === 'number') {
      meta['tensorParallelSize'] = meta['worldSize'];
    }
    return {
      status,
      statusReason,
      engine: engine ?? null,
      knownMessages: matches.length + this.knownMeta,
      meta,
      measurements,
      events: events
        .map((ev) => ({
          line: ev.line,
          atS: rel(ev.t),
          process: ev.process,
          pid: ev.pid,
          level: ev.level,
          message: ev.repeated > 0 ? `${ev.message} [repeated ${ev.repeated}x across cluster]` : ev.message,
        }))
        .sort((a, b) => (a.atS ?? Infinity) - (b.atS ?? Infinity) || a.line - b.line),
      issues,
      stats: {
        lines: this.lines,
        events: events.length,
        duplicates: this.duplicates,
        dropped: this.dropped,
      },
    };
  }

  /** True when the first stamped line is not the first line with content (an excerpt of a longer log). */
  private hasPrelude(start: StartupEvent): boolean {
    return this.events.some((ev) => ev.line < start.line && ev.t === null && /\d+%|it\/s/.test(ev.message));
  }

  private addValue(
    perRank: Map<string, Map<string, RankValue>>,
    key: MeasureKey,
    m: RegExpExecArray,
    group: number,
    ev: StartupEvent,
    rel: (t: number | null) => number | null,
  ): void {
    const raw = m[group];
    if (raw === undefined) return; // e.g. a cache load printed without its duration
    const valueS = Number(raw);
    if (!Number.isFinite(valueS)) {
      this.issues.push({ line: ev.line, message: `unreadable number "${raw}"` });
      return;
    }
    const rank = ev.pid ?? ev.process ?? 'main';
    let ranks = perRank.get(key);
    if (!ranks) perRank.set(key, (ranks = new Map()));
    const cur = ranks.get(rank);
    const rv: RankValue = { rank, valueS, repeated: ev.repeated, atS: rel(ev.t), line: ev.line };
    if (!cur) ranks.set(rank, rv);
    else if (key === 'inductor_compile') {
      // several graphs (shapes, compile ranges) per rank: the rank's compile time is their sum
      ranks.set(rank, { ...cur, valueS: Math.round((cur.valueS + valueS) * 1e6) / 1e6 });
    } else if (valueS > cur.valueS) ranks.set(rank, rv);
  }
}

function stampFromEpoch(t: number): string {
  const d = new Date(t * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}
