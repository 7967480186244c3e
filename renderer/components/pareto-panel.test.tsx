// @vitest-environment jsdom
// Behaviour tests for the serving view's Pareto panel: the advantage at a matched interactivity in words
// (hand-computed numbers), a typed matched value, a value outside both frontiers, and the message for a
// snapshot without the `gpus` attribute.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { point } from '../../shared/serving-fixtures';
import { clientFromTransport } from '../api/client';
import { ParetoPanel } from './ParetoPanel';

afterEach(cleanup);

const client = clientFromTransport(async (method) => {
  throw new Error(`unexpected ${method}`);
});

// A: 100 and 200 tok/s per GPU at 100 and 50 tok/s/user; B: 1.5x both
const A = {
  id: 1,
  name: 'a',
  label: 'a',
  attributes: { gpus: 2 },
  points: [
    point('conc4.json', { output_throughput: 200, median_tpot_ms: 10 }),
    point('conc8.json', { output_throughput: 400, median_tpot_ms: 20 }),
  ],
};
const B = {
  ...A,
  id: 2,
  name: 'b',
  label: 'b',
  points: [
    point('conc4.json', { output_throughput: 300, median_tpot_ms: 10 }),
    point('conc8.json', { output_throughput: 600, median_tpot_ms: 20 }),
  ],
};

describe('ParetoPanel', () => {
  it('states the advantage at a round matched interactivity, then at a typed one', async () => {
    await act(async () => {
      render(<ParetoPanel client={client} snapshots={[A, B]} />);
    });
    const sentence = screen.getByTestId('pareto-sentence');
    // overlap 50–100 → nice ticks 50…100 → 70; A: 200 − 100·20/50 = 160, B: 300 − 150·20/50 = 240
    expect(sentence.textContent).toBe(
      'At 70 tok/s/user, B · b delivers 1.50x the throughput per GPU of A · a (240.0 vs 160.0 tok/s per GPU). ' +
        'Across 50–100 tok/s/user (where both frontiers reach), B/A is 1.50x (median 1.50x).',
    );
    expect(screen.queryByTestId('pareto-missing-gpus')).toBeNull();
    fireEvent.change(screen.getByTestId('pareto-target'), { target: { value: '90' } });
    expect(screen.getByTestId('pareto-sentence').textContent).toContain(
      'At 90 tok/s/user, B · b delivers 1.50x the throughput per GPU of A · a (180.0 vs 120.0 tok/s per GPU).',
    );
    fireEvent.change(screen.getByTestId('pareto-target'), { target: { value: '40' } });
    expect(screen.getByTestId('pareto-sentence').textContent).toContain(
      'At 40 tok/s/user, B · b and A · a cannot be matched: both frontiers reach only 50–100 tok/s/user.',
    );
  });

  it('names a snapshot without gpus and compares totals', async () => {
    const C = { ...B, id: 3, name: 'c', label: 'c', attributes: {} };
    await act(async () => {
      render(<ParetoPanel client={client} snapshots={[A, C]} />);
    });
    const missing = screen.getByTestId('pareto-missing-gpus');
    expect(missing.textContent).toContain('B · c has no gpus attribute');
    expect(missing.textContent).not.toContain('A · a');
    // per GPU is not like for like without C's GPUs: totals, A 160 × 2 GPUs vs C 480 (not divided)
    expect(screen.getByTestId('pareto-sentence').textContent).toContain(
      'B · c delivers 1.50x the total output throughput of A · a (480.0 vs 320.0 tok/s)',
    );
  });
});
