import { describe, expect, it } from 'vitest';
import { JsonObjectScanner, JsonScanError } from './json-scanner';

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
});
