// The gallery of real public logs (tests/fixtures/gallery): each file is sniffed as the table says,
// and every duration the parser reads matches the hand-read value within 0.05 s, with nothing extra.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GALLERY } from '../../../tests/fixtures/gallery/gallery-values';
import { derivePhases } from '../../../shared/startup-phases';
import { detectFormat } from '../detect';
import { splitLines } from '../line-reader';
import { StartupLogParser } from './parser';

const read = (file: string) =>
  readFileSync(new URL(`../../../tests/fixtures/gallery/logs/${file}`, import.meta.url));

function parse(text: string) {
  const p = new StartupLogParser();
  for (const l of splitLines(text)) p.push(l.text, l.line);
  return p.finish();
}

describe('gallery of real public start-up logs', () => {
  it('holds at least 25 vLLM logs and the other engines they must be told apart from', () => {
    expect(GALLERY.filter((g) => g.kind !== 'refused').length).toBeGreaterThanOrEqual(25);
    expect(GALLERY.filter((g) => g.kind === 'refused').length).toBeGreaterThanOrEqual(4);
  });

  for (const g of GALLERY) {
    describe(g.file, () => {
      const buf = read(g.file);
      const det = detectFormat(g.file, buf);

      if (g.kind === 'refused') {
        it(`is refused as not a vLLM log (${g.engine ?? ''})`, () => {
          expect(det.format).toBe('unknown');
          expect(det.reason).toBe(`not a vLLM log (looks like ${g.engine ?? ''})`);
        });
        return;
      }

      it('is sniffed as a vLLM start-up log', () => {
        expect(det).toEqual({ format: 'vllm-startup-log' });
      });

      const r = parse(buf.toString('utf8'));
      if (g.kind === 'empty') {
        it('holds no start-up message', () => {
          expect(r.knownMessages).toBe(0);
        });
        return;
      }

      it(`is ${g.status ?? ''}`, () => {
        expect(r.status).toBe(g.status);
        if (r.status !== 'complete') expect(r.statusReason).toBeTruthy();
      });

      it('reads every hand-read value within 0.05 s and invents none', () => {
        const got = Object.fromEntries(
          Object.entries(r.measurements.values).map(([k, vs]) => [k, vs.map((v) => [v.rank, v.valueS])]),
        );
        const want = g.values ?? {};
        expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
        for (const [k, vs] of Object.entries(want)) {
          const gv = got[k] ?? [];
          expect(gv.map(([rank]) => rank)).toEqual(vs.map(([rank]) => rank));
          vs.forEach(([, s], i) => expect(Math.abs(Number(gv[i]?.[1]) - s)).toBeLessThanOrEqual(0.05));
        }
      });

      if (g.wallClockS !== undefined) {
        it('ends where the start-up ended', () => {
          const d = derivePhases(r.measurements, 'slowest');
          expect(Math.abs((d.wallClockS ?? NaN) - (g.wallClockS ?? NaN))).toBeLessThanOrEqual(0.05);
        });
      }

      if (g.meta) {
        it('reads its metadata', () => {
          expect(r.meta).toMatchObject(g.meta ?? {});
        });
      }
    });
  }
});
