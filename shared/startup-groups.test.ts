// Tests for the N-way start-up grouping: model groups, the baseline choice and exact speedups, and the
// table rows (CSV writes the raw numbers).
import { describe, expect, it } from 'vitest';
import {
  defaultBaselineIndex,
  groupStartups,
  groupedStartupTable,
  modelGroup,
  orderStartups,
} from './startup-groups';
import { toCsv } from './tables';

// the corpus's log-measured totals (slowest rank)
const S = [
  { name: 'llama70b-s3-runai', label: 'llama70b-s3-runai', model: 'Meta-Llama-3-70B', totalS: 225 },
  { name: 'llama70b-base', label: 'llama70b-base', model: 'meta-llama/Meta-Llama-3-70B', totalS: 347 },
  { name: 'qwen235B-base', label: 'Qwen baseline', model: 'Qwen/Qwen3-235B-A22B', totalS: 982 },
  { name: 'llama70B-all', label: 'llama70B-all', model: 'Meta-Llama-3-70B-sharded', totalS: 110 },
  { name: 'qwen235B-all', label: 'qwen235B-all', model: 'Qwen3-235B-A22B-sharded', totalS: 260 },
];

describe('startup groups', () => {
  it('groups by model in first-appearance order, members in input order', () => {
    const g = groupStartups(S);
    expect(g.map((x) => [x.label, x.members.map((m) => m.index)])).toEqual([
      ['Meta-Llama-3-70B', [0, 1, 3]],
      ['Qwen3-235B-A22B', [2, 4]],
    ]);
    expect(modelGroup(null, 'run-7')).toEqual({ key: '?run-7', label: 'run-7' });
  });

  it("follows the core's identity key (the user's merges and splits) when members carry one", () => {
    const merged = S.map((s) => ({ ...s, modelKey: 'one' }));
    expect(groupStartups(merged).map((g) => [g.key, g.members.length])).toEqual([['one', S.length]]);
    // a split: the second member keeps the name of the first's model but has its own key
    const split = S.map((s, i) => ({ ...s, modelKey: i === 1 ? 'own' : null }));
    expect(groupStartups(split).map((g) => g.members.map((m) => m.index))).toEqual([[0, 3], [1], [2, 4]]);
  });

  it('defaults to the member whose name contains "base", else the first', () => {
    expect(defaultBaselineIndex(['a-all', 'a-Base', 'a-base2'])).toBe(1);
    expect(defaultBaselineIndex(['x', 'y'])).toBe(0);
    const [llama, qwen] = groupStartups(S);
    expect(llama?.baseline.name).toBe('llama70b-base');
    expect(qwen?.baseline.name).toBe('qwen235B-base');
    // speedup = baseline total / member total, rounded to 6 decimals
    expect(llama?.members.map((m) => [m.item.name, m.isBaseline, m.speedup, m.savedS])).toEqual([
      ['llama70b-s3-runai', false, 1.542222, 122],
      ['llama70b-base', true, 1, 0],
      ['llama70B-all', false, 3.154545, 237],
    ]);
    expect(qwen?.members.map((m) => m.speedup)).toEqual([1, 3.776923]);
  });

  it('uses a chosen baseline per group and ignores names of no group', () => {
    const [llama, qwen] = groupStartups(S, ['nope', 'llama70b-s3-runai', 'llama70B-all']);
    expect(llama?.baseline.name).toBe('llama70b-s3-runai');
    expect(llama?.members.map((m) => m.speedup)).toEqual([1, 0.648415, 2.045455]);
    expect(llama?.members.map((m) => m.savedS)).toEqual([0, -122, 115]);
    expect(qwen?.baseline.name).toBe('qwen235B-base');
  });

  it('gives no speedup against a zero total', () => {
    const [g] = groupStartups([
      { name: 'base', label: 'base', model: 'm', totalS: 10 },
      { name: 'empty', label: 'empty', model: 'm', totalS: 0 },
    ]);
    expect(g?.members.map((m) => m.speedup)).toEqual([1, null]);
  });

  it('builds one table row per snapshot, group by group, with raw numbers in CSV', () => {
    const t = groupedStartupTable(groupStartups(S));
    expect(t.rows.map((r) => r.id)).toEqual([
      'llama70b-s3-runai',
      'llama70b-base',
      'llama70B-all',
      'qwen235B-base',
      'qwen235B-all',
    ]);
    expect(t.rows.map((r) => r.order)).toEqual([0, 1, 2, 3, 4]);
    const csv = toCsv(t).split('\r\n');
    expect(csv[0]).toBe('Model,Snapshot,Total s,Baseline,Speedup,Saved s,Snapshot name');
    expect(csv[4]).toBe('Qwen3-235B-A22B,Qwen baseline,982,Qwen baseline,1,0,qwen235B-base');
    expect(csv[5]).toBe('Qwen3-235B-A22B,qwen235B-all,260,Qwen baseline,3.776923,722,qwen235B-all');
    const speedup = t.columns.find((c) => c.key === 'speedup');
    expect(speedup?.format(t.rows[4]?.cells['speedup'] ?? null)).toBe('3.78x');
  });

  it('orders bars group by group, slowest first as published or as selected', () => {
    expect(orderStartups(S, 'slowest-first').map((s) => s.name)).toEqual([
      'llama70b-base',
      'llama70b-s3-runai',
      'llama70B-all',
      'qwen235B-base',
      'qwen235B-all',
    ]);
    expect(orderStartups(S, 'selection').map((s) => s.name)).toEqual([
      'llama70b-s3-runai',
      'llama70b-base',
      'llama70B-all',
      'qwen235B-base',
      'qwen235B-all',
    ]);
  });
});
