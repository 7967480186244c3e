import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  groupByModel,
  identityDisplayName,
  modelDisplayName,
  modelKey,
  NO_OVERRIDES,
  resolveModelKey,
  splitKey,
  type IdentityOverrides,
} from './model-identity';

describe('model identity', () => {
  it('gives one key to a model under its organisation, path and re-saved names', () => {
    const names = [
      'meta-llama/Meta-Llama-3-70B',
      'Meta-Llama-3-70B',
      'Meta-Llama-3-70B-sharded',
      's3://bucket/models/Meta-Llama-3-70B-sharded/',
      '/mnt/models/Meta-Llama-3-70B',
    ];
    expect(new Set(names.map(modelKey))).toEqual(new Set(['meta-llama-3-70b']));
    expect(modelKey('Qwen/Qwen3-235B-A22B')).toBe(modelKey('Qwen3-235B-A22B-sharded'));
  });
  it('keeps different models apart (size, quantisation, family)', () => {
    expect(modelKey('meta-llama/Meta-Llama-3-8B')).not.toBe(modelKey('meta-llama/Meta-Llama-3-70B'));
    expect(modelKey('Qwen/Qwen3-235B-A22B-FP8')).not.toBe(modelKey('Qwen/Qwen3-235B-A22B'));
    expect(modelKey('openai/gpt-oss-120b')).toBe('gpt-oss-120b');
    expect(modelKey(null)).toBeNull();
    expect(modelKey('  ')).toBeNull();
  });
  it('shows the Hugging Face id of a group', () => {
    expect(
      modelDisplayName(['Meta-Llama-3-70B-sharded', 'meta-llama/Meta-Llama-3-70B', 'Meta-Llama-3-70B']),
    ).toBe('meta-llama/Meta-Llama-3-70B');
    expect(modelDisplayName(['Qwen3-235B-A22B-sharded'])).toBe('Qwen3-235B-A22B-sharded');
    expect(modelDisplayName([])).toBeNull();
    const g = groupByModel(['Qwen/Qwen3-235B-A22B', null, 'Qwen3-235B-A22B-sharded', 'Meta-Llama-3-70B']);
    expect([...g.keys()]).toEqual(['qwen3-235b-a22b', 'meta-llama-3-70b']);
  });
  it('is idempotent and never throws (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const k = modelKey(s);
        expect(k === null || modelKey(k) === k).toBe(true);
      }),
    );
    const segment = fc.stringMatching(/^[A-Za-z0-9][\w.-]{0,30}$/);
    fc.assert(
      fc.property(segment, (seg) => {
        expect(modelKey(`org/${seg}-sharded`)).toBe(modelKey(seg));
        expect(modelKey(`/mnt/models/${seg}`)).toBe(modelKey(seg));
      }),
    );
  });
});

describe('identity overrides', () => {
  const over = (names: [string, string][], keys: [string, string][]): IdentityOverrides => ({
    names: new Map(names),
    keys: new Map(keys),
  });
  it('splits one name off under the whole name, and merges keys along a chain', () => {
    const split = over([['meta-llama-3-70b-sharded', splitKey('Meta-Llama-3-70B-sharded')]], []);
    expect(resolveModelKey('Meta-Llama-3-70B-sharded', split)).toBe('meta-llama-3-70b-sharded');
    expect(resolveModelKey(' meta-llama-3-70B-SHARDED ', split)).toBe('meta-llama-3-70b-sharded');
    expect(resolveModelKey('meta-llama/Meta-Llama-3-70B', split)).toBe('meta-llama-3-70b');
    const chain = over(
      [],
      [
        ['qwen3-235b-a22b', 'meta-llama-3-70b'],
        ['meta-llama-3-70b', 'big'],
      ],
    );
    expect(resolveModelKey('Qwen3-235B-A22B-sharded', chain)).toBe('big');
    expect(resolveModelKey('Meta-Llama-3-70B', chain)).toBe('big');
    // a split name then merged follows the merge of its own key
    const both = over([['qwen/qwen3-235b-a22b', 'qwen/qwen3-235b-a22b']], [['qwen/qwen3-235b-a22b', 'x']]);
    expect(resolveModelKey('Qwen/Qwen3-235B-A22B', both)).toBe('x');
    expect(resolveModelKey('Qwen3-235B-A22B-sharded', both)).toBe('qwen3-235b-a22b');
  });
  it('stops on a cycle, and without overrides is the derived key (property)', () => {
    const cycle = over(
      [],
      [
        ['a', 'b'],
        ['b', 'a'],
      ],
    );
    // a cycle (never written: a merge within one identity is refused) ends where it came round
    expect(resolveModelKey('a', cycle)).toBe('a');
    expect(resolveModelKey(null, cycle)).toBeNull();
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(resolveModelKey(s, NO_OVERRIDES)).toBe(modelKey(s));
      }),
    );
    const key = fc.constantFrom('a', 'b', 'c', 'd');
    fc.assert(
      fc.property(fc.array(fc.tuple(key, key)), key, (pairs, start) => {
        const r = resolveModelKey(start, over([], pairs));
        expect(['a', 'b', 'c', 'd']).toContain(r);
      }),
    );
  });
  it('shows a merged identity under the name of the one merged into', () => {
    const names = ['Qwen/Qwen3-235B-A22B', 'meta-llama/Meta-Llama-3-70B', 'Meta-Llama-3-70B'];
    expect(modelDisplayName(names)).toBe('Qwen/Qwen3-235B-A22B');
    expect(identityDisplayName('meta-llama-3-70b', names)).toBe('meta-llama/Meta-Llama-3-70B');
    expect(identityDisplayName('meta-llama-3-70b-sharded', ['Meta-Llama-3-70B-sharded'])).toBe(
      'Meta-Llama-3-70B-sharded',
    );
  });
});
