import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter, MAX_LINE_BYTES, splitLines, type LineChunk } from './line-reader';

function feed(s: LineSplitter, chunks: Buffer[]): LineChunk[] {
  const out: LineChunk[] = [];
  for (const c of chunks) out.push(...s.push(c));
  out.push(...s.end());
  return out;
}

/** What the split must equal: the whole text split at once, without a trailing empty line. */
function reference(text: string): string[] {
  const parts = text.split(/\r\n|\r|\n/);
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

function cut(buf: Buffer, at: number[]): Buffer[] {
  const points = [...new Set(at.map((n) => n % (buf.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of [...points, buf.length]) {
    out.push(buf.subarray(prev, p));
    prev = p;
  }
  return out;
}

describe('LineSplitter', () => {
  it('splits on \\n, \\r\\n and lone \\r, across chunk boundaries, numbering from 1', () => {
    const s = new LineSplitter();
    const out = feed(
      s,
      ['a\r', '\nb\rc\n', '\n', 'd'].map((t) => Buffer.from(t)),
    );
    expect(out).toEqual([
      { text: 'a', line: 1 },
      { text: 'b', line: 2 },
      { text: 'c', line: 3 },
      { text: '', line: 4 },
      { text: 'd', line: 5 },
    ]);
  });

  it('keeps at most MAX_LINE_BYTES of a huge line and counts the rest, then goes on', () => {
    const s = new LineSplitter();
    const block = Buffer.alloc(1 << 16, 'a');
    const blocks = (3 * MAX_LINE_BYTES) / block.length;
    const lines: LineChunk[] = [];
    for (let i = 0; i < blocks; i++) lines.push(...s.push(block));
    lines.push(...s.push(Buffer.from('\nnext\n')));
    expect(lines.map((l) => [l.text.length, l.line, l.droppedBytes])).toEqual([
      [MAX_LINE_BYTES, 1, 2 * MAX_LINE_BYTES],
      [4, 2, undefined],
    ]);
  });

  it('cuts an over-long line at a character boundary', () => {
    const s = new LineSplitter(5);
    const [l] = feed(s, [Buffer.from('abcdé€x\n')]); // é is 2 bytes: byte 5 is inside it
    expect(l).toEqual({ text: 'abcd', line: 1, droppedBytes: 6 }); // 10 bytes, 4 kept
  });

  it('random chunking gives the same lines as splitting the whole text (UTF-8 cut anywhere)', () => {
    const text = fc
      .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 6 }), fc.constantFrom('\n', '\r', '\r\n')), {
        maxLength: 30,
      })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 10 }), (t, at) => {
        const got = feed(new LineSplitter(), cut(Buffer.from(t, 'utf8'), at));
        expect(got.map((l) => l.text)).toEqual(reference(t));
        expect(got.map((l) => l.line)).toEqual(got.map((_, i) => i + 1));
        expect([...splitLines(t)]).toEqual(got);
      }),
    );
  });

  it('never throws on arbitrary bytes, and never keeps more than its cap', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat(), { maxLength: 10 }), (bytes, at) => {
        const got = feed(new LineSplitter(16), cut(Buffer.from(bytes), at));
        for (const l of got) expect(Buffer.byteLength(l.text)).toBeLessThanOrEqual(16 * 3);
        const total = got.reduce((s, l) => s + l.line, 0);
        expect(total).toBe((got.length * (got.length + 1)) / 2);
      }),
    );
  });
});
