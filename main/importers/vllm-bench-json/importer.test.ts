// The bench-json consumer: one record per JSON object (JSON Lines placed as `#N` with their line),
// and the scanner's memory bounds (cut strings) reported as issues of the point they cut.
import { describe, expect, it } from 'vitest';
import type { ImportRecord } from '../types';
import { vllmBenchJsonImporter } from './importer';
import { MAX_STRING_CHARS } from './json-scanner';

function records(text: string): ImportRecord[] {
  const c = vllmBenchJsonImporter.consumer();
  // fed in small pieces, as a stream would be
  const buf = Buffer.from(text);
  for (let at = 0; at < buf.length; at += 7) c.push(buf.subarray(at, at + 7));
  return c.end();
}

describe('vllm-bench-json consumer', () => {
  it('gives a one-object file one record without an ordinal', () => {
    const [rec, ...rest] = records('{"completed": 3, "num_prompts": 3, "max_concurrency": 2}');
    expect(rest).toEqual([]);
    expect(rec).toMatchObject({ kind: 'serving-point', point: { concurrency: 2 } });
    expect(rec && 'ordinal' in rec).toBe(false);
  });

  it('gives each JSON Lines object its own record, numbered, its issues placed on its line', () => {
    const lines = [
      '{"completed": 1, "num_prompts": 1, "max_concurrency": 1}',
      '{"completed": 2, "num_prompts": 2, "max_concurrency": 4}',
      `{"num_prompts": 2, "max_concurrency": 8, "note": "${'z'.repeat(MAX_STRING_CHARS + 5)}"}`,
    ];
    const recs = records(lines.join('\n') + '\n');
    expect(recs.map((r) => (r.kind === 'serving-point' ? [r.ordinal, r.point.concurrency] : null))).toEqual([
      [1, 1],
      [2, 4],
      [3, 8],
    ]);
    const third = recs[2];
    if (third?.kind !== 'serving-point') throw new Error('expected a serving point');
    expect(third.issues).toContainEqual({
      line: 3,
      message: `string under "note" cut to ${MAX_STRING_CHARS} of ${MAX_STRING_CHARS + 5} characters`,
      limit: true,
    });
    // every issue of a JSON Lines object names a line, so the report can place it
    expect(third.issues.every((i) => i.line === 3)).toBe(true);
  });
});
