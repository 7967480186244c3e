// `benchlens report` through the CLI subprocess: usage errors exit 2; on the fixture logs a report is
// written and names both snapshots; over the reference corpus (BENCHLENS_CORPUS, never copied) the
// qwen235B start-up report states 982 s → 260 s, 3.78x and the rayoss251-x8 vs rayturbo251-x8 serving
// report carries the verdicts of `compare --json`. Set-but-unreadable fails; unset skips, saying so.
import { accessSync, constants, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ServingComparison } from '../../shared/model';
import { cli, cliJson, FIXTURES, tempDb } from './cli-helpers';

const out = (name: string) => join(mkdtempSync(join(tmpdir(), 'benchlens-report-')), name);

describe('benchlens report', () => {
  const db = tempDb();
  it('imports two fixture logs', () => {
    const r = cli(db, 'import', join(FIXTURES, 'ray-tp2-base.log'), join(FIXTURES, 'ray-tp2-cached.log'));
    expect(r.code, r.stderr).toBe(0);
  });

  it('needs -o and a snapshot', () => {
    const noOut = cli(db, 'report', 'ray-tp2-base');
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('report needs -o FILE.html');
    const none = cli(db, 'report', '-o', out('x.html'));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('report needs at least one snapshot');
    const missing = cli(db, 'report', 'nope', '-o', out('x.html'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no snapshot with id or name "nope"');
  });

  it('writes one HTML file and says so (--json)', () => {
    const file = out('fixtures.html');
    const r = cliJson<{ file: string; bytes: number; mime: string }>(
      db,
      'report',
      'ray-tp2-base',
      'ray-tp2-cached',
      '-o',
      file,
    );
    const html = readFileSync(file, 'utf8');
    expect(r).toEqual({ file, bytes: Buffer.byteLength(html), mime: 'text/html' });
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('ray-tp2-base vs ray-tp2-cached');
  });
});

const corpus = process.env['BENCHLENS_CORPUS'];

describe.skipIf(!corpus)(
  'benchlens report over the corpus (BENCHLENS_CORPUS; skipped: variable not set)',
  () => {
    const db = tempDb();
    it('BENCHLENS_CORPUS is readable; the start-up logs and horizontal-scaling results import', () => {
      accessSync(
        join(corpus ?? '', 'replica_initialization', 'experiment_terminal_output', 'qwen235B-base.txt'),
        constants.R_OK,
      );
      for (const sub of ['replica_initialization/experiment_terminal_output', 'horizontal_scaling']) {
        const r = cli(db, 'import', join(corpus ?? '', sub));
        expect(r.code, r.stderr).toBe(0);
      }
    });

    it('qwen235B-base vs qwen235B-all: 982 s → 260 s, 3.78x, 94% model loading', () => {
      const file = out('qwen.html');
      const r = cli(db, 'report', 'qwen235B-base', 'qwen235B-all', '-o', file);
      expect(r.code, r.stderr).toBe(0);
      const html = readFileSync(file, 'utf8');
      expect(html).toContain('replica cold start 982 s → 260 s, 3.78x; 94% of the saving is model loading');
      expect(html).toMatch(
        /<tr class="total"><td>Total<\/td><td class="num">982\.0<\/td><td class="num">260\.0<\/td><td class="num">3\.78x<\/td><td class="num">722\.0<\/td>/,
      );
      expect(html).toContain('runai_streamer_sharded');
      expect(html).toMatch(/<code class="hash">[0-9a-f]{64}<\/code>/);
      expect(html).not.toMatch(/https?:\/\//);
    });

    it('rayoss251-x8 vs rayturbo251-x8: the verdicts of compare, noise rows greyed', () => {
      const file = out('scaling.html');
      const r = cli(db, 'report', 'rayoss251-x8', 'rayturbo251-x8', '-o', file);
      expect(r.code, r.stderr).toBe(0);
      const html = readFileSync(file, 'utf8');
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
      const cls = { better: 'better', worse: 'worse', '~': 'noise' } as const;
      for (const row of c.rows) {
        if (row.verdict === null || row.verdict === 'single run') continue;
        const text = row.verdict === '~' ? '~ noise' : row.verdict;
        expect(html, `${row.metric} at ${row.x}`).toMatch(
          new RegExp(
            `<tr class="${cls[row.verdict]}"><td>${row.metric}</td><td class="num">${row.x}</td>(<td[^>]*>[^<]*</td>){5}<td>${text}</td>`,
          ),
        );
      }
      // the README's example: output throughput at 32 is worse, at 64 noise; median TPOT at 64 worse
      expect(c.rows.find((x) => x.metric === 'output_throughput' && x.x === 32)?.verdict).toBe('worse');
      expect(c.rows.find((x) => x.metric === 'median_tpot_ms' && x.x === 64)?.verdict).toBe('worse');
      expect(html).toContain(
        'output throughput 0.922x–1.010x of the baseline over 7 concurrencies (4–128): 1 worse, 6 noise',
      );
      expect(html).toContain('<dt>Files</dt><dd>63 · vllm-bench-json · importer v2</dd>');
    });
  },
);
