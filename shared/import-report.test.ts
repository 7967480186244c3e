import { describe, expect, it } from 'vitest';
import { appendAll } from './arrays';
import { mergeReport } from './import-report';
import { emptyReport, type ImportReport } from './model';

describe('mergeReport', () => {
  it('merges a 190k-entry report without overflowing the stack, in order', () => {
    const n = 190_000;
    const big: ImportReport = {
      ...emptyReport(),
      imported: Array.from({ length: n }, (_, i) => ({
        file: `f${i}.log`,
        snapshotId: i + 1,
        name: `f${i}`,
        kind: 'startup' as const,
      })),
      unchanged: Array.from({ length: n }, (_, i) => ({ file: `u${i}` })),
      errors: Array.from({ length: n }, (_, i) => ({ file: `e${i}`, line: i, message: 'bad' })),
    };
    // the spread this replaces throws RangeError: Maximum call stack size exceeded at this size
    expect(() => [].push(...(Array.from({ length: 2_000_000 }) as never[]))).toThrow(RangeError);
    const into = mergeReport(
      mergeReport(emptyReport(), { ...emptyReport(), skipped: [{ file: 's', reason: 'r' }] }),
      big,
    );
    expect(into.imported).toHaveLength(n);
    expect(into.unchanged).toHaveLength(n);
    expect(into.errors).toHaveLength(n);
    expect(into.skipped).toEqual([{ file: 's', reason: 'r' }]);
    expect(into.imported[n - 1]).toEqual({
      file: `f${n - 1}.log`,
      snapshotId: n,
      name: `f${n - 1}`,
      kind: 'startup',
    });
  });

  it('renames every entry when asked', () => {
    const r = mergeReport(
      emptyReport(),
      {
        imported: [{ file: '/tmp/x/a.zip!b.log', snapshotId: 1, name: 'b', kind: 'startup' }],
        unchanged: [],
        skipped: [{ file: '/tmp/x/a.zip!c', reason: 'r' }],
        errors: [],
        attached: [{ file: '/tmp/x/a.zip!p.png', bundle: null, figureId: 3 }],
      },
      (f) => f.replace('/tmp/x/', ''),
    );
    expect(r.imported[0]?.file).toBe('a.zip!b.log');
    expect(r.skipped[0]?.file).toBe('a.zip!c');
    expect(r.attached).toEqual([{ file: 'a.zip!p.png', bundle: null, figureId: 3 }]);
  });
});

describe('appendAll', () => {
  it('appends a million items in order', () => {
    const out = [1];
    appendAll(
      out,
      Array.from({ length: 1_000_000 }, (_, i) => i),
    );
    expect(out).toHaveLength(1_000_001);
    expect(out[1_000_000]).toBe(999_999);
  });
});
