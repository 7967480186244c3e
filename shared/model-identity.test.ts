import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupByModel, modelDisplayName, modelKey } from './model-identity';

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
