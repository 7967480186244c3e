// Model identity overrides and undo of a delete (issue 11) through the real CLI on the corpus: merge,
// split and reset change what `list --model` and the identities show, a refused input leaves the
// database file byte for byte as it was; delete + restore gives back a start-up with a manual scenario,
// a rename and an attribute edit, and a serving snapshot, exactly (`show --json` before = after).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelIdentities, Output } from '../../shared/contract';
import type { SnapshotSummary } from '../../shared/model';
import { cli, cliJson, FIXTURES, tempDb } from './cli-helpers';

const corpus = process.env['BENCHLENS_CORPUS'];

/** The database file's bytes (every CLI run closes it, so the WAL is folded back in). */
function fileHash(db: string): string {
  return createHash('sha256').update(readFileSync(db)).digest('hex');
}

const names = (list: SnapshotSummary[]) => list.map((s) => s.name).sort();

describe.skipIf(!corpus)('model identity overrides on the corpus (BENCHLENS_CORPUS)', () => {
  const db = tempDb();
  const logs = join(corpus ?? '', 'replica_initialization', 'experiment_terminal_output');
  const llama = ['llama70B-compile-cache', 'llama70b-base', 'llama70b-s3-runai'];
  const llamaSharded = ['llama70B-all', 'llama70b-s3-runai-sharded'];
  const qwen = ['qwen235B-all', 'qwen235B-base', 'qwen235B-compile-cache', 'qwen235B-s3-runai-sharded'];

  it('lists the derived identities: Llama-3-70B under three names, Qwen3-235B under two', () => {
    expect(cli(db, 'import', logs).code).toBe(0);
    const m = cliJson<ModelIdentities>(db, 'model', 'list');
    expect(m.identities.map((i) => [i.key, i.count, i.overridden])).toEqual([
      ['qwen3-235b-a22b', 4, false],
      ['meta-llama-3-70b', 5, false],
    ]);
    expect(m.overrides).toEqual([]);
    // the sharded llama names really are what the corpus calls them
    const sharded = cliJson<SnapshotSummary[]>(db, 'list').filter(
      (s) => s.model === 'Meta-Llama-3-70B-sharded',
    );
    expect(names(sharded)).toEqual(llamaSharded);
  });

  it('splits the -sharded copy off: its own key in list, filter and identities', () => {
    const r = cli(db, 'model', 'split', 'Meta-Llama-3-70B-sharded');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /split Meta-Llama-3-70B-sharded .* into its own identity meta-llama-3-70b-sharded/,
    );
    expect(names(cliJson(db, 'list', '--model', 'meta-llama/Meta-Llama-3-70B'))).toEqual(llama);
    const split = cliJson<SnapshotSummary[]>(db, 'list', '--model', 'Meta-Llama-3-70B-sharded');
    expect(names(split)).toEqual(llamaSharded);
    expect([...new Set(split.map((s) => s.modelKey))]).toEqual(['meta-llama-3-70b-sharded']);
    const m = cliJson<ModelIdentities>(db, 'model', 'list');
    // by shown name: the split copy is shown under its own name
    expect(m.identities.map((i) => [i.name, i.key, i.count])).toEqual([
      ['Meta-Llama-3-70B-sharded', 'meta-llama-3-70b-sharded', 2],
      ['Qwen/Qwen3-235B-A22B', 'qwen3-235b-a22b', 4],
      ['meta-llama/Meta-Llama-3-70B', 'meta-llama-3-70b', 3],
    ]);
    expect(m.overrides.map((o) => [o.kind, o.source, o.target])).toEqual([
      ['name', 'meta-llama-3-70b-sharded', 'meta-llama-3-70b-sharded'],
    ]);
  });

  it('merges one identity into another (any of its names), and reset undoes it', () => {
    const r = cli(db, 'model', 'merge', 'Qwen3-235B-A22B-sharded', 'meta-llama-3-70b');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /merged Qwen\/Qwen3-235B-A22B \(2 names, 4 snapshots\) into meta-llama\/Meta-Llama-3-70B/,
    );
    const merged = cliJson<SnapshotSummary[]>(db, 'list', '--model', 'Qwen/Qwen3-235B-A22B');
    expect(names(merged)).toEqual([...llama, ...qwen].sort());
    expect([...new Set(merged.map((s) => s.modelKey))]).toEqual(['meta-llama-3-70b']);
    // the split copy stays apart
    expect(names(cliJson(db, 'list', '--model', 'Meta-Llama-3-70B-sharded'))).toEqual(llamaSharded);

    expect(cli(db, 'model', 'reset', 'Qwen/Qwen3-235B-A22B').stdout).toMatch(
      /removed merge of qwen3-235b-a22b/,
    );
    expect(names(cliJson(db, 'list', '--model', 'Qwen/Qwen3-235B-A22B'))).toEqual(qwen);
    expect(cli(db, 'model', 'reset', 'Meta-Llama-3-70B-sharded').code).toBe(0);
    expect(cliJson<SnapshotSummary[]>(db, 'list', '--model', 'Meta-Llama-3-70B')).toHaveLength(5);
    expect(cliJson<ModelIdentities>(db, 'model', 'list').overrides).toEqual([]);
  });

  const refused: [string, string[], RegExp][] = [
    [
      'an unknown model, with the nearest',
      ['model', 'merge', 'Qwen3-235B-A22C', 'meta-llama-3-70b'],
      /no model "Qwen3-235B-A22C" in the library; did you mean "Qwen3-235B-A22B/i,
    ],
    [
      'a merge of one identity with itself',
      ['model', 'merge', 'Meta-Llama-3-70B', 'meta-llama/Meta-Llama-3-70B'],
      /are one identity already \(meta-llama-3-70b\)/,
    ],
    [
      'a split of a key (not a name as written)',
      ['model', 'split', 'qwen3-235b-a22b'],
      /split takes a model name as written in a log/,
    ],
    [
      'a reset with nothing to reset',
      ['model', 'reset', 'Meta-Llama-3-70B'],
      /no merge or split concerns "Meta-Llama-3-70B"/,
    ],
    [
      'an unknown action',
      ['model', 'join', 'a', 'b'],
      /model expects one of list, merge, split, reset; got "join"/,
    ],
    ['a merge with one model', ['model', 'merge', 'Meta-Llama-3-70B'], /model merge needs two models/],
  ];
  for (const [what, args, message] of refused) {
    it(`refuses ${what}, the database file unchanged`, () => {
      const before = fileHash(db);
      const r = cli(db, ...args);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(message);
      expect(fileHash(db)).toBe(before);
    });
  }

  it('refuses to split the only name of an identity', () => {
    const r = cli(db, 'model', 'split', 'Qwen/Qwen3-235B-A22B');
    expect(r.code).toBe(0);
    const again = cli(db, 'model', 'split', 'Qwen/Qwen3-235B-A22B');
    expect(again.stderr).toMatch(
      /"Qwen\/Qwen3-235B-A22B" is the only name of its identity \(qwen\/qwen3-235b-a22b\) already/,
    );
    expect(cli(db, 'model', 'reset', 'Qwen/Qwen3-235B-A22B').code).toBe(0);
  });
});

describe('undo of a delete through the CLI', () => {
  const db = tempDb();
  it('sets up a start-up with a manual scenario (one value off), a rename and an attribute edit', () => {
    expect(cli(db, 'import', FIXTURES).code).toBe(0);
    expect(
      cli(
        db,
        'annotate',
        'ray-tp2-cached',
        '--phase',
        'warmup=40',
        '--scenario',
        'published chart assumptions',
      ).code,
    ).toBe(0);
    expect(cli(db, 'annotate', 'ray-tp2-cached', '--phase', 'fixed_init=9.5').code).toBe(0);
    expect(cli(db, 'scenario', 'ray-tp2-cached', 'off', '').code).toBe(0);
    expect(cli(db, 'rename', 'ray-tp2-cached', 'cached run').code).toBe(0);
    expect(cli(db, 'attr', 'cached run', 'gpus=2', 'label=mine').code).toBe(0);
  });

  it('gives it back after a delete, show --json and list --json as before', () => {
    const before = cli(db, 'show', 'cached run', '--json').stdout;
    const listBefore = cli(db, 'list', '--json').stdout;

    const rm = cli(db, 'rm', 'cached run');
    expect(rm.code, rm.stderr).toBe(0);
    const token = /undo: benchlens restore ([0-9a-f]{12})/.exec(rm.stdout)?.[1] ?? '';
    expect(token).toMatch(/^[0-9a-f]{12}$/);
    expect(cli(db, 'show', 'cached run').code).not.toBe(0);
    expect(cli(db, 'restore').stdout).toMatch(
      new RegExp(`^${token} .* startup {2}cached run \\(id \\d+\\)$`, 'm'),
    );

    expect(cli(db, 'restore', token).stdout).toMatch(/^restored cached run \(id \d+\)$/m);
    expect(cli(db, 'show', 'cached run', '--json').stdout).toBe(before);
    expect(cli(db, 'list', '--json').stdout).toBe(listBefore);
    // a token restores once
    expect(cli(db, 'restore', token).stderr).toMatch(/no deleted snapshot with restore token/);
  });

  it('refuses a restore whose name was taken meanwhile, changing nothing', () => {
    const rm = cliJson<{ deleted: { restoreToken: string }[] }>(db, 'rm', 'vllm-v0');
    const token = rm.deleted[0]?.restoreToken ?? '';
    expect(cli(db, 'rename', 'k8s-multinode', 'vllm-v0').code).toBe(0);
    const before = fileHash(db);
    const r = cli(db, 'restore', token);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /cannot restore "vllm-v0": a snapshot of that name exists now \(id \d+\); rename or delete it first/,
    );
    expect(fileHash(db)).toBe(before);
    expect(cli(db, 'rename', 'vllm-v0', 'k8s-multinode').code).toBe(0);
    expect(cli(db, 'restore', token).code).toBe(0);
    expect(names(cliJson(db, 'list')).includes('vllm-v0')).toBe(true);
  });

  it('refuses a restore after the file was imported again, and a malformed token', () => {
    const rm = cliJson<{ deleted: { restoreToken: string }[] }>(db, 'rm', 'vllm-v0');
    expect(cli(db, 'import', join(FIXTURES, 'vllm-v0.log')).code).toBe(0);
    const again = cliJson<SnapshotSummary[]>(db, 'list').find((s) => s.name === 'vllm-v0');
    expect(cli(db, 'rename', 'vllm-v0', 'v0 again').code).toBe(0);
    const r = cli(db, 'restore', rm.deleted[0]?.restoreToken ?? '');
    expect(r.stderr).toMatch(/cannot restore "vllm-v0": its file .*vllm-v0\.log was imported again/);
    expect(again).toBeDefined();
    expect(cli(db, 'restore', 'zz').stderr).toMatch(/a restore token is 12 hex digits/);
  });
});

describe.skipIf(!corpus)('undo of a serving delete on the corpus (BENCHLENS_CORPUS)', () => {
  const db = tempDb();
  const exp = 'gptoss_itl5000_otl250_mixed_baseline_4xtp2';
  const folder = join(corpus ?? '', 'prefill_decode', 'bm_results', exp);
  it('gives back a serving snapshot, its points and their files exactly', () => {
    expect(cli(db, 'import', folder).code).toBe(0);
    expect(cli(db, 'attr', exp, 'replicas=4').code).toBe(0);
    const before = cli(db, 'show', exp, '--json').stdout;
    expect((JSON.parse(before) as { points: unknown[] }).points).toHaveLength(6);
    const rm = cliJson<{ deleted: { restoreToken: string }[] }>(db, 'rm', exp);
    // the files are forgotten: importing the folder again would import it
    const restored = cliJson<Output<'restoreSnapshot'>[]>(db, 'restore', rm.deleted[0]?.restoreToken ?? '');
    expect(restored.map((s) => s.name)).toEqual([exp]);
    expect(cli(db, 'show', exp, '--json').stdout).toBe(before);
    // and the restored files count as imported again
    expect(cli(db, 'import', folder, '--json').stdout).toMatch(/"unchanged": \[\s*\{/);
  });

  it('refuses to restore a serving snapshot whose folder was imported again', () => {
    // deleted, then the folder imported again: that experiment is back, so the restore is refused
    const again = cliJson<{ deleted: { restoreToken: string }[] }>(db, 'rm', exp);
    expect(cli(db, 'import', folder).code).toBe(0);
    expect(cli(db, 'restore', again.deleted[0]?.restoreToken ?? '').stderr).toMatch(
      /a snapshot of that name exists now/,
    );
    expect(cli(db, 'rename', exp, 'imported again').code).toBe(0);
    const r = cli(db, 'restore', again.deleted[0]?.restoreToken ?? '');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /cannot restore ".*": its experiment .* was imported again as "imported again"; delete that first/,
    );
  });
});
