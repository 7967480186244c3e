// Startup-log parser: fed one line at a time (so files stream), it de-duplicates Ray's echoed lines,
// orders events by time (inferring the year the log never prints), and collects per-rank values,
// anchors, metadata and problems. finish() returns plain data; it never throws on bad content.
import type { Meta, RankValue } from '../../../shared/model';
import type { StartupMeasurements } from '../../../shared/startup-phases';
import { parseLine, type LineStamp, type ParsedLine } from './parse-line';
import {
  LEVELS,
  LEVEL_INFO,
  LINE_KEY,
  dedupKey,
  fnv1a,
  newScanned,
  scanLine,
  type Scanned,
} from './scan-line';
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
  /** `limit`: a memory bound left lines out (listed in the import report). */
  issues: { line: number | null; message: string; limit?: true }[];
  /**
   * dropped: lines not kept for drill-down (plain INFO lines beyond KEEP_PLAIN_EVENTS, notable
   * lines beyond their kind's bound: see KEEP_PER_KIND).
   */
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

/**
 * Retained events are bounded per message kind: the first KEEP_PER_KIND WARNING/ERROR lines of one
 * kind (level and source location) and the first KEEP_PER_PATTERN lines matching one pattern of the
 * table, then only the latest one, a count and a note event ("N more … not kept").
 */
export const KEEP_PER_KIND = 100;
export const KEEP_PER_PATTERN = 1_000;
/** WARNING/ERROR lines kept in all (beyond it every kind keeps only its latest line and counts). */
export const KEEP_NOTABLE = 20_000;
/**
 * Characters of message text kept in all (messages run to 20,000 characters): beyond it no more
 * lines are kept, each kind keeping only its latest line and counts, so memory stays bounded
 * even on a log of long distinct lines.
 */
export const KEEP_CHARS = 16_000_000;
/** Kinds told apart; lines of further kinds share one kind per level. */
export const MAX_KINDS = 1_000;

/** One message kind's retention: kept lines, and the lines beyond the bound (counted, the latest kept). */
interface Kind {
  level: string | null;
  /** "WARNING lines from worker.py:12", "lines matching start-load" */
  label: string;
  kept: number;
  dropped: number;
  firstDroppedLine: number;
  firstDroppedT: number | null;
  lastDroppedLine: number;
  tail: StartupEvent | null;
  tailMatch: Match | null;
}

/** What a prefix's bytes decode to (cached by their hash: a log has few distinct prefixes). */
interface PrefixInfo {
  hash: number;
  len: number;
  name: string;
  pid: string;
  engine: string | null;
}
const PID_IN_PREFIX = /^(.*?)\s*\bpid=(\d+)(?:,\s*ip=([\w.:-]+))?$/;

/**
 * A set of de-duplication keys with their kept event (or null), open addressing on typed arrays:
 * keys are 53-bit numbers, which a Map (or a call taking one) would box line by line, so the
 * methods read the current line's key from LINE_KEY, written by scanLine / dedupKey, and keep its
 * two parts as 32-bit integers.
 */
class KeyTable {
  /** Slots: a power of two, grown so that at most half are used (small logs stay small). */
  private cap = 1 << 10;
  /** A key is its first hash and the low 21 bits of its second (53 bits); kb -1: an empty slot. */
  private ka = new Int32Array(this.cap);
  private kb = new Int32Array(this.cap).fill(-1);
  private vals: (StartupEvent | null)[] = new Array<StartupEvent | null>(this.cap).fill(null);
  size = 0;

  /** The slot of the current key (LINE_KEY): where it is, or the empty slot it would take. */
  private slot(): number {
    const a = LINE_KEY[0] as number;
    const b = (LINE_KEY[1] as number) & 0x1fffff;
    const mask = this.cap - 1;
    let i = b & mask;
    for (;;) {
      const kb = this.kb[i] as number;
      if (kb === -1 || (kb === b && this.ka[i] === a)) return i;
      i = (i + 1) & mask;
    }
  }

  /** Whether the current key (LINE_KEY) is in the table. */
  has(): boolean {
    return this.kb[this.slot()] !== -1;
  }

  /** The event kept for the current key (null when not kept), undefined when the key is absent. */
  get(): StartupEvent | null | undefined {
    const i = this.slot();
    return this.kb[i] !== -1 ? this.vals[i] : undefined;
  }

  /** Adds the current key (LINE_KEY) with its kept event, or null when the line is not kept. */
  set(ev: StartupEvent | null): void {
    const i = this.slot();
    this.vals[i] = ev;
    if (this.kb[i] !== -1) return;
    this.ka[i] = LINE_KEY[0] as number;
    this.kb[i] = (LINE_KEY[1] as number) & 0x1fffff;
    if (++this.size * 2 > this.cap) this.grow();
  }

  private grow(): void {
    const [ka, kb, vals] = [this.ka, this.kb, this.vals];
    this.cap *= 2;
    this.ka = new Int32Array(this.cap);
    this.kb = new Int32Array(this.cap).fill(-1);
    this.vals = new Array<StartupEvent | null>(this.cap).fill(null);
    const mask = this.cap - 1;
    for (let j = 0; j < kb.length; j++) {
      const b = kb[j] as number;
      if (b === -1) continue;
      let i = b & mask;
      while (this.kb[i] !== -1) i = (i + 1) & mask;
      this.ka[i] = ka[j] as number;
      this.kb[i] = b;
      this.vals[i] = vals[j] ?? null;
    }
  }

  /** Empties the table, keeping its size (the next generation holds as many keys). */
  clear(): void {
    this.kb.fill(-1);
    this.vals.fill(null);
    this.size = 0;
  }
}

interface Match {
  ev: StartupEvent;
  pat: MessagePattern;
  groups: RegExpExecArray;
}

export class StartupLogParser {
  // Echoed copies of a line sit close to it in the file, so de-duplication keys live in two
  // generations that rotate every DEDUP_GENERATION unique lines: memory stays bounded on huge logs.
  private seen = new KeyTable();
  private seenOld = new KeyTable();
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
  private issues: { line: number | null; message: string; limit?: true }[] = [];
  private firstReplicaLine: StartupEvent | null = null;
  private firstStamped: StartupEvent | null = null;
  private processFirst = new Map<string, StartupEvent>();
  private meta: Meta = {};
  private engineSeen = false;
  private yearFromLog = false;
  private knownMeta = 0;
  /** First stamped line of each LLM replica (engine) seen. */
  private replicaFirst = new Map<string, StartupEvent>();

  /** Bytes of the scanned line (scratch, reused), the prefix cache and the epoch cache. */
  private sc: Scanned = newScanned();
  private prefixSlots: (PrefixInfo | undefined)[] = new Array<PrefixInfo | undefined>(256);
  private cCode = -1;
  private cYear = -2;
  private cT = 0;
  private cStateYear: number | null = null;
  private cLastT: number | null = null;
  private cFromLog = false;
  private kinds = new Map<string, Kind>();
  private notableKept = 0;

  /** Characters of kept events' messages, and the budget (KEEP_CHARS unless a test sets it). */
  private keptChars = 0;

  constructor(private readonly keepChars = KEEP_CHARS) {}

  /** Before the lines of a new buffer: a line is compared with the previous one only within one buffer. */
  newChunk(): void {
    this.sc.prevBuf = null;
  }

  push(raw: string, line: number): void {
    this.lines++;
    this.pushText(raw, line);
  }

  /**
   * Bytes [start, end) of `buf` as line `line`: the common line shape is read from the bytes and
   * decoded only when kept; other lines, and lines that may match a pattern, go through push().
   * Call newChunk() before the lines of each new buffer (a reused buffer may hold new content).
   */
  pushBytes(buf: Buffer, start: number, end: number, line: number): void {
    this.lines++;
    if (end <= start) return;
    const sc = this.sc;
    if (!scanLine(buf, start, end, sc)) {
      this.pushText(buf.toString('utf8', start, end), line);
      return;
    }
    if (this.seen.has() || this.seenOld.has()) {
      // a repeat; its "[repeated Nx]" count is 0 (lines with the suffix are not scanned)
      this.duplicates++;
      return;
    }
    if (sc.repeat) {
      // the previous line's key is always still held; read this line in full if it ever is not
      sc.prevBuf = null;
      scanLine(buf, start, end, sc);
    }
    const t = this.epochOf(sc, line);
    let ev: StartupEvent | null = null;
    if (sc.level <= LEVEL_INFO) {
      if (this.plainKept < KEEP_PLAIN_EVENTS && this.keptChars < this.keepChars) {
        this.plainKept++;
        ev = this.eventOf(buf, sc, line, t);
        this.keptChars += ev.message.length;
        this.events.push(ev);
        this.seen.set(ev);
      } else {
        this.dropped++;
        this.seen.set(null);
      }
    } else {
      const level = LEVELS[sc.level] as string;
      ev = this.eventOf(buf, sc, line, t);
      const loc = sc.locS < 0 ? null : buf.toString('latin1', sc.locS, sc.locE);
      this.retain(ev, this.kindOf(level, loc), null);
    }
    if (this.seen.size >= DEDUP_GENERATION) this.rotate();
    // observe(): first stamped line, first line of each replica and Ray task process
    if (!this.firstStamped || t < (this.firstStamped.t ?? Infinity))
      this.firstStamped = ev ??= this.eventOf(buf, sc, line, t);
    if (sc.prefixes === 0) return;
    const outer = this.prefixOf(buf, sc.outerS, sc.outerE);
    if (outer.engine !== null) {
      if (!this.firstReplicaLine || t < (this.firstReplicaLine.t ?? Infinity))
        this.firstReplicaLine = ev ??= this.eventOf(buf, sc, line, t);
      const cur = this.replicaFirst.get(outer.engine);
      if (!cur || t < (cur.t ?? Infinity))
        this.replicaFirst.set(outer.engine, (ev ??= this.eventOf(buf, sc, line, t)));
    }
    if (sc.prefixes === 1 && outer.name) {
      const cur = this.processFirst.get(outer.name);
      if (!cur || t < (cur.t ?? Infinity))
        this.processFirst.set(outer.name, (ev ??= this.eventOf(buf, sc, line, t)));
    }
  }

  /** The current generation of keys becomes the old one; the oldest is forgotten. */
  private rotate(): void {
    const old = this.seenOld;
    this.seenOld = this.seen;
    old.clear();
    this.seen = old;
  }

  /** The kind a WARNING/ERROR line without a pattern match belongs to: level and location. */
  private kindOf(level: string | null, location: string | null): string {
    const key = `${level ?? ''}|${location ?? ''}`;
    if (this.kinds.has(key) || this.kinds.size < MAX_KINDS) return key;
    return `${level ?? ''}|*`;
  }

  /**
   * Keeps a notable event (and its match) within its kind's bound; beyond it, counts the line and
   * holds it as the kind's latest. Returns true when kept.
   */
  private retain(ev: StartupEvent, kindKey: string, match: Match | null): boolean {
    let kind = this.kinds.get(kindKey);
    if (!kind) {
      const loc = kindKey.slice(kindKey.indexOf('|') + 1);
      kind = {
        level: ev.level,
        label: match
          ? `lines matching ${match.pat.id}`
          : `${ev.level ?? ''} lines ${loc === '*' ? 'of other kinds' : loc ? `from ${loc}` : 'without a location'}`,
        kept: 0,
        dropped: 0,
        firstDroppedLine: 0,
        firstDroppedT: null,
        lastDroppedLine: 0,
        tail: null,
        tailMatch: null,
      };
      this.kinds.set(kindKey, kind);
    }
    const keep =
      this.keptChars < this.keepChars &&
      (match ? kind.kept < KEEP_PER_PATTERN : kind.kept < KEEP_PER_KIND && this.notableKept < KEEP_NOTABLE);
    if (keep) {
      kind.kept++;
      this.keptChars += ev.message.length;
      if (!match) this.notableKept++;
      this.events.push(ev);
      if (match) this.matches.push(match);
      // only kept events can still grow their "[repeated Nx]" count
      this.seen.set(ev);
      return true;
    }
    if (kind.dropped++ === 0) {
      kind.firstDroppedLine = ev.line;
      kind.firstDroppedT = ev.t;
    }
    kind.lastDroppedLine = ev.line;
    kind.tail = ev;
    kind.tailMatch = match;
    this.seen.set(null);
    return false;
  }

  /** The epoch of a scanned stamp; a repeat of the previous stamp in the same state costs nothing. */
  private epochOf(sc: Scanned, line: number): number {
    const code = sc.month * 1e8 + sc.day * 1e6 + sc.hour * 1e4 + sc.minute * 100 + sc.second;
    if (
      code === this.cCode &&
      sc.year === this.cYear &&
      this.year === this.cStateYear &&
      this.lastT === this.cLastT &&
      this.yearFromLog === this.cFromLog
    )
      return this.cT;
    const [year, lastT, fromLog, issues] = [this.year, this.lastT, this.yearFromLog, this.issues.length];
    const backwards = this.backwardsLines;
    const t = this.toEpoch(
      {
        year: sc.year < 0 ? null : sc.year,
        month: sc.month,
        day: sc.day,
        hour: sc.hour,
        minute: sc.minute,
        second: sc.second,
      },
      line,
    );
    // cached only where toEpoch left its state as it found it: the same input gives the same t
    if (
      year === this.year &&
      lastT === this.lastT &&
      fromLog === this.yearFromLog &&
      issues === this.issues.length &&
      backwards === this.backwardsLines // a line going backwards is counted each time it appears
    ) {
      [this.cCode, this.cYear, this.cT] = [code, sc.year, t];
      [this.cStateYear, this.cLastT, this.cFromLog] = [year, lastT, fromLog];
    }
    return t;
  }

  /**
   * The decoded prefix of bytes [s, e), from a direct-mapped cache on their hash and length (a log
   * has few distinct prefixes; two of them sharing a 32-bit hash and a length is not guarded).
   */
  private prefixOf(buf: Buffer, s: number, e: number): PrefixInfo {
    const h = fnv1a(buf, s, e);
    const slot = h & 255;
    const cached = this.prefixSlots[slot];
    if (cached && cached.hash === h && cached.len === e - s) return cached;
    const m = PID_IN_PREFIX.exec(buf.toString('latin1', s, e));
    const name = (m?.[1] ?? '').trim();
    const pid = m?.[2] ?? '';
    const ip = m?.[3] ?? null;
    const info: PrefixInfo = {
      hash: h,
      len: e - s,
      name,
      pid,
      engine:
        REPLICA.test(name) && !NOT_LLM_REPLICA.test(name)
          ? `${name} pid=${pid}${ip ? ` ip=${ip}` : ''}`
          : null,
    };
    this.prefixSlots[slot] = info;
    return info;
  }

  private eventOf(buf: Buffer, sc: Scanned, line: number, t: number): StartupEvent {
    const outer = sc.prefixes > 0 ? this.prefixOf(buf, sc.outerS, sc.outerE) : null;
    const inner = sc.prefixes > 0 ? this.prefixOf(buf, sc.innerS, sc.innerE) : null;
    return {
      line,
      engine: outer ? outer.engine : null,
      t,
      process: inner ? inner.name || null : null,
      pid: inner ? inner.pid : null,
      outer: outer ? outer.name : null,
      level: LEVELS[sc.level] as string,
      message: buf.toString('latin1', sc.msgS, sc.msgE),
      repeated: 0,
    };
  }

  private pushText(raw: string, line: number): void {
    if (raw.length === 0) return;
    const p = parseLine(raw.length > 20000 ? raw.slice(0, 20000) : raw);
    if (p.message.length === 0 && p.stamp === null) return;
    const inner = p.prefixes[p.prefixes.length - 1];
    dedupKey(inner?.name ?? '', inner?.pid ?? '', p.stamp, p.level, p.message);
    let prev = this.seen.get();
    if (prev === undefined) prev = this.seenOld.get();
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
    let match: Match | null = null;
    for (let i = 0; i < MESSAGE_PATTERNS.length; i++) {
      const pat = MESSAGE_PATTERNS[i] as MessagePattern;
      if (pat.level && ev.level !== pat.level) continue;
      // a message without the pattern's literal words cannot match it: no regex run
      const anchor = MESSAGE_ANCHORS[i];
      if (anchor && !ev.message.includes(anchor)) continue;
      const groups = pat.regex.exec(ev.message);
      if (!groups) continue;
      match = { ev, pat, groups };
      break;
    }
    if (match) this.retain(ev, `pattern|${match.pat.id}`, match);
    else if (ev.level !== null && ev.level !== 'INFO' && ev.level !== 'DEBUG')
      this.retain(ev, this.kindOf(ev.level, p.location), null);
    else if (this.plainKept < KEEP_PLAIN_EVENTS && this.keptChars < this.keepChars) {
      this.plainKept++;
      this.keptChars += ev.message.length;
      this.events.push(ev);
      // only kept events can still grow their "[repeated Nx]" count
      this.seen.set(ev);
    } else {
      this.dropped++;
      this.seen.set(null);
    }
    if (this.seen.size >= DEDUP_GENERATION) this.rotate();
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
    for (const { ev } of this.allMatches()) if (ev.engine !== null) withValues.add(ev.engine);
    return [...withValues];
  }

  /** Kept matches and each bounded pattern's latest match, in line order. */
  private allMatches(): Match[] {
    const tails: Match[] = [];
    for (const k of this.kinds.values()) if (k.tailMatch) tails.push(k.tailMatch);
    if (tails.length === 0) return this.matches;
    return [...this.matches, ...tails].sort((a, b) => a.ev.line - b.ev.line);
  }

  /** Kept events, each bounded kind's latest line and a note of what it did not keep. */
  private allEvents(): StartupEvent[] {
    const extra: StartupEvent[] = [];
    for (const k of this.kinds.values()) {
      if (!k.tail) continue;
      extra.push(k.tail);
      if (k.dropped < 2) continue;
      extra.push({
        line: k.firstDroppedLine,
        engine: null,
        t: k.firstDroppedT,
        process: null,
        pid: null,
        outer: null,
        level: k.level,
        message: `${(k.dropped - 1).toLocaleString('en-US')} more ${k.label} not kept (lines ${k.firstDroppedLine}–${k.lastDroppedLine}; the last of them is kept)`,
        repeated: 0,
      });
    }
    return extra.length === 0 ? this.events : [...this.events, ...extra];
  }

  /** Lines not kept for drill-down: plain lines beyond KEEP_PLAIN_EVENTS, notable ones beyond their kind's bound. */
  private droppedLines(): number {
    let n = this.dropped;
    for (const k of this.kinds.values()) if (k.dropped > 1) n += k.dropped - 1;
    return n;
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
    const allMatches = this.allMatches();
    const allEvents = this.allEvents();
    const matches = engine === undefined ? allMatches : allMatches.filter((m) => inScope(m.ev));
    const events = engine === undefined ? allEvents : allEvents.filter(inScope);
    const issues = [...this.issues];
    let notKept = 0;
    let kindsCut = 0;
    for (const k of this.kinds.values())
      if (k.dropped > 1) {
        notKept += k.dropped - 1;
        kindsCut++;
      }
    if (notKept > 0)
      issues.push({
        line: null,
        message: `${notKept.toLocaleString('en-US')} more lines of ${kindsCut.toLocaleString('en-US')} message kind${kindsCut === 1 ? '' : 's'} not kept as events (bounded: the first ${KEEP_PER_KIND} WARNING/ERROR lines per kind, ${KEEP_PER_PATTERN.toLocaleString('en-US')} per pattern; each kind's count and latest line are kept)`,
        limit: true,
      });
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
      statusReason = `failed at line ${failure.line}: ${failure.message.length > 160 ? `${failure.message.slice(0, 159)}…` : failure.message}${
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
        dropped: this.droppedLines(),
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
    let ranks = perRank.get(key);
    if (!ranks) perRank.set(key, (ranks = new Map()));
    const rank = rankKey(ev, key, ranks);
    const cur = ranks.get(rank);
    const rv: RankValue = { rank, valueS, repeated: ev.repeated, atS: rel(ev.t), line: ev.line };
    if (!cur) ranks.set(rank, rv);
    else if (key === 'inductor_compile') {
      // several graphs (shapes, compile ranges) per rank: the rank's compile time is their sum
      ranks.set(rank, { ...cur, valueS: Math.round((cur.valueS + valueS) * 1e6) / 1e6 });
    } else if (valueS > cur.valueS) ranks.set(rank, rv);
  }
}

/** A process name that says its parallel rank: `Worker_TP1`, `EngineCore_DP0`, `Worker_DP1_TP0_EP8`, `VllmWorker TP1`. */
const PARALLEL_NAME = /(?:^|[^A-Za-z])(?:TP|DP|PP|EP|DCP|PCP)_?\d+(?![\d])/;

/**
 * The rank a value belongs to: `name pid=N` when the process name says its parallel rank (the
 * label reads TP/DP/EP from it), else the pid or process name. Lines with no prefix at all
 * ("main") repeating a value already read are other processes printing bare lines (vLLM 0.8
 * multiproc workers): each repeat is its own rank `main#2`, `main#3`… in log order, never one
 * merged value (a rank's several graph compiles are summed instead, as for named ranks).
 */
function rankKey(ev: StartupEvent, key: MeasureKey, ranks: ReadonlyMap<string, RankValue>): string {
  if (ev.pid !== null && ev.process !== null && PARALLEL_NAME.test(ev.process))
    return `${ev.process} pid=${ev.pid}`;
  const rank = ev.pid ?? ev.process ?? 'main';
  if (rank !== 'main' || key === 'inductor_compile' || !ranks.has('main')) return rank;
  let n = 2;
  while (ranks.has(`main#${n}`)) n++;
  return `main#${n}`;
}

function stampFromEpoch(t: number): string {
  const d = new Date(t * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}
