// Turns one raw terminal line into its parts: wrappers removed (ANSI colour, k8s borders, bullets and
// indentation, docker-compose / CI / RFC 3339 collector stamps, TorchServe MODEL_LOG, journald,
// srun --label, `grep -n` line numbers), nested Ray process prefixes peeled, the vLLM level/timestamp/location
// header read, and Ray's "[repeated Nx across cluster]" suffix split off. Pure; never throws.

export interface ProcessPrefix {
  /** Process name as printed, e.g. "RayWorkerWrapper", "ServeReplica:default:LLMServer:llama"; '' for "(pid=1)". */
  name: string;
  pid: string;
  ip: string | null;
}

export interface LineStamp {
  year: number | null;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export interface ParsedLine {
  prefixes: ProcessPrefix[];
  level: string | null;
  stamp: LineStamp | null;
  /** "core.py:243" */
  location: string | null;
  message: string;
  /** N from "[repeated Nx across cluster]", else 0. */
  repeated: number;
}

// CSI and OSC escape sequences: matching control characters is the point here.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
const REPEATED =
  /\s*\[repeated (\d+)x across cluster\](?:\s*\(Ray deduplicates logs by default\.[^)]*\))?\s*$/;
const DEDUP_HINT = /\s*\(Ray deduplicates logs by default\.[^)]*\)\s*$/;
// "2026-01-02T03:04:05.123Z " (kubectl --timestamps, CI runners) before the real line.
const ISO_PREFIX =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?\s+/;
// "[2025-08-12T08:42:32Z] " a log collector's own stamp in brackets (GitHub Actions, Buildkite…).
const ISO_BRACKET =
  /^\[(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?\]\s*/;
// "[INFO ] W-9000-model_1.0-stdout MODEL_LOG - " TorchServe worker output (after its ISO stamp).
const TORCHSERVE = /^\[(?:TRACE|DEBUG|INFO|WARN|ERROR) ?\] \S+ MODEL_LOG - /;
// "Aug 19 18:30:22 host vllm[8727]: " systemd journal / syslog.
const JOURNALD = /^[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \S+ [\w.@-]+(?:\[\d+\])?: /;
// "1139:" / "vllm.log:1139:" / "1140-" `grep -n` line numbers (and file names) glued to the line,
// up to three deep (grep of grep output), read only before what a line opens with: a Ray prefix,
// a level, a stamp, a border, a bullet, indentation, a journald or docker compose prefix (grep
// sees the file with its wrappers). Each part starts with a digit or a letter and ends at its
// first ":" or "-": no two ways to split a line, so the match is linear on any line.
const GREP_N =
  /^(?:(?:[A-Za-z_./][\w./-]{0,199}:)?\d{1,9}[:-]){1,3}(?=[([│┃║]|[-*•]?\s|(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL)[\s:]|\d{4}-\d{2}-\d{2}[T ]|[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} |[A-Za-z0-9][\w.-]*\s+\|)/;
// "- " / "* " / "• " bullets and "0: " srun --label task prefixes.
const BULLET = /^(?:[-*•]|\d{1,4}:)\s+/;
// "vllm-1  | " docker compose service prefix.
const COMPOSE_PREFIX = /^[A-Za-z0-9][A-Za-z0-9_.-]*(?:-\d+)?\s+\|\s?/;
// k8s/TUI borders: "│ text │" or "| text |".
const BORDER = /^\s*[│┃║]\s?(.*?)\s*[│┃║]?\s*$/;
const HEADER =
  /^(DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL)\s+(?:(\d{4})-)?(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:[.,]\d+)?\s+(?:\[([^\]]+)\]\s?|([\w./-]+\.py:\d+)\]\s?)?(.*)$/;
const PID_IN_PREFIX = /^(.*?)\s*\bpid=(\d+)(?:,\s*ip=([\w.:-]+))?$/;

export function stripAnsi(s: string): string {
  return s.includes('\x1b') ? s.replace(ANSI, '') : s;
}

/** Reads "(name pid=N[, ip=X])" at the start of s, allowing parentheses inside the name. */
function peelPrefix(s: string): { prefix: ProcessPrefix; rest: string } | null {
  if (s.charCodeAt(0) !== 40 /* ( */) return null;
  let depth = 0;
  for (let i = 0; i < s.length && i < 400; i++) {
    const c = s.charCodeAt(i);
    if (c === 40 /* ( */) depth++;
    else if (c === 41 /* ) */) {
      depth--;
      if (depth === 0) {
        const inner = s.slice(1, i);
        const m = PID_IN_PREFIX.exec(inner);
        if (!m) return null;
        return {
          prefix: { name: (m[1] ?? '').trim(), pid: m[2] ?? '', ip: m[3] ?? null },
          rest: s.slice(i + 1).replace(/^\s/, ''),
        };
      }
    }
  }
  return null;
}

export function parseLine(raw: string): ParsedLine {
  const plain = stripAnsi(raw);
  let s = plain.includes('\r') ? plain.replace(/\r/g, '') : plain;
  let isoStamp: LineStamp | null = null;
  // wrappers nest in any order (kubectl --timestamps around docker compose around a k8s border…)
  // a line opening with a Ray prefix "(" has no wrapper: every one of them is skipped at once
  for (let guard = 0; guard < 8 && s.charCodeAt(0) !== 40; guard++) {
    const before = s;
    const border = BORDER.exec(s);
    if (border) s = border[1] ?? '';
    s = s.trimStart();
    const bullet = BULLET.exec(s);
    if (bullet) s = s.slice(bullet[0].length);
    const iso = ISO_PREFIX.exec(s) ?? ISO_BRACKET.exec(s);
    if (iso) {
      isoStamp ??= {
        year: Number(iso[1]),
        month: Number(iso[2]),
        day: Number(iso[3]),
        hour: Number(iso[4]),
        minute: Number(iso[5]),
        second: Number(iso[6]),
      };
      s = s.slice(iso[0].length);
    }
    const ts = TORCHSERVE.exec(s) ?? JOURNALD.exec(s);
    if (ts) s = s.slice(ts[0].length);
    const compose = COMPOSE_PREFIX.exec(s);
    if (compose && !s.startsWith('(')) s = s.slice(compose[0].length);
    // last: a collector's ISO stamp ("2026-01-02T…") is read above, never taken for a line number
    const grep = GREP_N.exec(s);
    if (grep) s = s.slice(grep[0].length);
    if (s === before) break;
  }
  const prefixes: ProcessPrefix[] = [];
  for (;;) {
    const p = peelPrefix(s);
    if (!p) break;
    prefixes.push(p.prefix);
    s = p.rest;
  }
  let repeated = 0;
  // the regexes run only where their literal words are (they scan the whole message otherwise)
  const rep = s.includes('[repeated ') ? REPEATED.exec(s) : null;
  if (rep) {
    repeated = Number(rep[1]);
    s = s.slice(0, rep.index);
  } else {
    if (s.includes('(Ray deduplicates logs by default.')) s = s.replace(DEDUP_HINT, '');
  }
  const h = HEADER.exec(s);
  if (!h) {
    return { prefixes, level: null, stamp: isoStamp, location: null, message: s.trimEnd(), repeated };
  }
  return {
    prefixes,
    level: h[1] === 'WARN' ? 'WARNING' : (h[1] ?? null),
    stamp: {
      year: h[2] ? Number(h[2]) : (isoStamp?.year ?? null),
      month: Number(h[3]),
      day: Number(h[4]),
      hour: Number(h[5]),
      minute: Number(h[6]),
      second: Number(h[7]),
    },
    location: h[8] ?? h[9] ?? null,
    message: (h[10] ?? '').trimEnd(),
    repeated,
  };
}
