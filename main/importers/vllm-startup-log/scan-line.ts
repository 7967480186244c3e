// Byte-level reading of the common start-up line: ANSI colour codes around Ray process prefixes
// "(name pid=N[, ip=X])", then "LEVEL [YYYY-]MM-DD HH:MM:SS[.fff] [loc] message". scanLine reads the
// fields straight from the Buffer (no string, no regex) and gives exactly what parseLine gives for
// the line, with the same de-duplication key, or declines (false): wrappers, non-ASCII, escapes
// past the prefixes, a "[repeated Nx]" suffix, long lines, and messages holding an anchor word of
// the pattern table (found by a 4-byte piece of it, then checked whole): they may match a pattern.
// A declined line takes parseLine's path.
import type { LineStamp } from './parse-line';
import { ANCHOR_WORDS } from './patterns';

/** Lines longer than this are parsed from their first 20,000 characters (parseLine's path). */
export const SCAN_MAX_BYTES = 20_000;

export const LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;
export const LEVEL_INFO = 1;
export const LEVEL_DEBUG = 0;

/** What scanLine read; ranges are byte offsets into the scanned Buffer, -1 when absent. */
export interface Scanned {
  prefixes: number;
  outerS: number;
  outerE: number;
  /** The inner (last) prefix's bytes inside its parentheses. */
  innerS: number;
  innerE: number;
  innerNameS: number;
  innerNameE: number;
  innerPidS: number;
  innerPidE: number;
  level: number;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  locS: number;
  locE: number;
  msgS: number;
  msgE: number;
  /**
   * The line repeats the previous accepted line of the same buffer byte for byte from its inner
   * prefix on (Ray's echo of a worker line): its key is the previous key, already in LINE_KEY, and
   * the other fields are not read.
   */
  repeat: boolean;
  /** The previous accepted line's identity bytes [prevS, prevE) of prevBuf; null: none. */
  prevBuf: Buffer | null;
  prevS: number;
  prevE: number;
}

export function newScanned(): Scanned {
  return {
    prefixes: 0,
    outerS: -1,
    outerE: -1,
    innerS: -1,
    innerE: -1,
    innerNameS: -1,
    innerNameE: -1,
    innerPidS: -1,
    innerPidE: -1,
    level: 0,
    year: -1,
    month: 0,
    day: 0,
    hour: 0,
    minute: 0,
    second: 0,
    locS: -1,
    locE: -1,
    msgS: 0,
    msgE: 0,
    repeat: false,
    prevBuf: null,
    prevS: 0,
    prevE: 0,
  };
}

// ---------------------------------------------------------------------------------------------
// The de-duplication key: two 32-bit hashes (FNV-1a and a murmur-like mix), fed field by field.

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

/** A 32-bit FNV-1a of bytes [from, to) (a cache key for a prefix's decoded strings). */
export function fnv1a(b: Buffer, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193);
  return h;
}

/** The message, 4 characters to a word (as scanLine reads 4 ASCII bytes), then the rest one by one. */
function mixMessage(s: string): void {
  const n = s.length;
  let k = 0;
  for (; k + 4 <= n; k += 4)
    mix(
      s.charCodeAt(k) |
        (s.charCodeAt(k + 1) << 8) |
        (s.charCodeAt(k + 2) << 16) |
        (s.charCodeAt(k + 3) << 24),
    );
  for (; k < n; k++) mix(s.charCodeAt(k));
  mix(124);
}

function mixStamp(year: number | null, s: LineStamp | null): void {
  if (s) {
    mix(year ?? -1);
    mix(s.month);
    mix(s.day);
    mix(s.hour);
    mix(s.minute);
    mix(s.second);
  } else mix(-2);
}

/**
 * The last line's de-duplication key as its two 32-bit hashes, written by scanLine and dedupKey:
 * a typed array, so the key is never boxed on its way to the parser's table.
 */
export const LINE_KEY = new Int32Array(2);

/** The key in LINE_KEY as one number: 32 bits of one hash and 21 of the other (a safe integer). */
export function lineKey(): number {
  return ((LINE_KEY[0] as number) >>> 0) * 0x200000 + (((LINE_KEY[1] as number) >>> 0) & 0x1fffff);
}

/**
 * A line's identity for de-duplication (inner process, pid, stamp, level, message), written to
 * LINE_KEY and returned as one number (lineKey).
 */
export function dedupKey(
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
  mixStamp(stamp?.year ?? null, stamp);
  mixString(level ?? '');
  mixMessage(message);
  LINE_KEY[0] = hashA;
  LINE_KEY[1] = hashB;
  return lineKey();
}

// ---------------------------------------------------------------------------------------------
// Anchor pieces: one 4-byte window of each anchor word (every case variant for /i patterns), in a
// collision-free open table probed once per message byte with a rolling 32-bit window.

function pieceOf(word: string): string {
  // the window least like plain lower-case prose: capitals, digits and punctuation score higher
  let best = word.slice(0, 4);
  let bestScore = -1;
  for (let i = 0; i + 4 <= word.length; i++) {
    const w = word.slice(i, i + 4);
    let score = 0;
    for (const c of w) score += c === ' ' ? 0 : /[a-z]/.test(c) ? 1 : 2;
    if (score > bestScore) [best, bestScore] = [w, score];
  }
  return best;
}

function caseVariants(s: string): string[] {
  let out = [''];
  for (const c of s) {
    const l = c.toLowerCase();
    const u = c.toUpperCase();
    out = l === u ? out.map((o) => o + c) : out.flatMap((o) => [o + l, o + u]);
  }
  return out;
}

/** An anchor word (lower-cased when case-insensitive) and where its piece starts in it. */
interface PieceWord {
  bytes: Buffer;
  at: number;
  caseInsensitive: boolean;
}
const pieceWords = new Map<number, PieceWord[]>();
for (const { words, caseInsensitive } of ANCHOR_WORDS) {
  for (const word of words) {
    const piece = pieceOf(word);
    const entry: PieceWord = {
      bytes: Buffer.from(caseInsensitive ? word.toLowerCase() : word, 'latin1'),
      at: word.indexOf(piece),
      caseInsensitive,
    };
    for (const v of caseInsensitive ? caseVariants(piece) : [piece]) {
      const b = Buffer.from(v, 'latin1');
      const p =
        ((b[0] as number) << 24) | ((b[1] as number) << 16) | ((b[2] as number) << 8) | (b[3] as number) | 0;
      const list = pieceWords.get(p) ?? [];
      list.push(entry);
      pieceWords.set(p, list);
    }
  }
}

const TABLE_BITS = 12;
const TABLE = new Int32Array(1 << TABLE_BITS);
/** The words whose piece is in TABLE's slot. */
const SLOT_WORDS: PieceWord[][] = [];
/** A multiplier that puts every piece in its own slot (found once at start-up). */
let PIECE_MUL = 0x9e3779b1;
for (let attempt = 0; ; attempt++) {
  TABLE.fill(0);
  SLOT_WORDS.length = 0;
  let ok = true;
  for (const [p, words] of pieceWords) {
    const slot = Math.imul(p, PIECE_MUL) >>> (32 - TABLE_BITS);
    if (TABLE[slot] !== 0) {
      ok = false;
      break;
    }
    TABLE[slot] = p;
    SLOT_WORDS[slot] = words;
  }
  if (ok) break;
  if (attempt > 10_000) throw new Error('anchor pieces: no collision-free table');
  PIECE_MUL = (Math.imul(PIECE_MUL, 0x2c1b3c6d) + 0x297a2d39) | 1;
}

/**
 * True when an anchor word whose piece sits in `slot` lies in `b` with its piece at `pieceAt`,
 * inside [from, to).
 */
function wordAround(b: Buffer, pieceAt: number, from: number, to: number, slot: number): boolean {
  for (const cand of SLOT_WORDS[slot] ?? []) {
    const s = pieceAt - cand.at;
    const n = cand.bytes.length;
    if (s < from || s + n > to) continue;
    let j = 0;
    for (; j < n; j++) {
      let c = b[s + j] as number;
      if (cand.caseInsensitive && c >= 65 && c <= 90) c += 32;
      if (c !== cand.bytes[j]) break;
    }
    if (j === n) return true;
  }
  return false;
}

/** True when `text` holds an anchor word of the pattern table (the byte scan's test, for tests). */
export function hasAnchorWord(text: string): boolean {
  const b = Buffer.from(text, 'latin1');
  let w = 0;
  for (let i = 0; i < b.length; i++) {
    w = (w << 8) | (b[i] as number);
    const slot = Math.imul(w, PIECE_MUL) >>> (32 - TABLE_BITS);
    if (TABLE[slot] === w && wordAround(b, i - 3, 0, b.length, slot)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------

const SP = 32;
const ESC = 27;
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isWord(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
/** JS `\s` in ASCII: tab, LF, VT, FF, CR, space. */
function isSpace(c: number): boolean {
  return c === SP || (c >= 9 && c <= 13);
}

/** Skips one CSI escape (`ESC [ params intermediates final`) at i; -1 when it is not one. */
function skipCsi(b: Buffer, i: number, end: number): number {
  if (i + 1 >= end || b[i + 1] !== 91 /* [ */) return -1;
  let j = i + 2;
  while (j < end) {
    const c = b[j] as number;
    if (isDigit(c) || c === 59 /* ; */ || c === 63 /* ? */) j++;
    else break;
  }
  while (j < end) {
    const c = b[j] as number;
    if (c >= 32 && c <= 47) j++;
    else break;
  }
  if (j < end && (b[j] as number) >= 64 && (b[j] as number) <= 126) return j + 1;
  return -1;
}

/** Two ASCII digits at i as a number, or -1. */
function two(b: Buffer, i: number): number {
  const x = (b[i] as number) - 48;
  const y = (b[i + 1] as number) - 48;
  return x >= 0 && x <= 9 && y >= 0 && y <= 9 ? x * 10 + y : -1;
}

/** True when bytes at i spell `w` and a space follows. */
function wordAt(b: Buffer, i: number, end: number, w: string): boolean {
  if (i + w.length >= end) return false;
  for (let k = 0; k < w.length; k++) if (b[i + k] !== w.charCodeAt(k)) return false;
  return b[i + w.length] === SP;
}

/** The level word at i (followed by a space) as an index into LEVELS (5: WARN); -1 if none. */
function levelAt(b: Buffer, i: number, end: number): number {
  const c = b[i];
  if (c === 73 /* I */) return wordAt(b, i, end, 'INFO') ? 1 : -1;
  if (c === 87 /* W */) return wordAt(b, i, end, 'WARNING') ? 2 : wordAt(b, i, end, 'WARN') ? 5 : -1;
  if (c === 68 /* D */) return wordAt(b, i, end, 'DEBUG') ? 0 : -1;
  if (c === 69 /* E */) return wordAt(b, i, end, 'ERROR') ? 3 : -1;
  if (c === 67 /* C */) return wordAt(b, i, end, 'CRITICAL') ? 4 : -1;
  return -1;
}
const LEVEL_LEN = [5, 4, 7, 5, 8, 4];

/**
 * Reads bytes [start, end) of `b` (one line, no line break) into `out`; false when the line is not
 * of the common shape (then parseLine reads it). Never throws.
 */
export function scanLine(b: Buffer, start: number, end: number, out: Scanned): boolean {
  if (end - start > SCAN_MAX_BYTES || end <= start) return false;
  let i = start;
  out.prefixes = 0;
  // ANSI codes and Ray prefixes "(name pid=N[, ip=X])", each prefix followed by at most one space
  for (;;) {
    while (i < end && b[i] === ESC) {
      i = skipCsi(b, i, end);
      if (i < 0) return false;
    }
    if (i >= end) return false;
    if (b[i] !== 40 /* ( */) break;
    // the matching ")" within 400 bytes, as peelPrefix; no escape or non-ASCII inside
    const open = i;
    let depth = 1;
    let close = -1;
    let pidAt = -1;
    for (let j = open + 1; j < end && j - open < 400; j++) {
      const c = b[j] as number;
      if (c === ESC || c >= 128) return false;
      if (c === 40) depth++;
      else if (c === 41 && --depth === 0) {
        close = j;
        break;
      } else if (
        pidAt < 0 &&
        c === 112 /* p */ &&
        b[j + 1] === 105 &&
        b[j + 2] === 100 &&
        b[j + 3] === 61 /* id= */
      ) {
        if (isWord(b[j - 1] as number)) return false; // "xpid=": the regex looks further
        pidAt = j;
      }
    }
    if (close < 0 || pidAt < 0) return false;
    // "pid=" digits, then optionally ", ip=" [\w.:-]+, then ")"
    let k = pidAt + 4;
    const pidS = k;
    while (k < close && isDigit(b[k] as number)) k++;
    if (k === pidS) return false;
    const pidE = k;
    if (k < close) {
      if (b[k] !== 44 /* , */) return false;
      k++;
      while (k < close && isSpace(b[k] as number)) k++;
      if (!(b[k] === 105 && b[k + 1] === 112 && b[k + 2] === 61)) return false; // ip=
      k += 3;
      const ipS = k;
      while (k < close) {
        const c = b[k] as number;
        if (isWord(c) || c === 46 || c === 58 || c === 45) k++;
        else return false;
      }
      if (k === ipS) return false;
    }
    // the name: what precedes pid=, trimmed
    let nS = open + 1;
    let nE = pidAt;
    while (nS < nE && isSpace(b[nS] as number)) nS++;
    while (nE > nS && isSpace(b[nE - 1] as number)) nE--;
    if (out.prefixes === 0) {
      out.outerS = open + 1;
      out.outerE = close;
    }
    out.innerS = open + 1;
    out.innerE = close;
    out.innerNameS = nS;
    out.innerNameE = nE;
    out.innerPidS = pidS;
    out.innerPidE = pidE;
    out.prefixes++;
    i = close + 1;
    // escapes between a prefix and its one space are stripped first
    while (i < end && b[i] === ESC) {
      i = skipCsi(b, i, end);
      if (i < 0) return false;
    }
    if (i < end && isSpace(b[i] as number)) i++;
  }
  if (out.prefixes === 0) {
    out.outerS =
      out.outerE =
      out.innerS =
      out.innerE =
      out.innerNameS =
      out.innerNameE =
      out.innerPidS =
      out.innerPidE =
        -1;
  }
  // the bytes that make the line's identity: the inner prefix on (the header on when none)
  const idS = out.prefixes > 0 ? out.innerS - 1 : i;
  out.repeat = false;
  if (
    out.prevBuf === b &&
    out.prevE - out.prevS === end - idS &&
    b.compare(b, out.prevS, out.prevE, idS, end) === 0
  ) {
    out.repeat = true;
    out.prevS = idS;
    out.prevE = end;
    return true;
  }
  out.prevBuf = null;
  // the header: LEVEL, spaces, [YYYY-]MM-DD[ T]HH:MM:SS[.fff], spaces
  let lv = levelAt(b, i, end);
  if (lv < 0) return false;
  i += LEVEL_LEN[lv] as number;
  if (lv === 5) lv = 2; // WARN is WARNING
  while (i < end && b[i] === SP) i++;
  let year = -1;
  if (i + 4 < end && b[i + 4] === 45 /* - */ && two(b, i) >= 0 && two(b, i + 2) >= 0) {
    year = two(b, i) * 100 + two(b, i + 2);
    i += 5;
  }
  if (i + 14 > end) return false;
  const month = two(b, i);
  const day = two(b, i + 3);
  const hour = two(b, i + 6);
  const minute = two(b, i + 9);
  const second = two(b, i + 12);
  if (
    month < 0 ||
    day < 0 ||
    hour < 0 ||
    minute < 0 ||
    second < 0 ||
    b[i + 2] !== 45 ||
    (b[i + 5] !== SP && b[i + 5] !== 84) /* T */ ||
    b[i + 8] !== 58 ||
    b[i + 11] !== 58
  )
    return false;
  i += 14;
  if (i < end && (b[i] === 46 || b[i] === 44) /* . , */ && i + 1 < end && isDigit(b[i + 1] as number)) {
    i++;
    while (i < end && isDigit(b[i] as number)) i++;
  }
  if (i >= end || b[i] !== SP) return false;
  while (i < end && isSpace(b[i] as number)) i++;
  // Ray's "[repeated Nx…]" / "(Ray deduplicates…)" suffixes, cut before the header is read, end
  // the line in "]" or ")": those lines take parseLine's path
  let last = end;
  while (last > i && isSpace(b[last - 1] as number)) last--;
  if (last > i && (b[last - 1] === 93 || b[last - 1] === 41)) return false;
  // the location: "[anything but ]]" or the pre-0.8 "file.py:N]", then at most one space
  out.locS = out.locE = -1;
  if (i < end && b[i] === 91 /* [ */) {
    let close = i + 1;
    while (close < end && b[close] !== 93 /* ] */) close++;
    if (close > i + 1 && close < end) {
      out.locS = i + 1;
      out.locE = close;
      i = close + 1;
      if (i < end && isSpace(b[i] as number)) i++;
    }
  } else if (i < end) {
    let j = i;
    while (j < end) {
      const c = b[j] as number;
      if (isWord(c) || c === 46 || c === 47 || c === 45) j++;
      else break;
    }
    // the run must end ".py" (with something before it), then ":" digits "]"
    if (
      j - i >= 4 &&
      j < end &&
      b[j] === 58 &&
      b[j - 3] === 46 &&
      b[j - 2] === 112 &&
      b[j - 1] === 121 &&
      isDigit(b[j + 1] as number)
    ) {
      let k = j + 1;
      while (k < end && isDigit(b[k] as number)) k++;
      if (k < end && b[k] === 93) {
        out.locS = i;
        out.locE = k;
        i = k + 1;
        if (i < end && isSpace(b[i] as number)) i++;
      }
    }
  }
  // the message, trailing white space trimmed
  let e = end;
  while (e > i && isSpace(b[e - 1] as number)) e--;
  out.level = lv;
  out.year = year;
  out.month = month;
  out.day = day;
  out.hour = hour;
  out.minute = minute;
  out.second = second;
  out.msgS = i;
  out.msgE = e;
  // the location may hold anything but non-ASCII or escapes (stripped / decoded by parseLine)
  for (let k = out.locS; k < out.locE; k++) {
    const c = b[k] as number;
    if (c >= 128 || c === ESC) return false;
  }
  // the message: hashed 4 bytes at a time (as mixMessage reads 4 characters), each byte window
  // looked up in the piece table (a piece's first byte is never 0, so a window still filling
  // with the line's first bytes never matches)
  // key: name | pid | stamp | level | message, as dedupKey; in locals (module-level variables
  // would box every intermediate 32-bit value), then in LINE_KEY
  let a = 0x811c9dc5;
  let h2 = 0x01000193 ^ (e - i);
  if (out.prefixes > 0) {
    for (let k = out.innerNameS; k < out.innerNameE; k++) {
      const c = b[k] as number;
      a = Math.imul(a ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
    }
    a = Math.imul(a ^ 124, 0x01000193);
    h2 = Math.imul(h2 ^ 124, 0x5bd1e995) ^ (h2 >>> 15);
    for (let k = out.innerPidS; k < out.innerPidE; k++) {
      const c = b[k] as number;
      a = Math.imul(a ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
    }
    a = Math.imul(a ^ 124, 0x01000193);
    h2 = Math.imul(h2 ^ 124, 0x5bd1e995) ^ (h2 >>> 15);
  } else {
    a = Math.imul(a ^ 124, 0x01000193);
    h2 = Math.imul(h2 ^ 124, 0x5bd1e995) ^ (h2 >>> 15);
    a = Math.imul(a ^ 124, 0x01000193);
    h2 = Math.imul(h2 ^ 124, 0x5bd1e995) ^ (h2 >>> 15);
  }
  const lvName = LEVELS[lv] as string;
  for (let k = 0; k < 6 + lvName.length + 1; k++) {
    const c =
      k === 0
        ? year
        : k === 1
          ? month
          : k === 2
            ? day
            : k === 3
              ? hour
              : k === 4
                ? minute
                : k === 5
                  ? second
                  : k < 6 + lvName.length
                    ? lvName.charCodeAt(k - 6)
                    : 124;
    a = Math.imul(a ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
  }
  let w = 0;
  const sh = 32 - TABLE_BITS;
  let k = i;
  for (const e4 = e - 3; k < e4; k += 4) {
    const c0 = b[k] as number;
    const c1 = b[k + 1] as number;
    const c2 = b[k + 2] as number;
    const c3 = b[k + 3] as number;
    if (((c0 | c1 | c2 | c3) & 0x80) !== 0 || c0 === ESC || c1 === ESC || c2 === ESC || c3 === ESC)
      return false;
    const word = c0 | (c1 << 8) | (c2 << 16) | (c3 << 24);
    a = Math.imul(a ^ word, 0x01000193);
    h2 = Math.imul(h2 ^ word, 0x5bd1e995) ^ (h2 >>> 15);
    w = (w << 8) | c0;
    let slot = Math.imul(w, PIECE_MUL) >>> sh;
    if (TABLE[slot] === w && wordAround(b, k - 3, i, e, slot)) return false;
    w = (w << 8) | c1;
    slot = Math.imul(w, PIECE_MUL) >>> sh;
    if (TABLE[slot] === w && wordAround(b, k - 2, i, e, slot)) return false;
    w = (w << 8) | c2;
    slot = Math.imul(w, PIECE_MUL) >>> sh;
    if (TABLE[slot] === w && wordAround(b, k - 1, i, e, slot)) return false;
    w = (w << 8) | c3;
    slot = Math.imul(w, PIECE_MUL) >>> sh;
    if (TABLE[slot] === w && wordAround(b, k, i, e, slot)) return false;
  }
  for (; k < e; k++) {
    const c = b[k] as number;
    if (c >= 128 || c === ESC) return false;
    a = Math.imul(a ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
    w = (w << 8) | c;
    const slot = Math.imul(w, PIECE_MUL) >>> sh;
    if (TABLE[slot] === w && wordAround(b, k - 3, i, e, slot)) return false;
  }
  a = Math.imul(a ^ 124, 0x01000193);
  h2 = Math.imul(h2 ^ 124, 0x5bd1e995) ^ (h2 >>> 15);
  LINE_KEY[0] = a;
  LINE_KEY[1] = h2;
  out.prevBuf = b;
  out.prevS = idS;
  out.prevE = end;
  return true;
}
