// The parser fed bytes (the importer's path: scanned lines, decoded only when kept) gives the same
// result as fed decoded lines, on every fixture and gallery log and on their interleavings; and the
// events it keeps are bounded per message kind, with the drop counted and noted.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter, splitLines } from '../line-reader';
import { KEEP_NOTABLE, KEEP_PER_KIND, KEEP_PER_PATTERN, StartupLogParser } from './parser';

const DIRS = [
  new URL('./fixtures/', import.meta.url),
  new URL('../../../tests/fixtures/gallery/logs/', import.meta.url),
];
const LOGS = DIRS.flatMap((d) =>
  readdirSync(d)
    .sort()
    .map((f) => readFileSync(new URL(f, d), 'utf8')),
);

function viaText(text: string) {
  const p = new StartupLogParser();
  for (const l of splitLines(text)) p.push(l.text, l.line);
  return p.finishAll();
}

function viaBytes(text: string, chunk = 1 << 16) {
  const p = new StartupLogParser();
  const s = new LineSplitter();
  const data = Buffer.from(text, 'utf8');
  const take = (b: Buffer, from: number, to: number, line: number) => p.pushBytes(b, from, to, line);
  for (let i = 0; i < data.length; i += chunk) {
    p.newChunk();
    s.pushEach(data.subarray(i, i + chunk), take);
  }
  s.endEach(take);
  return p.finishAll();
}

describe('StartupLogParser.pushBytes', () => {
  it('gives the same result as push on every fixture and gallery log', () => {
    expect(LOGS.length).toBeGreaterThan(10);
    for (const text of LOGS) expect(viaBytes(text)).toEqual(viaText(text));
  });

  it('gives the same result on interleaved logs split in any chunks', () => {
    const idx = fc.integer({ min: 0, max: LOGS.length - 1 });
    fc.assert(
      fc.property(
        idx,
        idx,
        fc.array(fc.boolean(), { maxLength: 200 }),
        fc.integer({ min: 1, max: 5000 }),
        (i, j, picks, chunk) => {
          const x = (LOGS[i] ?? '').split('\n');
          const y = (LOGS[j] ?? '').split('\n');
          const out: string[] = [];
          let k = 0;
          while (x.length > 0 || y.length > 0) {
            const fromX =
              y.length === 0 || (x.length > 0 && (picks[k++ % Math.max(1, picks.length)] ?? true));
            out.push((fromX ? x.shift() : y.shift()) ?? '');
          }
          const text = out.join('\n');
          expect(viaBytes(text, chunk)).toEqual(viaText(text));
        },
      ),
      { numRuns: 100 },
    );
  });
});

const W = '(RayWorkerWrapper pid=1000)';
const stamp = (i: number) =>
  `03-02 10:${String(Math.floor(i / 600) % 60).padStart(2, '0')}:${String(Math.floor(i / 10) % 60).padStart(2, '0')}`;

function bounded(lines: string[], bytes: boolean) {
  const text = lines.join('\n');
  const [r] = bytes ? viaBytes(text) : viaText(text);
  if (!r) throw new Error('no result');
  return r;
}

describe('echoed lines', () => {
  it('counts an echo (same bytes from the inner prefix on) as a duplicate, and nothing else', () => {
    const L = '\x1b[36m(ServeReplica:a:LLMServer:m pid=100)\x1b[0m';
    const line = (i: number) => `${W} INFO ${stamp(i)} [worker.py:1] step ${i}`;
    const lines: string[] = [];
    for (let i = 0; i < 300; i++) {
      lines.push(line(i), `${L} (EngineCore pid=2) ${line(i)}`);
      // same bytes after a wrapper whose stamp gives the year: not the same identity
      if (i % 50 === 0) lines.push(`2026-03-02T10:00:00Z ${line(i)}`, line(i));
      // a different inner process with the same message: not a duplicate
      if (i % 70 === 0) lines.push(`(Other pid=3) INFO ${stamp(i)} [worker.py:1] step ${i}`);
    }
    const text = lines.join('\n');
    for (const chunk of [1 << 16, 333]) expect(viaBytes(text, chunk)).toEqual(viaText(text));
    const [r] = viaBytes(text);
    expect(r?.stats.duplicates).toBe(300 + 6);
  });
});

describe('bounded events', () => {
  for (const bytes of [true, false]) {
    it(`keeps ${KEEP_PER_KIND} WARNING lines per location, the last one and a note (${bytes ? 'bytes' : 'text'})`, () => {
      const lines = [`${W} INFO ${stamp(0)} [gpu_model_runner.py:1] Starting to load model m...`];
      for (let i = 0; i < 5000; i++)
        lines.push(`${W} WARNING ${stamp(i)} [scheduler.py:1] group ${i} waits for memory`);
      for (let i = 0; i < 50; i++) lines.push(`${W} WARNING ${stamp(i)} [other.py:9] other ${i}`);
      lines.push(`${W} INFO ${stamp(5000)} [core.py:1] init engine (profile) took 9.00 seconds`);
      const r = bounded(lines, bytes);
      const warn = r.events.filter((e) => e.level === 'WARNING');
      const fromScheduler = warn.filter((e) => /^group \d+ waits/.test(e.message));
      expect(fromScheduler.map((e) => e.message)).toEqual([
        ...Array.from({ length: KEEP_PER_KIND }, (_, i) => `group ${i} waits for memory`),
        'group 4999 waits for memory',
      ]);
      const notes = warn.filter((e) => e.message.includes('not kept'));
      expect(notes.map((e) => [e.line, e.message])).toEqual([
        [
          KEEP_PER_KIND + 2,
          `${(5000 - KEEP_PER_KIND - 1).toLocaleString('en-US')} more WARNING lines from scheduler.py:1 not kept (lines ${KEEP_PER_KIND + 2}–5001; the last of them is kept)`,
        ],
      ]);
      expect(warn.filter((e) => e.message.startsWith('other '))).toHaveLength(50);
      expect(r.stats.dropped).toBe(5000 - KEEP_PER_KIND - 1);
      expect(r.stats.lines).toBe(lines.length);
      // the measurements do not depend on the bound
      expect(r.measurements.anchors.startLoad?.line).toBe(1);
      expect(r.measurements.values['init_engine']?.[0]?.valueS).toBe(9);
    });
  }

  it(`keeps at most ${KEEP_NOTABLE} WARNING lines in all, whatever their kinds`, () => {
    const lines: string[] = [];
    for (let i = 0; i < KEEP_NOTABLE + 3000; i++)
      lines.push(`${W} WARNING ${stamp(i)} [f${i}.py:1] distinct ${i}`);
    const r = bounded(lines, true);
    const notes = r.events.filter((e) => e.message.includes('not kept'));
    // every kind beyond the total keeps its latest line; the kinds past MAX_KINDS share one kind
    expect(r.events.length).toBeLessThan(KEEP_NOTABLE + 1100);
    expect(notes.length).toBeGreaterThan(0);
    expect(r.stats.dropped + r.events.length - notes.length).toBe(lines.length);
  });

  it('keeps no more message text than its budget, long distinct lines included', () => {
    const lines: string[] = [];
    const long = 'x'.repeat(5000);
    for (let i = 0; i < 200; i++) lines.push(`${W} WARNING ${stamp(i)} [f${i % 7}.py:1] ${i} ${long}`);
    for (let i = 0; i < 200; i++) lines.push(`${W} INFO ${stamp(i)} [g.py:1] ${i} ${long}`);
    const p = new StartupLogParser(100_000);
    for (const l of splitLines(lines.join('\n'))) p.push(l.text, l.line);
    const r = p.finish();
    const chars = r.events.reduce((n, e) => n + e.message.length, 0);
    // the budget, plus the line that crossed it, plus each kind's latest line and note
    expect(chars).toBeLessThan(100_000 + 5100 + 8 * 5200);
    expect(r.stats.lines).toBe(400);
    expect(r.stats.dropped).toBeGreaterThan(300);
  });

  it(`keeps the first ${KEEP_PER_PATTERN} lines matching one pattern and the last; anchors unchanged`, () => {
    const lines = [`${W} INFO ${stamp(0)} [gpu_model_runner.py:1] Starting to load model m...`];
    lines.push(`${W} INFO ${stamp(1)} [core.py:1] init engine (profile) took 9.00 seconds`);
    for (let i = 0; i < 3000; i++)
      lines.push(`${W} INFO ${stamp(i + 10)} [async_llm.py:1] Added request r-${i}.`);
    const r = bounded(lines, true);
    const added = r.events.filter((e) => e.message.startsWith('Added request'));
    expect(added).toHaveLength(KEEP_PER_PATTERN + 1);
    expect(added[added.length - 1]?.message).toBe('Added request r-2999.');
    expect(
      r.events.some((e) =>
        e.message.startsWith(
          `${(3000 - KEEP_PER_PATTERN - 1).toLocaleString('en-US')} more lines matching first-request not kept`,
        ),
      ),
    ).toBe(true);
    expect(r.measurements.anchors.end?.line).toBe(3);
    expect(r.measurements.anchors.endKind).toBe('first_request');
  });
});
