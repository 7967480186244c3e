// Streaming reader for top-level JSON objects, fed text chunk by chunk: one object, or several in a
// row (JSON Lines, as `vllm bench serve --append-result` writes), each its own result. Scalars and
// small values are kept; per-request arrays (`--save-detailed`) are reduced to a count and numeric
// summary as they stream by. Memory is bounded: strings are kept up to MAX_STRING_CHARS (the rest is
// counted, not kept, and reported in `truncated`), an object keeps at most MAX_VALUES values and
// MAX_KEPT_CHARS characters (the rest counted in `droppedValues`), nesting beyond MAX_DEPTH and
// over-long tokens are errors naming the line. Time is linear in the input. Accepts Python's NaN / Infinity / -Infinity
// tokens (vLLM writes them; JSON.parse rejects them) as flagged nulls.

export type JsonScalar = string | number | boolean | null;
export type JsonValue = JsonScalar | JsonValue[] | { [k: string]: JsonValue };

export type NonFinite = 'NaN' | 'Infinity' | '-Infinity';

export interface ArraySummary {
  count: number;
  numbers: number;
  min: number | null;
  max: number | null;
  sum: number;
}

export interface ScanResult {
  fields: Map<string, JsonValue>;
  /** Top-level keys whose value was NaN/Infinity (stored as null). */
  nonFinite: Map<string, NonFinite>;
  /** Top-level arrays that were summarised instead of kept. */
  summarised: Map<string, ArraySummary>;
  /** Strings cut to MAX_STRING_CHARS: where, under which top-level key, and their full length. */
  truncated: TruncatedString[];
  /** Line where this object starts (JSON Lines files hold several). */
  line: number;
  /** Values (and their keys) not kept because the object went over MAX_VALUES or MAX_KEPT_CHARS. */
  droppedValues: number;
}

export interface TruncatedString {
  line: number;
  /** Top-level key the string sits under (`null` for a key that was itself too long). */
  key: string | null;
  chars: number;
}

export class JsonScanError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'JsonScanError';
  }
}

/** Arrays under these top-level keys hold one entry per request; they are always summarised. */
export const PER_REQUEST_KEYS = new Set([
  'input_lens',
  'output_lens',
  'ttfts',
  'itls',
  'tpots',
  'e2els',
  'generated_texts',
  'errors',
  'start_times',
  'request_ids',
]);
/** Other top-level arrays longer than this are summarised too. */
const KEEP_ARRAY_MAX = 10_000;
/** Characters kept per string value or key; the rest is counted and reported, never held. */
export const MAX_STRING_CHARS = 1 << 20;
/** Containers nested deeper than this are an error: SQLite's JSON functions stop at 1000 levels. */
export const MAX_DEPTH = 64;
/** Values kept per top-level object (scalars, containers); later ones are counted, not kept. */
export const MAX_VALUES = 100_000;
/** String characters kept per top-level object, over all its strings. */
export const MAX_KEPT_CHARS = 16 << 20;
/** Objects per file (JSON Lines); a file with more is an error, not an ever-growing list. */
export const MAX_OBJECTS = 10_000;
/** A number or bare word longer than this is not one vLLM writes: an error, not a growing buffer. */
const MAX_ATOM_CHARS = 512;

type Frame =
  | {
      kind: 'object';
      value: { [k: string]: JsonValue };
      key: string | null;
      expect: 'key' | 'colon' | 'value' | 'comma';
    }
  | { kind: 'array'; value: JsonValue[]; expect: 'value' | 'comma' }
  | { kind: 'summary'; depth: number; summary: ArraySummary; drop?: '}' | ']'; skip?: boolean };

export interface ScannerOptions {
  /**
   * Keys whose values are read through without being kept, at any depth (other tools' per-request
   * lists: GuideLLM's `requests`); they count against no budget and are not reported as dropped.
   */
  skipKeys?: ReadonlySet<string>;
  /** A file holding one JSON array of objects (a summary list) gives one result per object. */
  topLevelArray?: boolean;
}

const newResult = (line: number): ScanResult => ({
  fields: new Map(),
  nonFinite: new Map(),
  summarised: new Map(),
  truncated: [],
  line,
  droppedValues: 0,
});

/** Sets a key as data: "__proto__" in a file is a key like any other, never the prototype. */
function setKey(o: { [k: string]: JsonValue }, k: string, v: JsonValue): void {
  if (k === '__proto__')
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  '"': '"',
  '\\': '\\',
  '/': '/',
};

export class JsonObjectScanner {
  private line = 1;
  /** Inside a string: the kept parts, their length, and the full length seen. */
  private str: string[] | null = null;
  private strKept = 0;
  private strChars = 0;
  private escape = false;
  private unicode: string | null = null;
  private atom = '';
  private stack: Frame[] = [];
  private topKey: string | null = null;
  private done = false;
  private cur: ScanResult = newResult(1);
  /** What the current object holds so far, against MAX_VALUES and MAX_KEPT_CHARS. */
  private values = 0;
  private chars = 0;
  /** Every complete top-level object so far, in file order. */
  readonly results: ScanResult[] = [];
  /** Inside a top-level array of objects (with `topLevelArray`): expecting an object or a comma. */
  private inList: 'object' | 'comma' | null = null;

  /** No character seen yet: a byte order mark (Windows editors write one) is skipped there. */
  private atStart = true;

  constructor(private readonly options: ScannerOptions = {}) {}

  feed(chunk: string): void {
    const n = chunk.length;
    let from = 0;
    if (this.atStart && n > 0) {
      this.atStart = false;
      if (chunk.charCodeAt(0) === 0xfeff) from = 1;
    }
    for (let i = from; i < n; i++) {
      if (this.str !== null) {
        i = this.stringRun(chunk, i);
        continue;
      }
      const code = chunk.charCodeAt(i);
      if (
        (code >= 48 && code <= 57) || // 0-9
        (code >= 65 && code <= 90) || // A-Z
        (code >= 97 && code <= 122) || // a-z
        code === 46 || // .
        code === 43 || // +
        code === 45 // -
      ) {
        this.atom += chunk[i] as string;
        if (this.atom.length > MAX_ATOM_CHARS)
          this.fail(`unexpected token "${this.atom.slice(0, 40)}…" (over ${MAX_ATOM_CHARS} characters)`);
        continue;
      }
      if (this.atom) this.flushAtom();
      if (code === 10) {
        this.line++;
        continue;
      }
      if (code === 32 || code === 9 || code === 13) continue;
      if (code === 34) {
        if (this.stack.length === 0 && this.inList) this.fail('expected an object in the list');
        if (this.stack.length === 0)
          this.fail(
            this.done
              ? "unexpected '\"' after the end of the object"
              : 'expected "{" at the start of the file',
          );
        this.str = [];
        this.strKept = 0;
        this.strChars = 0;
        continue;
      }
      this.structural(chunk[i] as string);
    }
  }

  /** The first object of the input (the whole of a plain result file). */
  end(): ScanResult {
    const all = this.endAll();
    return all[0] as ScanResult;
  }

  /** Every object of the input, in order (one per line for a JSON Lines file). */
  endAll(): ScanResult[] {
    if (this.atom) this.flushAtom();
    if (this.str !== null)
      throw new JsonScanError(
        'unexpected end of file inside a string (file still being written?)',
        this.line,
      );
    if (this.stack.length > 0)
      throw new JsonScanError('unexpected end of file: the JSON object is not closed', this.line);
    if (this.inList)
      throw new JsonScanError('unexpected end of file: the JSON list is not closed', this.line);
    if (this.results.length === 0) throw new JsonScanError('empty file: expected a JSON object', this.line);
    return this.results;
  }

  private fail(msg: string): never {
    throw new JsonScanError(msg, this.line);
  }

  /** Consumes string characters from `i`; returns the index of the last character consumed. */
  private stringRun(chunk: string, i: number): number {
    const n = chunk.length;
    if (this.unicode !== null) {
      this.unicode += chunk[i] as string;
      if (this.unicode.length === 4) {
        if (!/^[0-9a-fA-F]{4}$/.test(this.unicode)) this.fail(`invalid escape "\\u${this.unicode}"`);
        this.keep(String.fromCharCode(parseInt(this.unicode, 16)));
        this.unicode = null;
      }
      return i;
    }
    if (this.escape) {
      this.escape = false;
      const c = chunk[i] as string;
      if (c === 'u') this.unicode = '';
      else if (c === '\n') {
        this.line++;
        this.keep(c);
      } else this.keep(ESCAPES[c] ?? c);
      return i;
    }
    // a run of plain characters up to the next quote or backslash, taken as one slice
    let j = i;
    for (; j < n; j++) {
      const code = chunk.charCodeAt(j);
      if (code === 34 || code === 92) break;
      if (code === 10) this.line++;
    }
    if (j > i) this.keep(chunk, i, j);
    if (j === n) return n - 1;
    if (chunk.charCodeAt(j) === 92) {
      this.escape = true;
      return j;
    }
    const text = (this.str as string[]).join('');
    const chars = this.strChars;
    this.str = null;
    this.stringDone(text, chars);
    return j;
  }

  /** Keeps characters of the current string up to MAX_STRING_CHARS and counts the rest. */
  private keep(s: string, from = 0, to = s.length): void {
    this.strChars += to - from;
    // summaries only count strings: don't keep their characters
    const top = this.stack[this.stack.length - 1];
    // over the object's budget the value is dropped (and counted) whatever it holds: keep nothing
    if (top?.kind === 'summary' || this.overBudget()) return;
    const room = Math.min(MAX_STRING_CHARS - this.strKept, MAX_KEPT_CHARS - this.chars);
    if (room <= 0) return;
    const take = Math.min(room, to - from);
    (this.str as string[]).push(from === 0 && take === s.length ? s : s.slice(from, from + take));
    this.strKept += take;
    this.chars += take;
  }

  /** The current object holds MAX_VALUES values or MAX_KEPT_CHARS characters: later values are dropped. */
  private overBudget(): boolean {
    return this.values >= MAX_VALUES || this.chars >= MAX_KEPT_CHARS;
  }

  private stringDone(text: string, chars: number): void {
    const top = this.stack[this.stack.length - 1];
    // a string cut by the object's budget is dropped and counted with its value (never one issue per
    // string: a million of them would outweigh the values); only MAX_STRING_CHARS cuts are listed
    if (chars > text.length && top?.kind !== 'summary' && !this.overBudget()) {
      const isKey = top?.kind === 'object' && top.expect === 'key';
      const under = this.stack.length === 1 && top?.kind === 'object' ? top.key : this.topKey;
      this.cur.truncated.push({ line: this.line, key: isKey ? null : under, chars });
    }
    if (top && top.kind === 'object' && top.expect === 'key') {
      top.key = text;
      top.expect = 'colon';
      return;
    }
    this.value(text, null);
  }

  private flushAtom(): void {
    const a = this.atom;
    this.atom = '';
    let v: JsonScalar;
    let nf: NonFinite | null = null;
    if (a === 'true') v = true;
    else if (a === 'false') v = false;
    else if (a === 'null' || a === 'None') v = null;
    else if (a === 'NaN' || a === 'Infinity' || a === '-Infinity') {
      v = null;
      nf = a;
    } else if (/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(a)) v = Number(a);
    else this.fail(`unexpected token "${a.slice(0, 40)}"`);
    this.value(v, nf);
  }

  private value(v: JsonScalar, nf: NonFinite | null): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) this.fail('expected "{" at the start of the file');
    if (top.kind === 'summary') {
      // inside a summarised array only counts and numbers matter; keys of nested objects land here too
      top.summary.count += top.depth === 0 ? 1 : 0;
      if (typeof v === 'number') {
        const s = top.summary;
        s.numbers++;
        s.sum += v;
        s.min = s.min === null ? v : Math.min(s.min, v);
        s.max = s.max === null ? v : Math.max(s.max, v);
      }
      return;
    }
    if (this.overBudget()) {
      if (top.expect !== 'value') this.fail('expected a value');
      this.cur.droppedValues++;
      top.expect = 'comma';
      return;
    }
    this.values++;
    if (top.kind === 'array') {
      if (top.expect !== 'value') this.fail('expected "," or "]"');
      top.value.push(v);
      top.expect = 'comma';
      if (this.stack.length === 2 && top.value.length > KEEP_ARRAY_MAX) this.toSummary();
      return;
    }
    if (top.expect !== 'value') this.fail(top.expect === 'colon' ? 'expected ":"' : 'expected "," or "}"');
    if (top.key === null) this.fail('value without a key');
    setKey(top.value, top.key, v);
    if (this.stack.length === 1 && nf) this.cur.nonFinite.set(top.key, nf);
    top.expect = 'comma';
  }

  /** A kept top-level array grew too long: fold what it holds into a summary and go on summarising. */
  private toSummary(): void {
    const arr = this.stack.pop() as Extract<Frame, { kind: 'array' }>;
    const summary: ArraySummary = { count: 0, numbers: 0, min: null, max: null, sum: 0 };
    const fold = (v: JsonValue, top: boolean) => {
      if (top) summary.count++;
      if (typeof v === 'number') {
        summary.numbers++;
        summary.sum += v;
        summary.min = summary.min === null ? v : Math.min(summary.min, v);
        summary.max = summary.max === null ? v : Math.max(summary.max, v);
      } else if (Array.isArray(v)) v.forEach((x) => fold(x, false));
    };
    arr.value.forEach((v) => fold(v, true));
    this.stack.push({ kind: 'summary', depth: 0, summary });
  }

  private structural(c: string): void {
    const top = this.stack[this.stack.length - 1];
    if (!top && this.listStructural(c)) return;
    if (!top && this.done && c !== '{') this.fail(`unexpected "${c}" after the end of the object`);
    switch (c) {
      case '{':
      case '[': {
        if (!top) {
          if (c === '[') this.fail('expected a JSON object, found an array');
          if (this.inList === 'comma') this.fail('expected "," or "]" between the objects of the list');
          if (this.inList) this.inList = 'comma';
          if (this.results.length >= MAX_OBJECTS)
            this.fail(`more than ${MAX_OBJECTS} JSON objects in one file`);
          this.cur = newResult(this.line);
          this.values = 0;
          this.chars = 0;
          this.stack.push({ kind: 'object', value: {}, key: null, expect: 'key' });
          return;
        }
        if (top.kind === 'summary') {
          top.summary.count += top.depth === 0 ? 1 : 0;
          top.depth++;
          return;
        }
        if (top.kind === 'object' && top.expect !== 'value') this.fail('expected a key');
        if (top.kind === 'array' && top.expect !== 'value') this.fail('expected "," or "]"');
        if (
          c === '[' &&
          this.stack.length === 1 &&
          top.kind === 'object' &&
          top.key &&
          PER_REQUEST_KEYS.has(top.key)
        ) {
          this.topKey = top.key;
          this.stack.push({
            kind: 'summary',
            depth: 0,
            summary: { count: 0, numbers: 0, min: null, max: null, sum: 0 },
          });
          return;
        }
        if (this.stack.length === 1 && top.kind === 'object') this.topKey = top.key;
        if (top.kind === 'object' && top.key !== null && this.options.skipKeys?.has(top.key)) {
          const summary = { count: 0, numbers: 0, min: null, max: null, sum: 0 };
          this.stack.push({ kind: 'summary', depth: 0, summary, drop: c === '{' ? '}' : ']', skip: true });
          return;
        }
        if (this.overBudget()) {
          // over budget: read through the container without keeping it
          this.cur.droppedValues++;
          const summary = { count: 0, numbers: 0, min: null, max: null, sum: 0 };
          this.stack.push({ kind: 'summary', depth: 0, summary, drop: c === '{' ? '}' : ']' });
          return;
        }
        this.values++;
        if (this.stack.length >= MAX_DEPTH) this.fail(`JSON nested deeper than ${MAX_DEPTH} levels`);
        this.stack.push(
          c === '{'
            ? { kind: 'object', value: {}, key: null, expect: 'key' }
            : { kind: 'array', value: [], expect: 'value' },
        );
        return;
      }
      case '}':
      case ']': {
        if (!top) this.fail(`unexpected "${c}"`);
        if (top.kind === 'summary') {
          if (top.depth > 0) {
            top.depth--;
            return;
          }
          if (c !== (top.drop ?? ']')) this.fail(`expected "${top.drop ?? ']'}"`);
          this.stack.pop();
          if (!top.drop) this.cur.summarised.set(this.topKey ?? '?', top.summary);
          this.afterNested(null);
          return;
        }
        if ((c === '}') !== (top.kind === 'object')) this.fail(`unexpected "${c}"`);
        if (
          top.kind === 'object' &&
          top.expect !== 'comma' &&
          !(top.expect === 'key' && Object.keys(top.value).length === 0)
        ) {
          this.fail('unexpected "}"');
        }
        this.stack.pop();
        if (this.stack.length === 0) {
          for (const [k, v] of Object.entries(top.value as { [k: string]: JsonValue }))
            this.cur.fields.set(k, v);
          this.results.push(this.cur);
          this.topKey = null;
          this.done = true;
          return;
        }
        this.afterNested(top.value);
        return;
      }
      case ':':
        if (top?.kind === 'summary') return;
        if (!top || top.kind !== 'object' || top.expect !== 'colon') this.fail('unexpected ":"');
        top.expect = 'value';
        return;
      case ',':
        if (top?.kind === 'summary') return;
        if (!top || top.expect !== 'comma') this.fail('unexpected ","');
        if (top.kind === 'object') top.expect = 'key';
        else top.expect = 'value';
        return;
      default:
        this.fail(`unexpected character "${c}"`);
    }
  }

  /**
   * `[`, `,` and `]` between the objects of a top-level list (with `topLevelArray`); true when `c`
   * was one of them.
   */
  private listStructural(c: string): boolean {
    if (!this.options.topLevelArray) return false;
    if (c === '[' && this.inList === null && this.results.length === 0 && !this.done) {
      this.inList = 'object';
      return true;
    }
    if (c === ',' && this.inList === 'comma') {
      this.inList = 'object';
      return true;
    }
    if (c === ']' && this.inList !== null) {
      if (this.inList === 'object' && this.results.length > 0) this.fail('unexpected "]" after ","');
      this.inList = null;
      this.done = true;
      return true;
    }
    if (this.inList === 'object' && c !== '{') this.fail(`expected an object in the list, found "${c}"`);
    return false;
  }

  /** A nested container closed: store it in its parent (or drop it for a finished summary). */
  private afterNested(v: JsonValue | null): void {
    const parent = this.stack[this.stack.length - 1];
    if (!parent) return;
    if (parent.kind === 'object') {
      if (v !== null && parent.key !== null) setKey(parent.value, parent.key, v);
      else if (parent.key !== null && this.stack.length === 1) delete parent.value[parent.key];
      parent.expect = 'comma';
    } else if (parent.kind === 'array') {
      if (v !== null) parent.value.push(v);
      parent.expect = 'comma';
      if (this.stack.length === 2 && parent.value.length > KEEP_ARRAY_MAX) this.toSummary();
    }
  }
}
