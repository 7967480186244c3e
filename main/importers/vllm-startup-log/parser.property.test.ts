// Property test of the start-up log parser on the real gallery logs: random stacks of wrappers,
// truncations and interleavings never make it throw, never change what it reads, and never produce
// a duration that is not printed in the text.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitLines } from '../line-reader';
import { StartupLogParser } from './parser';

const DIR = new URL('../../../tests/fixtures/gallery/logs/', import.meta.url);
const LOGS = readdirSync(DIR)
  .sort()
  .map((f) => readFileSync(new URL(f, DIR), 'utf8'));

function parse(text: string) {
  const p = new StartupLogParser();
  for (const l of splitLines(text)) p.push(l.text, l.line);
  return p.finish();
}

const values = (text: string) =>
  Object.fromEntries(
    Object.entries(parse(text).measurements.values).map(([k, vs]) => [k, vs.map((v) => [v.rank, v.valueS])]),
  );

/** Wrappers real collectors put before a line; each takes the line and returns it wrapped. */
const WRAPPERS: readonly ((l: string) => string)[] = [
  (l) => `- ${l}`,
  (l) => `    ${l}`,
  (l) => `2026-01-02T03:04:05.123456789Z ${l}`,
  (l) => `[2026-01-02T03:04:05Z] ${l}`,
  (l) => `vllm-1  | ${l}`,
  (l) => `2026-01-02T03:04:05,595 [INFO ] W-9000-model_1.0-stdout MODEL_LOG - ${l}`,
  (l) => `Jan  2 03:04:05 gpu-node-1 vllm[8727]: ${l}`,
  (l) => `0: ${l}`,
  (l) => `1139:${l}`,
  (l) => `vllm.log:1139:${l}`,
  (l) => `\x1b[32m${l}\x1b[0m`,
];

const wrapperStack = fc.array(fc.integer({ min: 0, max: WRAPPERS.length - 1 }), {
  minLength: 1,
  maxLength: 3,
});
const logIndex = fc.integer({ min: 0, max: LOGS.length - 1 });

function numbersIn(text: string): Set<number> {
  return new Set([...text.matchAll(/\d+(?:\.\d+)?/g)].map((m) => Number(m[0])));
}

describe('StartupLogParser properties on the gallery', () => {
  it('reads the same values through any stack of wrappers on every line', () => {
    fc.assert(
      fc.property(logIndex, wrapperStack, (i, stack) => {
        const text = LOGS[i] ?? '';
        const wrapped = text
          .split('\n')
          .map((l) => (l.length === 0 ? l : stack.reduceRight((acc, w) => WRAPPERS[w]?.(acc) ?? acc, l)))
          .join('\n');
        expect(values(wrapped)).toEqual(values(text));
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on a truncated log and reads only numbers the kept text prints', () => {
    fc.assert(
      fc.property(logIndex, fc.nat(), fc.nat(), (i, a, b) => {
        const text = LOGS[i] ?? '';
        const from = a % (text.length + 1);
        const to = from + (b % (text.length - from + 1));
        const cut = text.slice(from, to);
        const r = parse(cut);
        const printed = numbersIn(cut);
        for (const [key, vs] of Object.entries(r.measurements.values)) {
          // a rank's graph compiles are summed: only a single graph's value is printed as such
          if (key === 'inductor_compile') continue;
          for (const v of vs) expect(printed.has(v.valueS)).toBe(true);
        }
        expect(['complete', 'partial', 'failed']).toContain(r.status);
      }),
      { numRuns: 300 },
    );
  });

  it('interleaving two logs line by line never invents a value', () => {
    fc.assert(
      fc.property(logIndex, logIndex, fc.array(fc.boolean(), { maxLength: 400 }), (i, j, picks) => {
        const x = (LOGS[i] ?? '').split('\n');
        const y = (LOGS[j] ?? '').split('\n');
        const out: string[] = [];
        let k = 0;
        while (x.length > 0 || y.length > 0) {
          const fromX = y.length === 0 || (x.length > 0 && (picks[k++ % Math.max(1, picks.length)] ?? true));
          out.push((fromX ? x.shift() : y.shift()) ?? '');
        }
        const text = out.join('\n');
        const printed = numbersIn(text);
        const r = parse(text);
        for (const [key, vs] of Object.entries(r.measurements.values)) {
          if (key === 'inductor_compile') continue;
          for (const v of vs) expect(printed.has(v.valueS)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reads every gallery log through `grep -n` (each line behind its number) as it reads the log', () => {
    for (const text of LOGS) {
      const numbered = text
        .split('\n')
        .map((l, i) => (l.length === 0 ? l : `${i + 1}:${l}`))
        .join('\n');
      const [a, b] = [parse(numbered), parse(text)];
      expect(values(numbered)).toEqual(values(text));
      expect([a.status, a.engine, a.issues.length]).toEqual([b.status, b.engine, b.issues.length]);
    }
  });
});
