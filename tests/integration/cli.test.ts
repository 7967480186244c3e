import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Comparison, ImportReport, SnapshotDetail, SnapshotSummary } from '../../shared/model';
import { cli, cliJson, FIXTURES, tempDb } from './cli-helpers';

describe('benchlens CLI (subprocess, temporary database)', () => {
  const db = tempDb();

  it('imports a folder, one line per file, and a second import changes nothing', () => {
    const first = cliJson<ImportReport>(db, 'import', FIXTURES);
    expect(first.imported.map((i) => [i.name, i.kind])).toEqual([
      ['k8s-multinode', 'startup'],
      ['ray-tp2-base', 'startup'],
      ['ray-tp2-cached', 'startup'],
      ['vllm-serve-2026', 'startup'],
      ['vllm-v0', 'startup'],
    ]);
    expect(first.errors).toEqual([]);
    const again = cliJson<ImportReport>(db, 'import', FIXTURES);
    expect(again.imported).toEqual([]);
    expect(again.unchanged).toHaveLength(5);
    const text = cli(db, 'import', join(FIXTURES, 'ray-tp2-base.log'));
    expect(text.code).toBe(0);
    expect(text.stdout).toBe('imported 0 snapshots, 1 unchanged, 0 skipped, 0 errors\n');
    const verbose = cli(db, 'import', join(FIXTURES, 'ray-tp2-base.log'), '--verbose');
    expect(verbose.stdout).toMatch(/^unchanged\s+.*ray-tp2-base\.log$/m);
    expect(verbose.stdout).toMatch(/^imported 0 snapshots, 1 unchanged, 0 skipped, 0 errors$/m);
  });

  it('lists snapshots as JSON', () => {
    const list = cliJson<SnapshotSummary[]>(db, 'list').filter((s) => s.name.startsWith('ray-tp2'));
    expect(list.map((s) => [s.name, s.kind, s.model])).toEqual([
      ['ray-tp2-base', 'startup', 'acme/tiny-chat-7b'],
      ['ray-tp2-cached', 'startup', 'tiny-chat-7b-sharded'],
    ]);
    expect(list[0]).toHaveProperty('createdAt');
  });

  it('shows one snapshot by name or id', () => {
    const byName = cliJson<SnapshotDetail>(db, 'show', 'ray-tp2-base');
    const byId = cliJson<SnapshotDetail>(db, 'show', String(byName.id));
    expect(byId.name).toBe('ray-tp2-base');
    expect(byName.totalS).toBe(209);
    expect(byName.phases.find((p) => p.id === 'model_loading')).toMatchObject({
      durationS: 112,
      source: 'log',
      startS: 25,
    });
    expect(byName.phases.find((p) => p.id === 'model_loading')?.ranks).toHaveLength(2);
  });

  it('compares two snapshots with each rank mode', () => {
    const c = cliJson<Comparison>(db, 'compare', 'ray-tp2-base', 'ray-tp2-cached');
    expect(c.baseline).toMatchObject({ name: 'ray-tp2-base', totalS: 209 });
    expect(c.speedup).toBeCloseTo(209 / c.candidate.totalS, 6);
    const top = c.phases.filter((p) => p.parent === null);
    expect(top.reduce((s, p) => s + (p.shareOfSaving ?? 0), 0)).toBeCloseTo(1, 6);
    const first = cliJson<Comparison>(db, 'compare', 'ray-tp2-base', 'ray-tp2-cached', '--ranks', 'first');
    expect(first.phases.find((p) => p.id === 'model_loading')?.baselineS).toBe(110.5);
    const text = cli(db, 'compare', 'ray-tp2-base', 'ray-tp2-cached');
    expect(text.stdout).toMatch(/speedup\s+\d+\.\d\dx/);
  });

  it('annotates manual values beside measured ones, and removes them', () => {
    const d = cliJson<SnapshotDetail>(
      db,
      'annotate',
      'ray-tp2-base',
      '--phase',
      'fixed_init=30',
      '--phase',
      'node_provisioning=90',
      '--note',
      'cloud console',
    );
    expect(d.phases.find((p) => p.id === 'fixed_init')).toMatchObject({
      durationS: 30,
      source: 'manual',
      measuredS: 25,
      note: 'cloud console',
    });
    expect(d.totalS).toBe(209 + 5 + 90);
    expect(cliJson<SnapshotSummary[]>(db, 'list').find((s) => s.name === 'ray-tp2-base')?.totalS).toBe(304);
    const back = cliJson<SnapshotDetail>(
      db,
      'annotate',
      'ray-tp2-base',
      '--remove',
      'fixed_init',
      '--remove',
      'node_provisioning',
    );
    expect(back.totalS).toBe(209);
  });

  it('names the file and line of bad input, exits non-zero, and keeps what is stored', () => {
    const dir = dirname(tempDb());
    const bad = join(dir, 'broken.json');
    writeFileSync(bad, '{"backend": "vllm", "request_throughput": 1.5,\n"mean_ttft_ms": }\n');
    const r = cli(db, 'import', bad, '--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as ImportReport;
    expect(report.errors[0]).toMatchObject({ file: bad, line: 2 });
    expect(report.errors[0]?.message).toMatch(/invalid JSON/);
    const missing = cli(db, 'import', join(dir, 'nope.log'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.log: cannot read: ENOENT/);
    expect(cliJson<SnapshotSummary[]>(db, 'list')).toHaveLength(5);
  });

  it('gives the same default name a suffix when the content differs', () => {
    const dir = join(dirname(tempDb()), 'other');
    mkdirSync(dir);
    copyFileSync(join(FIXTURES, 'ray-tp2-base.log'), join(dir, 'ray-tp2-base.log'));
    writeFileSync(join(dir, 'ray-tp2-base.log'), '\n', { flag: 'a' });
    const r = cliJson<ImportReport>(db, 'import', dir);
    expect(r.imported[0]?.name).toBe('ray-tp2-base (2)');
  });

  it('reports unknown snapshots and bad arguments on stderr', () => {
    const r = cli(db, 'show', 'does-not-exist');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no snapshot with id or name "does-not-exist"/);
    const bad = cli(db, 'compare', 'ray-tp2-base', 'ray-tp2-cached', '--ranks', 'fastest');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--ranks expects one of slowest, first, median; got "fastest"/);
    const usage = cli(db, 'annotate', 'ray-tp2-base', '--phase', 'fixed_init');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--phase expects ID=SECONDS/);
  });
});
