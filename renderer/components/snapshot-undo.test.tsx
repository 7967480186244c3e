// @vitest-environment jsdom
// Undo of a delete: the notice restores through the core's token for every kind and origin, says when
// the restore is refused, and the notice's action button runs once and dismisses the notice.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SnapshotSummary } from '../../shared/model';
import type { Client } from '../api/client';
import { deletedToast, type DeletedSnapshot } from './SnapshotActions';
import { toast, Toasts, type ToastItem } from './Toasts';

afterEach(cleanup);

const summary = (name: string): SnapshotSummary => ({
  id: 4,
  name,
  kind: 'serving',
  model: null,
  bundle: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  sourcePath: 'conc4.json',
  totalS: null,
  meta: {},
  attributes: {},
  editedAttributes: [],
});

function fakeClient(restore: (token: string) => Promise<SnapshotSummary>): Pick<Client, 'api'> {
  return {
    api: { restoreSnapshot: ({ token }: { token: string }) => restore(token) } as unknown as Client['api'],
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('deletedToast', () => {
  const uploaded: DeletedSnapshot = {
    name: 'x8',
    kind: 'serving',
    sourcePath: 'conc4.json',
    restoreToken: '0123456789ab',
  };

  it('offers Undo for an uploaded serving snapshot and restores it by token', async () => {
    const restore = vi.fn((token: string) => Promise.resolve(summary(`x8 ${token}`)));
    const notices: ToastItem[] = [];
    const refresh = vi.fn();
    const t = deletedToast(uploaded, fakeClient(restore), (n) => notices.push(n), refresh);
    expect(t.title).toBe('Deleted "x8"');
    expect(t.action?.label).toBe('Undo');
    t.action?.run();
    await flush();
    expect(restore).toHaveBeenCalledWith('0123456789ab');
    expect(notices.map((n) => n.title)).toEqual(['Restored "x8 0123456789ab"']);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('says why a restore was refused', async () => {
    const notices: ToastItem[] = [];
    const t = deletedToast(
      uploaded,
      fakeClient(() => Promise.reject(new Error('a snapshot of that name exists now (id 9)'))),
      (n) => notices.push(n),
      () => undefined,
    );
    t.action?.run();
    await flush();
    expect(notices.map((n) => [n.title, n.tone, n.detail])).toEqual([
      ['Could not restore "x8"', 'error', ['✕ a snapshot of that name exists now (id 9)']],
    ]);
  });

  it('has no Undo without a token', () => {
    const t = deletedToast(
      { ...uploaded, restoreToken: null },
      fakeClient(() => Promise.reject(new Error('no'))),
      () => undefined,
      () => undefined,
    );
    expect(t.action).toBeUndefined();
    expect(t.detail).toEqual(['Import its results folder again to get it back']);
  });
});

describe('Toasts', () => {
  it('runs the action and dismisses the notice', () => {
    const run = vi.fn();
    const dismiss = vi.fn();
    const t = toast('Deleted "a"', ['Undo puts it back'], 'info', {
      label: 'Undo',
      title: 'Restore "a"',
      run,
    });
    render(<Toasts toasts={[t]} onDismiss={dismiss} />);
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(run).toHaveBeenCalledTimes(1);
    expect(dismiss).toHaveBeenCalledWith(t.id);
  });
});
