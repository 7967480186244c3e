// `benchlens compare` of serving snapshots through the CLI subprocess over the reference corpus
// (BENCHLENS_CORPUS, never copied): values equal the all-parts JSON files, p-values equal Mann–Whitney
// on the 8 client parts read straight from disk, single-file experiments are single runs, per-replica
// normalisation gives oss.png's values. Set-but-unreadable fails; unset skips, saying so.
import { accessSync, constants, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompareResult, ServingComparison, StartupComparison } from '../../shared/model';
import { mannWhitney } from '../../shared/stats';
import { cli, cliJson, tempDb } from './cli-helpers';

const corpus = process.env['BENCHLENS_CORPUS'];
const scaling = corpus ? join(corpus, 'horizontal_scaling') : '';
const results = join(scaling, 'bm_results');

/** One key of a result file, parsed from disk (these files hold no NaN/Infinity). */
function fileValue(experiment: string, folder: string, conc: number, key: string): number {
  const json = JSON.parse(
    readFileSync(join(results, experiment, folder, `conc${conc}.json`), 'utf8'),
  ) as Record<string, unknown>;
  const v = json[key];
  if (typeof v !== 'number') throw new Error(`${experiment}/${folder}/conc${conc}.json has no number ${key}`);
  return v;
}

const parts = (experiment: string, conc: number, key: string) =>
  [1, 2, 3, 4, 5, 6, 7, 8].map((k) => fileValue(experiment, `part${k}`, conc, key));

describe.skipIf(!corpus)(
  'serving compare over the corpus (BENCHLENS_CORPUS; skipped: variable not set)',
  () => {
    it('BENCHLENS_CORPUS is readable and holds the horizontal-scaling results', () => {
      accessSync(join(results, 'rayoss251-x8', 'all-parts', 'conc64.json'), constants.R_OK);
      accessSync(join(results, 'rayturbo251-x8', 'part8', 'conc64.json'), constants.R_OK);
    });

    const db = tempDb();
    it('imports the horizontal-scaling, KV-offloading and start-up folders', () => {
      for (const sub of [
        'horizontal_scaling',
        'pd+kv_offloading',
        'replica_initialization/experiment_terminal_output',
      ]) {
        const r = cli(db, 'import', join(corpus ?? '', sub));
        expect(r.code, r.stderr).toBe(0);
      }
    });

    it('rayoss251-x8 vs rayturbo251-x8: values are the all-parts files, p-values Mann–Whitney on the 8 parts', () => {
      const c = cliJson<ServingComparison>(db, 'compare', 'rayoss251-x8', 'rayturbo251-x8');
      expect(c.kind).toBe('serving');
      expect(c.x).toBe('concurrency');
      expect(c.baseline.name).toBe('rayoss251-x8');
      const concs = [4, 8, 16, 32, 48, 64, 128];
      for (const metric of [
        'output_throughput',
        'median_tpot_ms',
        'median_ttft_ms',
        'p99_itl_ms',
        'request_throughput',
      ]) {
        const rows = c.rows.filter((r) => r.metric === metric);
        expect(rows.map((r) => r.x)).toEqual(concs);
        for (const r of rows) {
          expect(r.baseline).toBe(fileValue('rayoss251-x8', 'all-parts', r.x, metric));
          expect(r.candidate).toBe(fileValue('rayturbo251-x8', 'all-parts', r.x, metric));
          expect(r.n).toEqual([8, 8]);
          expect(r.pMethod).toBe('exact');
          expect(r.pValue).toBeCloseTo(
            mannWhitney(parts('rayoss251-x8', r.x, metric), parts('rayturbo251-x8', r.x, metric)).pValue,
            12,
          );
        }
      }
      // the corpus README: 0.944x aggregate output throughput at concurrency 64, not significant (p ≈ 0.51) …
      const out64 = c.rows.find((r) => r.metric === 'output_throughput' && r.x === 64);
      expect(out64?.ratio).toBeCloseTo(0.9439, 4);
      expect(out64?.pValue).toBeCloseTo(0.5054, 4);
      expect(out64?.verdict).toBe('~');
      // … while median TPOT differs significantly (p ≈ 0.003), and it is higher: worse
      const tpot64 = c.rows.find((r) => r.metric === 'median_tpot_ms' && r.x === 64);
      expect(tpot64?.pValue).toBeCloseTo(0.00295, 5);
      expect(tpot64?.verdict).toBe('worse');
      expect(tpot64?.ci?.[0]).toBeGreaterThan(1);
      expect(c.config).toEqual([{ key: 'runtime', baseline: 'rayoss', candidate: 'rayturbo' }]);
    });

    it('--metric keeps the asked metrics; the text table marks ~ rows as noise and shows the config diff', () => {
      const c = cliJson<ServingComparison>(
        db,
        'compare',
        'rayoss251-x8',
        'rayturbo251-x8',
        '--metric',
        'output_throughput',
        '--metric',
        'median_tpot_ms',
      );
      expect([...new Set(c.rows.map((r) => r.metric))]).toEqual(['output_throughput', 'median_tpot_ms']);
      const text = cli(db, 'compare', 'rayoss251-x8', 'rayturbo251-x8');
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toMatch(
        /output_throughput\s+4\s+3964\.6\s+4002\.3\s+1\.010\s+\S+\s+0\.798\s+8\/8\s+~ \(noise\)/,
      );
      expect(text.stdout).toMatch(/\s64\s+29\.20\s+32\.32\s+1\.107\s+\S+\s+0\.00295\s+8\/8\s+worse/);
      expect(text.stdout).toMatch(/runtime\s+rayoss\s+rayturbo/);
      const bad = cli(db, 'compare', 'rayoss251-x8', 'rayturbo251-x8', '--metric', 'nope');
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/no metric "nope"/);
    });

    it('two single-file experiments are single runs, never findings', () => {
      const c = cliJson<ServingComparison>(
        db,
        'compare',
        'gptoss_itl8000_otl1000_mixed_gptoss-tp4-baseline',
        'gptoss_itl8000_otl1000_mixed_gptoss-1p1d-nixl',
      );
      expect(c.rows.length).toBeGreaterThan(10);
      expect(c.rows.every((r) => r.x === 64 && r.n[0] === 1 && r.n[1] === 1 && r.pValue === null)).toBe(true);
      for (const r of c.rows) expect(r.verdict).toBe(r.better === null ? null : 'single run');
      expect(c.rows.find((r) => r.metric === 'output_throughput')?.verdict).toBe('single run');
      expect(c.config.map((e) => e.key)).toContain('layout');
    });

    it("--normalise replica on x2 vs x8 gives all-parts output_throughput / N (oss.png's values)", () => {
      const c = cliJson<ServingComparison>(
        db,
        'compare',
        'rayoss251-x2',
        'rayoss251-x8',
        '--normalise',
        'replica',
        '--metric',
        'output_throughput',
        '--metric',
        'median_ttft_ms',
      );
      expect(c.divisors).toEqual([2, 8]);
      const tput = c.rows.filter((r) => r.metric === 'output_throughput');
      expect(tput).toHaveLength(7);
      for (const r of tput) {
        expect(r.baseline).toBeCloseTo(
          fileValue('rayoss251-x2', 'all-parts', r.x, 'output_throughput') / 2,
          9,
        );
        expect(r.candidate).toBeCloseTo(
          fileValue('rayoss251-x8', 'all-parts', r.x, 'output_throughput') / 8,
          9,
        );
      }
      // latencies are per request: not divided
      for (const r of c.rows.filter((x) => x.metric === 'median_ttft_ms'))
        expect(r.baseline).toBe(fileValue('rayoss251-x2', 'all-parts', r.x, 'median_ttft_ms'));
      expect(c.config).toContainEqual({ key: 'replicas', baseline: 2, candidate: 8 });
    });

    it('start-up compare keeps its shape and gains kind and the config diff; mixing kinds is bad input', () => {
      const s = cliJson<CompareResult>(db, 'compare', 'qwen235B-base', 'qwen235B-all') as StartupComparison;
      expect(s.kind).toBe('startup');
      expect(s.speedup).toBeGreaterThan(3.7);
      expect(s.config).toContainEqual({
        key: 'loadFormat',
        baseline: 'auto',
        candidate: 'runai_streamer_sharded',
      });
      expect(s.config).toContainEqual({ key: 'compileCache', baseline: 'miss', candidate: 'hit' });
      const text = cli(db, 'compare', 'qwen235B-base', 'qwen235B-all');
      expect(text.stdout).toMatch(
        /config \(only what differs\):[\s\S]*loadFormat\s+auto\s+runai_streamer_sharded/,
      );
      const mixed = cli(db, 'compare', 'qwen235B-base', 'rayoss251-x8');
      expect(mixed.code).toBe(1);
      expect(mixed.stderr).toMatch(/"qwen235B-base" is a startup snapshot and "rayoss251-x8" a serving one/);
    });
  },
);
