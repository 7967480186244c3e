// Streaming reader for one top-level JSON object, fed text chunk by chunk. Scalars and small
// values are kept; per-request arrays (`--save-detailed`) are reduced to a count and numeric
// summary as they stream by, so a file of hundreds of MB never sits in memory. Accepts Python's
// NaN / Infinity / -Infinity tokens (vLLM writes them; JSON.parse rejects them) as flagged nulls.

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

type Frame =
  | {
      kind: 'object';
      value: { [k: string]: JsonValue };
      key: string | null;
      expect: 'key' | 'colon' | 'value' | 'comma';
    }
  | { kind: 'array'; value: JsonValue[]; expect: 'value' | 'comma' }
  | { kind: 'summary'; depth: number; summary: ArraySummary };

const WS = new Set([' ', '\t', '\n', '\r']);

export class JsonObjectScanner {
  private line = 1;
  private str: string[] | null = null;
  private escape = false;
  private unicode: string | null = null;
  private atom = '';
  private stack: Frame[] = [];
  private topKey: string | null = null;
  private done = false;
  private started = false;
  readonly result: ScanResult = { fields: new Map(), nonFinite: new Map(), summarised: new Map() };

  feed(chunk: string): void {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i] as string;
      if (c === '\n') this.line++;
      if (this.str !== null) {
        this.stringChar(c);
        continue;
      }
      const code = c.charCodeAt(0);
      if (
        (code >= 48 && code <= 57) || // 0-9
        (code >= 65 && code <= 90) || // A-Z
        (code >= 97 && code <= 122) || // a-z
        code === 46 || // .
        code === 43 || // +
        code === 45 // -
      ) {
        this.atom += c;
        continue;
      }
      if (this.atom) this.flushAtom();
      if (WS.has(c)) continue;
      if (c === '"') {
        if (this.stack.length === 0) this.fail('expected "{" at the start of the file');
        this.str = [];
        continue;
      }
      this.structural(c);
    }
  }

  end(): ScanResult {
    if (this.atom) this.flushAtom();
    if (this.str !== null)
      throw new JsonScanError(
        'unexpected end of file inside a string (file still being written?)',
        this.line,
      );
    if (!this.started) throw new JsonScanError('empty file: expected a JSON object', this.line);
    if (!this.done)
      throw new JsonScanError('unexpected end of file: the JSON object is not closed', this.line);
    return this.result;
  }

  private fail(msg: string): never {
    throw new JsonScanError(msg, this.line);
  }

  private stringChar(c: string): void {
    const s = this.str as string[];
    if (this.unicode !== null) {
      this.unicode += c;
      if (this.unicode.length === 4) {
        s.push(String.fromCharCode(parseInt(this.unicode, 16)));
        this.unicode = null;
      }
      return;
    }
    if (this.escape) {
      this.escape = false;
      const map: Record<string, string> = {
        n: '\n',
        t: '\t',
        r: '\r',
        b: '\b',
        f: '\f',
        '"': '"',
        '\\': '\\',
        '/': '/',
      };
      if (c === 'u') this.unicode = '';
      else s.push(map[c] ?? c);
      return;
    }
    if (c === '\\') {
      this.escape = true;
      return;
    }
    if (c === '"') {
      const text = s.join('');
      this.str = null;
      this.stringDone(text);
      return;
    }
    // summaries only count strings: don't keep their characters
    const top = this.stack[this.stack.length - 1];
    if (!top || top.kind !== 'summary') s.push(c);
  }

  private stringDone(text: string): void {
    const top = this.stack[this.stack.length - 1];
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
    if (top.kind === 'array') {
      if (top.expect !== 'value') this.fail('expected "," or "]"');
      top.value.push(v);
      top.expect = 'comma';
      if (this.stack.length === 2 && top.value.length > KEEP_ARRAY_MAX) this.toSummary();
      return;
    }
    if (top.expect !== 'value') this.fail(top.expect === 'colon' ? 'expected ":"' : 'expected "," or "}"');
    if (top.key === null) this.fail('value without a key');
    top.value[top.key] = v;
    if (this.stack.length === 1 && nf) this.result.nonFinite.set(top.key, nf);
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
    if (this.done) this.fail(`unexpected "${c}" after the end of the object`);
    switch (c) {
      case '{':
      case '[': {
        if (!top) {
          if (c === '[') this.fail('expected a JSON object, found an array');
          this.started = true;
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
          if (c !== ']') this.fail('expected "]"');
          this.stack.pop();
          this.result.summarised.set(this.topKey ?? '?', top.summary);
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
            this.result.fields.set(k, v);
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

  /** A nested container closed: store it in its parent (or drop it for a finished summary). */
  private afterNested(v: JsonValue | null): void {
    const parent = this.stack[this.stack.length - 1];
    if (!parent) return;
    if (parent.kind === 'object') {
      if (v !== null && parent.key !== null) parent.value[parent.key] = v;
      else if (parent.key !== null && this.stack.length === 1) delete parent.value[parent.key];
      parent.expect = 'comma';
    } else if (parent.kind === 'array') {
      if (v !== null) parent.value.push(v);
      parent.expect = 'comma';
      if (this.stack.length === 2 && parent.value.length > KEEP_ARRAY_MAX) this.toSummary();
    }
  }
}
