import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  JsonObjectScanner,
  JsonScanError,
  MAX_DEPTH,
  MAX_KEPT_CHARS,
  MAX_OBJECTS,
  MAX_STRING_CHARS,
  MAX_VALUES,
} from './json-scanner';

function scan(text: string, chunk = 7) {
  const s = new JsonObjectScanner();
  for (let i = 0; i < text.length; i += chunk) s.feed(text.slice(i, i + chunk));
  return s.end();
}

describe('JsonObjectScanner', () => {
  it('reads scalars, nested objects and small arrays across chunk boundaries', () => {
    const r = scan(
      '{"a": 1.5e3, "b": "x\\"y\\u00e9", "c": null, "d": true, "e": {"f": [1, 2, {"g": -0.25}]}, "h": []}',
    );
    expect(Object.fromEntries(r.fields)).toEqual({
      a: 1500,
      b: 'x"yé',
      c: null,
      d: true,
      e: { f: [1, 2, { g: -0.25 }] },
      h: [],
    });
  });

  it('accepts NaN / Infinity / -Infinity as flagged nulls', () => {
    const r = scan('{"mean_ttft_ms": NaN, "request_rate": Infinity, "x": -Infinity, "y": 2}');
    expect(r.fields.get('mean_ttft_ms')).toBeNull();
    expect(Object.fromEntries(r.nonFinite)).toEqual({
      mean_ttft_ms: 'NaN',
      request_rate: 'Infinity',
      x: '-Infinity',
    });
    expect(r.fields.get('y')).toBe(2);
  });

  it('summarises per-request arrays without keeping them', () => {
    const r = scan(
      '{"ttfts": [0.1, 0.3, NaN], "itls": [[0.01, 0.02], [], [0.03]], "generated_texts": ["a", "b, [c]"], "errors": [{"msg": "x"}, ""], "k": 1}',
    );
    expect(r.fields.has('ttfts')).toBe(false);
    expect(r.summarised.get('ttfts')).toMatchObject({ count: 3, numbers: 2, min: 0.1, max: 0.3 });
    expect(r.summarised.get('itls')).toMatchObject({ count: 3, numbers: 3, min: 0.01, max: 0.03 });
    expect(r.summarised.get('generated_texts')?.count).toBe(2);
    expect(r.summarised.get('errors')?.count).toBe(2);
    expect(r.fields.get('k')).toBe(1);
  });

  it('summarises unknown top-level arrays once they grow long', () => {
    const big = `{"samples": [${Array.from({ length: 10_050 }, (_, i) => i).join(',')}]}`;
    const r = scan(big, 4096);
    expect(r.fields.has('samples')).toBe(false);
    expect(r.summarised.get('samples')).toMatchObject({ count: 10_050, min: 0, max: 10_049 });
  });

  it('names the line of a syntax error', () => {
    expect(() => scan('{\n  "a": 1,\n  "b": ,\n}')).toThrow(JsonScanError);
    try {
      scan('{\n  "a": 1,\n  "b": ,\n}');
    } catch (e) {
      expect((e as JsonScanError).line).toBe(3);
      expect((e as Error).message).toBe('unexpected ","');
    }
    expect(() => scan('{"a": 1')).toThrow(/not closed/);
    expect(() => scan('[1]')).toThrow(/found an array/);
    expect(() => scan('{"a": tru}')).toThrow(/unexpected token "tru"/);
  });

  it('skips a byte order mark at the start only (issue 9)', () => {
    expect(scan('\ufeff{"a": 1}').fields.get('a')).toBe(1);
    expect(() => scan('{"a": 1}\ufeff')).toThrow(/unexpected "\ufeff" after the end of the object/);
    expect(() => scan(' \ufeff{"a": 1}')).toThrow(/unexpected character/);
  });
});

describe('JsonObjectScanner bounds (issue 9)', () => {
  it('keeps at most MAX_STRING_CHARS of a huge string and reports the cut, instead of holding it whole', () => {
    const s = new JsonObjectScanner();
    const block = 'x'.repeat(1 << 16);
    s.feed('{"completed": 1,\n "big": "');
    const blocks = (3 * MAX_STRING_CHARS) / block.length;
    for (let i = 0; i < blocks; i++) s.feed(block);
    s.feed('", "after": 2}');
    const r = s.end();
    expect((r.fields.get('big') as string).length).toBe(MAX_STRING_CHARS);
    expect(r.truncated).toEqual([{ line: 2, key: 'big', chars: 3 * MAX_STRING_CHARS }]);
    expect(r.fields.get('after')).toBe(2);
  });

  it('reports a cut string inside a nested value under its top-level key, and a cut key as null', () => {
    const long = 'y'.repeat(MAX_STRING_CHARS + 5);
    const r = scan(`{"a": {"b": ["${long}"]}, "${long}": 1}`, 65536);
    expect(r.truncated).toEqual([
      { line: 1, key: 'a', chars: MAX_STRING_CHARS + 5 },
      { line: 1, key: null, chars: MAX_STRING_CHARS + 5 },
    ]);
  });

  it('refuses nesting deeper than MAX_DEPTH with the line, before the store sees it', () => {
    const deep = `{"a":\n${'['.repeat(1000)}${']'.repeat(1000)}}`;
    expect(() => scan(deep, 4096)).toThrow(
      new JsonScanError(`JSON nested deeper than ${MAX_DEPTH} levels`, 2),
    );
    const ok = `{"a": ${'['.repeat(MAX_DEPTH - 1)}${']'.repeat(MAX_DEPTH - 1)}}`;
    expect(scan(ok).fields.has('a')).toBe(true);
  });

  it('refuses an endless bare token instead of growing it', () => {
    expect(() => scan(`{"a": ${'1'.repeat(100_000)}}`, 4096)).toThrow(/over 512 characters/);
  });

  it('keeps at most MAX_VALUES values of one object and counts the rest (keys, scalars, containers)', () => {
    const s = new JsonObjectScanner();
    s.feed('{"first": 1');
    for (let i = 0; i < MAX_VALUES + 48; i++) s.feed(`, "k${i}": ${i}`);
    s.feed(', "obj": {"x": [1, {"y": "z"}]}, "arr": [[1], 2]}');
    const r = s.end();
    expect(r.fields.size).toBe(MAX_VALUES);
    expect(r.fields.get('first')).toBe(1);
    expect(r.fields.has('obj')).toBe(false);
    expect(r.droppedValues).toBe(51); // 1 + (MAX_VALUES + 48) + 2 top-level values, MAX_VALUES kept
    expect(r.summarised.size).toBe(0);
  });

  it('drops values past MAX_KEPT_CHARS without one truncation entry per later string (issue 9: 1 M keys)', () => {
    const s = new JsonObjectScanner();
    const long = 'v'.repeat(1000);
    const over = Math.ceil(MAX_KEPT_CHARS / 1000) + 2000;
    s.feed('{"first": 1');
    for (let i = 0; i < over; i++) s.feed(`, "key_${i}": "${long}"`);
    s.feed('}');
    const r = s.end();
    // before: every string after the budget was listed as "cut" (a million keys: two million entries)
    expect(r.truncated).toEqual([]);
    expect(r.fields.get('first')).toBe(1);
    let kept = 0;
    for (const v of r.fields.values()) if (v === long) kept++;
    expect(kept + r.droppedValues).toBe(over);
    expect(r.droppedValues).toBeGreaterThan(2000);
  });

  it('rejects a bad \\u escape', () => {
    expect(() => scan('{"a": "\\uZZZZ"}')).toThrow(/invalid escape/);
  });
});

describe('JSON Lines (--append-result)', () => {
  it('yields each top-level object as its own result with its start line', () => {
    const s = new JsonObjectScanner();
    s.feed(
      '{"completed": 1, "max_concurrency": 4}\n{"completed": 2,\n "max_concurrency": 8}\n\n{"completed": 3}\n',
    );
    const all = s.endAll();
    expect(all.map((r) => r.fields.get('completed'))).toEqual([1, 2, 3]);
    expect(all.map((r) => r.line)).toEqual([1, 2, 5]);
    expect(s.end().fields.get('completed')).toBe(1);
  });

  it('refuses more than MAX_OBJECTS objects in one file, with the line', () => {
    const s = new JsonObjectScanner();
    expect(() => {
      for (let i = 0; i <= MAX_OBJECTS; i++) s.feed('{"completed": 1}\n');
    }).toThrow(new JsonScanError(`more than ${MAX_OBJECTS} JSON objects in one file`, MAX_OBJECTS + 1));
  });

  it('still rejects junk after an object and a truncated last object', () => {
    expect(() => scan('{"a": 1}\nx')).toThrow(/unexpected token "x"/);
    expect(() => scan('{"a": 1} ]')).toThrow(/unexpected "]" after the end of the object/);
    expect(() => scan('{"a": 1}\n{"b": 2')).toThrow(/not closed/);
  });
});

describe('JsonObjectScanner properties', () => {
  const objects = fc.array(
    fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 6 }),
    { minLength: 1, maxLength: 3 },
  );
  const cuts = fc.array(fc.nat(), { maxLength: 12 });

  function feedCut(text: string, at: number[]): JsonObjectScanner {
    const s = new JsonObjectScanner();
    const points = [...new Set(at.map((n) => n % (text.length + 1)))].sort((a, b) => a - b);
    let prev = 0;
    for (const p of [...points, text.length]) {
      s.feed(text.slice(prev, p));
      prev = p;
    }
    return s;
  }

  it('random chunking gives the same objects as JSON.parse of each line', () => {
    fc.assert(
      fc.property(objects, cuts, (objs, at) => {
        const text = objs.map((o) => JSON.stringify(o)).join('\n');
        const all = feedCut(text, at).endAll();
        expect(all.map((r) => Object.fromEntries(r.fields))).toEqual(
          objs.map((o) => JSON.parse(JSON.stringify(o)) as unknown),
        );
      }),
    );
  });

  it('never throws anything but a JsonScanError on garbage, whatever the chunking', () => {
    const garbage = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.tuple(fc.json(), fc.nat(), fc.string({ maxLength: 5 })).map(([j, n, s]) => {
        const at = n % (j.length + 1);
        return j.slice(0, at) + s + j.slice(at);
      }),
    );
    fc.assert(
      fc.property(garbage, cuts, (text, at) => {
        try {
          feedCut(text, at).endAll();
        } catch (e) {
          expect(e).toBeInstanceOf(JsonScanError);
        }
      }),
    );
  });
});
