// Numbers a user can defend (issue 11) through the real CLI: measured and manual figures side by side,
// manual scenarios, strict inputs that refuse a bad value with the valid list and leave the database as
// it was, rm/rename, and the CLI's manners (per-command help, --version, "did you mean", list width).
import { existsSync } from 'node:fs';
import { csvParse } from 'd3-dsv';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StartupComparison, SnapshotDetail, SnapshotSummary } from '../../shared/model';
import { cli, cliJson, cliRaw, FIXTURES, tempDb } from './cli-helpers';

/** Everything a user can see of the database: the list and every snapshot in full (two processes). */
function state(db: string): string {
  const list = cliJson<SnapshotSummary[]>(db, 'list');
  const ids = list.map((s) => String(s.id));
  const all = cli(db, 'export', ...ids, '--table', 'phases', '--format', 'json');
  return JSON.stringify([list, all.stdout]);
}

describe('strict inputs: refused with the valid values, database unchanged', () => {
  const db = tempDb();
  it('imports the fixtures', () => {
    expect(cli(db, 'import', FIXTURES).code).toBe(0);
  });

  const cases: [string, string[], RegExp][] = [
    [
      'annotate an unknown phase',
      ['annotate', 'ray-tp2-base', '--phase', 'bogus_phase=3'],
      /unknown phase "bogus_phase"; valid phases: fixed_init, compile_cache_download, model_loading.*node_provisioning/,
    ],
    [
      'annotate a near-miss phase',
      ['annotate', 'ray-tp2-base', '--phase', 'fixed_inti=3'],
      /unknown phase "fixed_inti" \(did you mean "fixed_init"\?\)/,
    ],
    [
      '--ranks',
      ['show', 'ray-tp2-base', '--ranks', 'fastest'],
      /--ranks expects one of slowest, first, median; got "fastest"/,
    ],
    [
      '--normalise',
      ['compare', 'ray-tp2-base', 'ray-tp2-cached', '--normalise', 'node'],
      /--normalise expects one of none, replica, gpu; got "node"/,
    ],
    [
      '--x',
      ['compare', 'ray-tp2-base', 'ray-tp2-cached', '--x', 'qps'],
      /--x expects one of concurrency, rate; got "qps"/,
    ],
    [
      '--table',
      ['export', 'ray-tp2-base', '--table', 'phase', '--format', 'csv'],
      /--table expects one of phases, diff; got "phase" \(did you mean "phases"\?\)/,
    ],
    [
      '--format (table)',
      ['export', 'ray-tp2-base', '--table', 'phases', '--format', 'xlsx'],
      /--format expects one of csv, md, json, trace; got "xlsx"/,
    ],
    [
      '--figure',
      ['export', 'ray-tp2-base', '--figure', 'pie', '-o', 'x.svg'],
      /--figure expects one of waterfall, bars, curves, ratio, pareto; got "pie"/,
    ],
    [
      '--theme',
      ['export', 'ray-tp2-base', '--figure', 'waterfall', '--theme', 'blue', '-o', 'x.svg'],
      /--theme expects one of light, dark; got "blue"/,
    ],
    [
      '--format (figure)',
      ['export', 'ray-tp2-base', '--figure', 'waterfall', '--format', 'gif', '-o', 'x.gif'],
      /--format expects one of svg, png, pdf; got "gif"/,
    ],
  ];
  for (const [what, args, message] of cases) {
    it(`refuses ${what}`, () => {
      const before = state(db);
      const r = cli(db, ...args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(state(db)).toBe(before);
    });
  }

  it('refuses gpus=two (typed attributes) and accepts gpus=8', () => {
    const before = state(db);
    const r = cli(db, 'attr', 'ray-tp2-base', 'gpus=two');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/gpus must be a positive whole number \(e\.g\. gpus=4\), got "two"/);
    expect(cli(db, 'attr', 'ray-tp2-base', 'replicas=0').stderr).toMatch(
      /replicas must be a positive whole number/,
    );
    expect(cli(db, 'attr', 'ray-tp2-base', 'tp=1.5').stderr).toMatch(/tp must be a positive whole number/);
    expect(state(db)).toBe(before);
    expect(cliJson<SnapshotSummary>(db, 'attr', 'ray-tp2-base', 'gpus=8').attributes['gpus']).toBe(8);
    expect(cli(db, 'attr', 'ray-tp2-base', 'gpus=').code).toBe(0);
  });

  it('refuses a --db that does not exist unless --create is given', () => {
    const missing = join(tempDb(), '..', 'typo.db');
    const r = cliRaw('list', '--db', missing);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no database at .*typo\.db; check the path, or add --create/);
    expect(existsSync(missing)).toBe(false);
    const made = cliRaw('list', '--db', missing, '--create');
    expect(made.code).toBe(0);
    expect(existsSync(missing)).toBe(true);
    expect(cliRaw('list', '--db', missing).code).toBe(0);
  });
});

describe('measured and manual side by side; scenarios', () => {
  const db = tempDb();
  it('compare --json keeps measuredSpeedup beside a speedup that includes a manual value', () => {
    expect(cli(db, 'import', FIXTURES).code).toBe(0);
    const plain = cliJson<StartupComparison>(db, 'compare', 'ray-tp2-base', 'ray-tp2-cached');
    expect(plain.manual).toBe(false);
    expect(plain.measuredSpeedup).toBe(plain.speedup);
    expect(plain.measuredSavedS).toBe(plain.savedS);

    const scenario = 'published chart assumptions';
    const a = cli(
      db,
      'annotate',
      'ray-tp2-cached',
      '--phase',
      'warmup=40',
      '--phase',
      'node_provisioning=10',
    );
    expect(a.code, a.stderr).toBe(0);
    expect(
      cli(
        db,
        'annotate',
        'ray-tp2-cached',
        '--phase',
        'fixed_init=30',
        '--scenario',
        scenario,
        '--note',
        'chart',
      ).code,
    ).toBe(0);
    const c = cliJson<StartupComparison>(db, 'compare', 'ray-tp2-base', 'ray-tp2-cached');
    expect(c.manual).toBe(true);
    expect(c.candidate.manual).toBe(true);
    expect(c.measuredSpeedup).toBe(plain.speedup);
    expect(c.measuredSavedS).toBe(plain.savedS);
    expect(c.candidate.measuredTotalS).toBe(plain.candidate.totalS);
    expect(c.speedup).not.toBe(plain.speedup);
    expect(c.speedup).toBeCloseTo(c.baseline.totalS / c.candidate.totalS, 5);
    const warmup = c.phases.find((p) => p.id === 'warmup');
    expect(warmup?.candidateS).toBe(40);
    expect(warmup?.candidateMeasuredS).toBe(plain.phases.find((p) => p.id === 'warmup')?.candidateS);

    const text = cli(db, 'compare', 'ray-tp2-base', 'ray-tp2-cached').stdout;
    expect(text).toMatch(/^candidate ray-tp2-cached: [\d.]+ s incl\. manual values \(measured: [\d.]+ s\)$/m);
    expect(text).toMatch(/^speedup {3}[\d.]+x incl\. manual values \([\d.]+ s saved\); measured: [\d.]+x/m);
    const list = cli(db, 'list').stdout;
    expect(list).toMatch(/ray-tp2-cached .*\d\*$/m);
    expect(list).toMatch(/^\* includes manual values; measured from the log: ray-tp2-cached /m);
    const md = cli(
      db,
      'export',
      'ray-tp2-base',
      'ray-tp2-cached',
      '--table',
      'diff',
      '--format',
      'md',
    ).stdout;
    expect(md).toMatch(/^\| Total \(manual\) \|/m);
    const csv = csvParse(
      cli(db, 'export', 'ray-tp2-base', 'ray-tp2-cached', '--table', 'diff', '--format', 'csv').stdout,
    );
    const total = csv.find((r) => r['Phase id'] === 'total');
    expect(Number(total?.['Candidate s'])).toBe(c.candidate.totalS);
    expect(Number(total?.['Candidate measured s'])).toBe(plain.candidate.totalS);
    const warm = csv.find((r) => r['Phase id'] === 'warmup');
    expect([warm?.['Candidate source'], Number(warm?.['Candidate s'])]).toEqual(['manual', 40]);
    expect(Number(warm?.['Candidate measured s'])).toBe(
      plain.phases.find((p) => p.id === 'warmup')?.candidateS,
    );

    // the named scenario switches off, comes back and goes as a whole
    const scen = cliJson<{ scenario: string; enabled: boolean; phases: string[] }[]>(
      db,
      'scenario',
      'ray-tp2-cached',
    );
    expect(scen).toEqual([
      { scenario: '', enabled: true, phases: ['node_provisioning', 'warmup'] },
      { scenario, enabled: true, phases: ['fixed_init'] },
    ]);
    const off = cliJson<SnapshotDetail>(db, 'scenario', 'ray-tp2-cached', 'off', scenario);
    expect(off.phases.find((p) => p.id === 'fixed_init')?.source).not.toBe('manual');
    expect(off.phases.find((p) => p.id === 'warmup')?.source).toBe('manual');
    const on = cliJson<SnapshotDetail>(db, 'scenario', 'ray-tp2-cached', 'on', scenario);
    expect(on.phases.find((p) => p.id === 'fixed_init')).toMatchObject({
      source: 'manual',
      durationS: 30,
      scenario,
    });
    cliJson<SnapshotDetail>(db, 'scenario', 'ray-tp2-cached', 'rm', scenario);
    const rmUnnamed = cliJson<SnapshotDetail>(db, 'scenario', 'ray-tp2-cached', 'rm', '');
    expect(rmUnnamed.phases.some((p) => p.source === 'manual')).toBe(false);
    expect(rmUnnamed.totalS).toBe(plain.candidate.totalS);
    const none = cli(db, 'scenario', 'ray-tp2-cached', 'rm', scenario);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/has no manual scenario "published chart assumptions"/);
  });
});

describe('rm and rename', () => {
  const db = tempDb();
  it('renames to a free name, refuses a taken one, and removes snapshots (all or none)', () => {
    expect(cli(db, 'import', FIXTURES).code).toBe(0);
    const r = cli(db, 'rename', 'vllm-v0', 'v0 engine');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/renamed "vllm-v0" → "v0 engine"/);
    expect(cliJson<SnapshotDetail>(db, 'show', 'v0 engine').name).toBe('v0 engine');
    const taken = cli(db, 'rename', 'v0 engine', 'ray-tp2-base');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/a snapshot named "ray-tp2-base" exists already/);
    expect(cli(db, 'rename', 'v0 engine', '42').stderr).toMatch(/only digits/);

    const before = state(db);
    const bad = cli(db, 'rm', 'v0 engine', 'no-such-snapshot');
    expect(bad.code).toBe(1);
    expect(state(db)).toBe(before);
    const ok = cli(db, 'rm', 'v0 engine', 'k8s-multinode');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(
      /^deleted v0 engine \(id \d+\); undo: benchlens restore [0-9a-f]{12}\ndeleted k8s-multinode/,
    );
    expect(cliJson<SnapshotSummary[]>(db, 'list').map((s) => s.name)).toEqual([
      'ray-tp2-base',
      'ray-tp2-cached',
      'vllm-serve-2026',
    ]);
  });
});

describe('CLI manners', () => {
  const db = tempDb();
  it('prints per-command help, the version, and suggests the nearest command or option', () => {
    const help = cli(db, 'compare', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: benchlens compare <baseline> <candidate>/);
    expect(help.stdout).toMatch(/--ranks slowest\|first\|median/);
    expect(help.stdout).not.toMatch(/benchlens import/);
    expect(cliRaw('help', 'rm').stdout).toMatch(/^Usage: benchlens rm <snapshot>…/);
    const v = cliRaw('--version');
    expect(v.stdout).toMatch(/^benchlens \d+\.\d+\.\d+\n$/);
    const typo = cli(db, 'comapre', 'a', 'b');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/unknown command "comapre"; did you mean "compare"\?/);
    expect(cli(db, 'list', '--wdie').stderr).toMatch(/unknown option --wdie; did you mean --wide\?/);
    expect(cli(db, 'frobnicate').stderr).not.toMatch(/did you mean/);
  });

  it('fits list in 100 columns, and --wide prints names in full', () => {
    expect(cli(db, 'import', FIXTURES).code).toBe(0);
    const long = 'an-experiment-name-that-is-far-too-long-for-a-terminal-of-a-hundred-columns-really';
    expect(cli(db, 'rename', 'vllm-v0', long).code).toBe(0);
    const narrow = cli(db, 'list').stdout.trimEnd().split('\n');
    expect(Math.max(...narrow.map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(narrow.some((l) => l.includes('…'))).toBe(true);
    const wide = cli(db, 'list', '--wide').stdout;
    expect(wide).toContain(long);
  });
});

const corpus = process.env['BENCHLENS_CORPUS'];

describe.skipIf(!corpus)('on the corpus (BENCHLENS_CORPUS; skipped: variable not set)', () => {
  const db = tempDb();
  const logs = join(corpus ?? '', 'replica_initialization', 'experiment_terminal_output');

  it('gives the Llama-3-70B logs one model key and the four Qwen3-235B logs another', () => {
    expect(cli(db, 'import', logs).code).toBe(0);
    const list = cliJson<SnapshotSummary[]>(db, 'list');
    const keyOf = (prefix: string) => [
      ...new Set(list.filter((s) => s.name.startsWith(prefix)).map((s) => s.modelKey)),
    ];
    const llamaNames = new Set(
      list.filter((s) => s.name.toLowerCase().startsWith('llama70b')).map((s) => s.model),
    );
    // the log names differ: with and without organisation, and the -sharded copy
    expect(llamaNames).toEqual(
      new Set(['meta-llama/Meta-Llama-3-70B', 'Meta-Llama-3-70B', 'Meta-Llama-3-70B-sharded']),
    );
    expect(list.filter((s) => s.name.toLowerCase().startsWith('llama70b'))).toHaveLength(5);
    expect([
      ...new Set(list.filter((s) => s.name.toLowerCase().startsWith('llama70b')).map((s) => s.modelKey)),
    ]).toEqual(['meta-llama-3-70b']);
    expect(list.filter((s) => s.name.startsWith('qwen235B'))).toHaveLength(4);
    expect(keyOf('qwen235B')).toEqual(['qwen3-235b-a22b']);
    const qwen = cliJson<SnapshotSummary[]>(db, 'list', '--model', 'Qwen/Qwen3-235B-A22B');
    expect(qwen.map((s) => s.name).sort()).toEqual([
      'qwen235B-all',
      'qwen235B-base',
      'qwen235B-compile-cache',
      'qwen235B-s3-runai-sharded',
    ]);
  });

  it('shows 4.17x with a manual compile-cache download beside the measured 3.78x', () => {
    const a = cli(
      db,
      'annotate',
      'qwen235B-all',
      '--phase',
      'compile_cache_download=15.6',
      '--scenario',
      'published chart assumptions',
    );
    expect(a.code, a.stderr).toBe(0);
    const c = cliJson<StartupComparison>(db, 'compare', 'qwen235B-base', 'qwen235B-all');
    expect(c.speedup).toBeCloseTo(4.17, 2);
    expect(c.measuredSpeedup).toBeCloseTo(3.78, 2);
    expect(c.measuredSavedS).toBe(722);
    expect(c.candidate).toMatchObject({ measuredTotalS: 260, manual: true });
    const text = cli(db, 'compare', 'qwen235B-base', 'qwen235B-all').stdout;
    expect(text).toMatch(
      /^speedup {3}4\.17x incl\. manual values \(746\.4 s saved\); measured: 3\.78x \(722\.0 s saved\)/m,
    );
    // the published chart's constants as one scenario (it replaces the value above: one value per phase)
    for (const snap of ['qwen235B-base', 'qwen235B-all'])
      expect(cli(db, 'scenario', snap, 'published').code).toBe(0);
    const pub = cliJson<StartupComparison>(db, 'compare', 'qwen235B-base', 'qwen235B-all');
    expect(pub.baseline.totalS).toBeCloseTo(1021.2, 1);
    expect(pub.candidate.totalS).toBeCloseTo(266.9, 1);
    expect(pub.speedup).toBeCloseTo(3.83, 2);
    expect([pub.baseline.measuredTotalS, pub.candidate.measuredTotalS, pub.measuredSpeedup]).toEqual([
      982, 260, 3.776923,
    ]);
    // which phases differ between the log and the chart, by how much, with the source (applied or not)
    const shown = cli(db, 'show', 'qwen235B-base').stdout;
    expect(shown).toMatch(/^log vs published chart replica_initialization\/graphs\/Qwen235B\.png:$/m);
    expect(shown).toMatch(/^Fixed Ray\/node init +50\.0 +39\.0 +-11\.0$/m);
    expect(shown).toMatch(/^Warmup → first request +4\.0 +47\.7 +\+43\.7$/m);
    expect(shown).toMatch(/^Total +982\.0 +1021\.2 +\+39\.2$/m);
    expect(shown).toMatch(/^published values: assumed constants, source .*Qwen235B\.png/m);
    const gap = cliJson<{ publishedGap: { rows: { phase: string; loggedS: number }[] } }>(
      db,
      'show',
      'qwen235B-base',
    ).publishedGap;
    expect(gap.rows.find((r) => r.phase === 'warmup')?.loggedS).toBeCloseTo(4, 1);
    expect(cli(db, 'show', 'llama70b-base').stdout).not.toMatch(/published chart/);
    const llama = cli(db, 'scenario', 'llama70b-base', 'published');
    expect(llama.code).toBe(1);
    expect(llama.stderr).toMatch(/no published chart constants are known for the model of "llama70b-base"/);
  });
});
