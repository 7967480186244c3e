// `benchlens export --table … / --format trace` through the real CLI subprocess: the files it writes,
// their numbers against `show --json` / `compare --json`, and the errors for wrong arguments. The corpus
// part reads BENCHLENS_CORPUS (unset skips, saying so).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { csvParse } from 'd3-dsv';
import { describe, expect, it } from 'vitest';
import type { Comparison, SnapshotDetail } from '../../shared/model';
import type { ChromeTrace } from '../../shared/trace';
import { cli, cliJson, FIXTURES, tempDb } from './cli-helpers';

function expectTraceMatches(trace: ChromeTrace, details: SnapshotDetail[]): void {
  details.forEach((d, i) => {
    const pid = i + 1;
    const name = trace.traceEvents.find((e) => e.ph === 'M' && e.pid === pid && e.name === 'process_name');
    expect(name?.args?.['name']).toBe(d.name);
    const phases = trace.traceEvents.filter((e) => e.ph === 'X' && e.pid === pid && e.cat !== 'rank');
    expect(phases).toHaveLength(d.phases.length);
    for (const p of d.phases) {
      const e = phases.find((x) => x.args?.['id'] === p.id);
      if (e?.ph !== 'X') throw new Error(`${d.name}: no trace event for ${p.id}`);
      expect(Math.abs(e.dur / 1e6 - p.durationS)).toBeLessThanOrEqual(0.5e-6);
      expect(Math.abs(e.ts / 1e6 - p.startS)).toBeLessThanOrEqual(0.5e-6);
      expect(e.args?.['source']).toBe(p.source);
    }
    // events of one thread never overlap (trace viewers nest them)
    const byTid = new Map<number, [number, number][]>();
    for (const e of trace.traceEvents)
      if (e.ph === 'X' && e.pid === pid)
        byTid.set(e.tid, [...(byTid.get(e.tid) ?? []), [e.ts, e.ts + e.dur]]);
    for (const spans of byTid.values())
      for (let k = 1; k < spans.length; k += 1)
        expect(spans[k]?.[0] ?? 0).toBeGreaterThanOrEqual(spans[k - 1]?.[1] ?? 0);
  });
}

describe('benchlens export (tables and traces, fixtures)', () => {
  const db = tempDb();
  const dir = dirname(db);

  it('writes the diff of two snapshots as CSV whose numbers are compare --json’s, and marks manual values', () => {
    expect(cli(db, 'import', FIXTURES).code).toBe(0);
    expect(
      cli(db, 'annotate', 'ray-tp2-cached', '--phase', 'warmup=7.5', '--note', 'stopwatch, "by hand"').code,
    ).toBe(0);
    const out = join(dir, 'diff.csv');
    const r = cli(
      db,
      'export',
      'ray-tp2-base',
      'ray-tp2-cached',
      '--table',
      'diff',
      '--format',
      'csv',
      '-o',
      out,
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/wrote .*diff\.csv \(\d+ bytes\)/);
    const text = readFileSync(out, 'utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = csvParse(text);
    const c = cliJson<Comparison>(db, 'compare', 'ray-tp2-base', 'ray-tp2-cached');
    expect(rows).toHaveLength(c.phases.length + 1);
    for (const p of c.phases) {
      const row = rows.find((x) => x['Phase id'] === p.id);
      expect(row?.['Baseline s'] === '' ? null : Number(row?.['Baseline s'])).toBe(p.baselineS);
      expect(row?.['Candidate s'] === '' ? null : Number(row?.['Candidate s'])).toBe(p.candidateS);
      expect(row?.['Speedup'] === '' ? null : Number(row?.['Speedup'])).toBe(p.speedup);
      expect(row?.['Parent id']).toBe(p.parent ?? '');
    }
    const warm = rows.find((x) => x['Phase id'] === 'warmup');
    expect(warm).toMatchObject({
      'Candidate source': 'manual',
      'Manual note': 'candidate: stopwatch, "by hand"',
    });
    const total = rows.at(-1);
    expect([total?.['Phase'], Number(total?.['Baseline s']), Number(total?.['Candidate s'])]).toEqual([
      'Total',
      c.baseline.totalS,
      c.candidate.totalS,
    ]);
  });

  it('writes phases as Markdown and JSON (the show --json shape) to stdout without -o', () => {
    const md = cli(db, 'export', 'ray-tp2-base', '--table', 'phases', '--format', 'md');
    expect(md.code).toBe(0);
    expect(md.stdout.split('\n')[0]).toBe('| Phase | Start s | Duration s | Share of total | Source |');
    expect(md.stdout).toMatch(/^\| Total \| 0\.0 \| 209\.0 \| 100% \| {2}\|$/m);
    const json = cli(db, 'export', 'ray-tp2-base', '--table', 'phases', '--format', 'json');
    expect(JSON.parse(json.stdout)).toEqual(cliJson<SnapshotDetail>(db, 'show', 'ray-tp2-base'));
    const two = cli(db, 'export', 'ray-tp2-base', 'ray-tp2-cached', '--table', 'phases', '--format', 'json');
    expect((JSON.parse(two.stdout) as SnapshotDetail[]).map((d) => d.name)).toEqual([
      'ray-tp2-base',
      'ray-tp2-cached',
    ]);
  });

  it('writes a Chrome trace whose phase durations equal show --json', () => {
    const out = join(dir, 'trace.json');
    expect(cli(db, 'export', 'ray-tp2-base', 'ray-tp2-cached', '--format', 'trace', '-o', out).code).toBe(0);
    const trace = JSON.parse(readFileSync(out, 'utf8')) as ChromeTrace;
    expectTraceMatches(trace, [
      cliJson<SnapshotDetail>(db, 'show', 'ray-tp2-base'),
      cliJson<SnapshotDetail>(db, 'show', 'ray-tp2-cached'),
    ]);
  });

  it('names what is wrong', () => {
    const cases: [string[], RegExp, number][] = [
      [['export', 'ray-tp2-base'], /export needs --table phases\|diff, --format trace or --figure KIND/, 2],
      [
        ['export', 'ray-tp2-base', '--table', 'rows', '--format', 'csv'],
        /--table expects one of phases, diff; got "rows"/,
        2,
      ],
      [
        ['export', 'ray-tp2-base', '--table', 'phases', '--format', 'xlsx'],
        /--format expects one of csv, md, json, trace; got "xlsx"/,
        2,
      ],
      [['export', 'ray-tp2-base', '--table', 'phases'], /--table phases needs --format csv\|md\|json/, 2],
      [
        ['export', 'ray-tp2-base', '--table', 'diff', '--format', 'csv'],
        /--table diff compares two snapshots .* got 1/,
        2,
      ],
      [['export', 'ray-tp2-base', '--table', 'phases', '--format', 'trace'], /leave out --table/, 2],
      [['export', '--format', 'trace'], /at least one snapshot/, 2],
      [['export', 'nope', '--format', 'trace'], /no snapshot with id or name "nope"/, 1],
      [
        ['export', 'ray-tp2-base', '--format', 'trace', '-o', join(dir, 'missing', 'x.json')],
        /cannot write .*missing.*x\.json/,
        1,
      ],
    ];
    for (const [args, message, code] of cases) {
      const r = cli(db, ...args);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.code, args.join(' ')).toBe(code);
    }
  });
});

const corpus = process.env['BENCHLENS_CORPUS'];

describe.skipIf(!corpus)(
  'benchlens export over the corpus (BENCHLENS_CORPUS; skipped: variable not set)',
  () => {
    const db = tempDb();
    const logs = join(corpus ?? '', 'replica_initialization', 'experiment_terminal_output');

    it('exports the qwen235B base vs all diff as CSV with the 982 s → 260 s totals as plain numbers', () => {
      expect(cli(db, 'import', logs).code).toBe(0);
      const r = cli(db, 'export', 'qwen235B-base', 'qwen235B-all', '--table', 'diff', '--format', 'csv');
      expect(r.code).toBe(0);
      const rows = csvParse(r.stdout);
      const total = rows.find((x) => x['Phase'] === 'Total');
      expect(Number(total?.['Baseline s'])).toBeCloseTo(982, 0);
      expect(Number(total?.['Candidate s'])).toBeCloseTo(260, 0);
      expect(Number(total?.['Speedup'])).toBeCloseTo(3.78, 2);
      expect(Number(rows.find((x) => x['Phase id'] === 'model_loading')?.['Share of saving'])).toBeCloseTo(
        0.94,
        2,
      );
      expect(rows.find((x) => x['Phase id'] === 'weights_download')?.['Parent id']).toBe('model_loading');
      expect(r.stdout).not.toMatch(/\d(x|%)(,|\r)/);
    });

    it('exports traces of every start-up log whose durations equal show --json', () => {
      const names = ['qwen235B-base', 'qwen235B-all', 'llama70b-base', 'llama70B-all'];
      const r = cli(db, 'export', ...names, '--format', 'trace');
      expect(r.code).toBe(0);
      const trace = JSON.parse(r.stdout) as ChromeTrace;
      expectTraceMatches(
        trace,
        names.map((n) => cliJson<SnapshotDetail>(db, 'show', n)),
      );
      expect(trace.traceEvents.some((e) => e.ph === 'i' && e.name === 'End marker (first request)')).toBe(
        true,
      );
    });
  },
);
