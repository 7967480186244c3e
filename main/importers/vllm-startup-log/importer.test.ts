// The start-up log consumer: lines over MAX_LINE_BYTES are cut and each cut is an issue with its
// line, the first MAX_CUT_ISSUES one by one and the rest as a count.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LineSplitter, MAX_LINE_BYTES } from '../line-reader';
import { vllmStartupLogImporter } from './importer';

const fixture = readFileSync(new URL('./fixtures/vllm-serve-2026.log', import.meta.url), 'utf8');

describe('vllm-startup-log consumer', () => {
  it('reports the first 20 cut lines by line, the others as a count, and still parses the log', () => {
    const c = vllmStartupLogImporter.consumer();
    c.push(Buffer.from(fixture));
    const long = Buffer.from(`${'q'.repeat(MAX_LINE_BYTES + 9)}\n`);
    for (let k = 0; k < 23; k++) c.push(long);
    const [rec, ...rest] = c.end();
    expect(rest).toEqual([]);
    if (rec?.kind !== 'startup') throw new Error('expected a start-up record');
    const cuts = rec.result.issues.filter((i) => /cut/.test(i.message));
    // lines of the fixture as the splitter counts them (tqdm's \r redraws are lines too)
    const splitter = new LineSplitter();
    const first = [...splitter.push(fixture), ...splitter.end()].length + 1;
    expect(cuts).toHaveLength(21);
    expect(cuts[0]).toEqual({
      line: first,
      message: `line cut to ${MAX_LINE_BYTES} bytes (9 more bytes not read)`,
      limit: true,
    });
    expect(cuts[19]?.line).toBe(first + 19);
    expect(cuts[20]).toEqual({ line: null, message: '3 more lines cut', limit: true });
    expect(rec.result.knownMessages).toBeGreaterThan(0);
  });

  it('reads each gallery log saved through `grep -n` (byte path and text path) as it reads the log', () => {
    const dir = new URL('../../../tests/fixtures/gallery/logs/', import.meta.url);
    const read = (text: string) => {
      const c = vllmStartupLogImporter.consumer();
      // in small pieces: lines cross chunk boundaries as they do from disk
      const buf = Buffer.from(text);
      for (let at = 0; at < buf.length; at += 4096) c.push(buf.subarray(at, at + 4096));
      return c
        .end()
        .map((r) =>
          r.kind === 'startup'
            ? [r.result.engine, r.result.status, r.result.measurements.values, r.result.issues.length]
            : r.kind,
        );
    };
    let numbered = 0;
    for (const f of readdirSync(dir).sort()) {
      const text = readFileSync(new URL(f, dir), 'utf8');
      if (!text.includes('INFO')) continue;
      const grepped = text
        .split('\n')
        .map((l, i) => (l.length === 0 ? l : `${i + 1}:${l}`))
        .join('\n');
      expect([f, read(grepped)]).toEqual([f, read(text)]);
      numbered++;
    }
    expect(numbered).toBeGreaterThanOrEqual(25);
  });
});
