// @vitest-environment jsdom
// Undo of a delete: which snapshots can be imported again by path, and the notice's action button.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { canReimport } from './SnapshotActions';
import { toast, Toasts } from './Toasts';

afterEach(cleanup);

describe('canReimport', () => {
  it('offers Undo for a start-up log with a path on this machine only', () => {
    expect(canReimport({ kind: 'startup', sourcePath: '/data/logs/qwen235B-base.txt' })).toBe(true);
    expect(canReimport({ kind: 'startup', sourcePath: 'C:\\logs\\run.log' })).toBe(true);
    // an uploaded file has only its name; a serving snapshot is a folder of result files
    expect(canReimport({ kind: 'startup', sourcePath: 'qwen235B-base.txt' })).toBe(false);
    expect(canReimport({ kind: 'serving', sourcePath: '/data/bm_results/x8/conc4.json' })).toBe(false);
  });
});

describe('Toasts', () => {
  it('runs the action and dismisses the notice', () => {
    const run = vi.fn();
    const dismiss = vi.fn();
    const t = toast('Deleted "a"', ['Undo imports /a.log again'], 'info', {
      label: 'Undo',
      title: 'Import /a.log again',
      run,
    });
    render(<Toasts toasts={[t]} onDismiss={dismiss} />);
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(run).toHaveBeenCalledTimes(1);
    expect(dismiss).toHaveBeenCalledWith(t.id);
  });
});
