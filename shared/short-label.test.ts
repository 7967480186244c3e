import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayLabel, shortLabels } from './short-label';

describe('shortLabels', () => {
  it('keeps what differs between the compared names', () => {
    expect(
      shortLabels([
        'gptoss_itl5000_otl250_mixed_pd_p1xtp2-d3xtp2',
        'gptoss_itl5000_otl250_mixed_baseline_4xtp2',
      ]),
    ).toEqual(['pd_p1xtp2-d3xtp2', 'baseline_4xtp2']);
    expect(shortLabels(['qwen235B-base', 'qwen235B-all'])).toEqual(['base', 'all']);
    // a shared ending goes too
    expect(shortLabels(['llama70b_tp4_run1', 'llama70b_tp8_run1', 'llama70b_tp2_run1'])).toEqual([
      'tp4',
      'tp8',
      'tp2',
    ]);
  });

  it('never empties a name, and leaves a single, repeated or unrelated name as it is', () => {
    expect(shortLabels(['run', 'run_cached'])).toEqual(['run', 'run_cached']);
    expect(shortLabels(['x_run_a', 'x_run_a_cached'])).toEqual(['a', 'a_cached']);
    expect(shortLabels(['x_a_b', 'x_a-b'])).toEqual(['x_a_b', 'x_a-b']);
    expect(shortLabels(['a_b', 'a_b'])).toEqual(['a_b', 'a_b']);
    expect(shortLabels(['only_one'])).toEqual(['only_one']);
    expect(shortLabels(['alpha', 'beta'])).toEqual(['alpha', 'beta']);
  });

  it('gives non-empty, distinct labels for distinct names', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[ab]{1,2}([_-][ab]{1,2}){0,4}$/), {
          minLength: 2,
          maxLength: 4,
        }),
        (names) => {
          const labels = shortLabels(names);
          expect(labels.every((l) => l.length > 0)).toBe(true);
          expect(new Set(labels).size).toBe(names.length);
        },
      ),
    );
  });
});

describe('displayLabel', () => {
  it('prefers the label attribute', () => {
    expect(displayLabel({ label: ' PD 1+3 ' }, 'pd_p1xtp2-d3xtp2')).toBe('PD 1+3');
    expect(displayLabel({ label: '' }, 'baseline_4xtp2')).toBe('baseline_4xtp2');
    expect(displayLabel(undefined, 'x')).toBe('x');
  });
});
