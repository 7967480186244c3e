// @vitest-environment jsdom
// Behaviour tests for the serving view and its helpers: curves and diff-table rows from a fake core,
// normalisation disabled with a reason, unplaceable points listed, the median-ITL warning, attribute
// edits through setAttributes, and the watch-report toast text.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SnapshotSummary } from '../../shared/model';
import { clientFromTransport } from '../api/client';
import { ratePoints, scalingPoints } from '../../shared/serving-fixtures';
import { AttributesPanel, parseAttributeValue } from './AttributesPanel';
import { ServingView } from './ServingView';
import { watchToast } from './Toasts';

afterEach(cleanup);

function summary(id: number, name: string, attributes: SnapshotSummary['attributes']): SnapshotSummary {
  return {
    id,
    name,
    kind: 'serving',
    model: 'm',
    bundle: 'b',
    createdAt: '2025-01-01T00:00:00Z',
    sourcePath: `/data/${name}`,
    totalS: null,
    meta: {},
    attributes,
    editedAttributes: [],
  };
}

const SNAPS: Record<number, { snapshot: SnapshotSummary; points: ReturnType<typeof scalingPoints> }> = {
  1: { snapshot: summary(1, 'x2', { replicas: 2 }), points: scalingPoints(2) },
  2: { snapshot: summary(2, 'x8', { replicas: 8 }), points: scalingPoints(8) },
  3: { snapshot: summary(3, 'rr', {}), points: ratePoints() },
};

function fakeClient(calls: { method: string; input: unknown }[] = []) {
  return clientFromTransport(async (method, input) => {
    calls.push({ method, input });
    const ref = (input as { snapshot?: number }).snapshot ?? 0;
    if (method === 'servingPoints') return SNAPS[ref];
    if (method === 'figures') return [];
    if (method === 'setAttributes') return SNAPS[ref]?.snapshot;
    throw new Error(`unexpected ${method}`);
  });
}

async function renderView(ids: number[]) {
  await act(async () => {
    render(
      <ServingView
        client={fakeClient()}
        ids={ids}
        version={0}
        picking={false}
        ignored={[]}
        onCompareWith={() => undefined}
        onMakeBaseline={() => undefined}
        onRemove={() => undefined}
        onChanged={() => undefined}
      />,
    );
  });
}

describe('ServingView', () => {
  it('overlays two snapshots with a ratio curve and one table row per concurrency', async () => {
    await renderView([1, 2]);
    expect(screen.getAllByTestId('serving-curve')).toHaveLength(2);
    expect(screen.getAllByTestId('ratio-curve')).toHaveLength(1);
    const table = screen.getByTestId('serving-diff-table');
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    expect(screen.getByTestId('norm-gpu').hasAttribute('disabled')).toBe(true);
    expect(screen.getByTestId('norm-gpu').getAttribute('title')).toContain('No “gpus” attribute on x2, x8');
    fireEvent.click(screen.getByTestId('norm-replica'));
    expect(within(table).getAllByRole('row')[1]?.textContent).toContain('100.0');
    expect(screen.getByText('Output tok/s per replica vs concurrency (per client)')).toBeTruthy();
  });

  it('lists points it cannot place and warns about median ITL instead of charting it', async () => {
    await renderView([3]);
    fireEvent.change(screen.getByTestId('x-select'), { target: { value: 'concurrency' } });
    expect(screen.getByTestId('unplaced').textContent).toContain('5 points cannot be placed on this x axis');
    expect(screen.getByTestId('unplaced').textContent).toContain('rr9-1.json: unbounded concurrency');
    fireEvent.change(screen.getByTestId('x-select'), { target: { value: 'auto' } });
    fireEvent.change(screen.getByTestId('metric-select'), { target: { value: 'itl' } });
    fireEvent.change(screen.getByTestId('stat-select'), { target: { value: 'median' } });
    expect(screen.getByTestId('itl-warning').textContent).toContain('Median ITL is not meaningful here');
    expect(screen.queryByTestId('serving-chart')).toBeNull();
    fireEvent.click(screen.getByText('Chart it anyway'));
    expect(screen.getByTestId('serving-chart')).toBeTruthy();
  });
});

describe('AttributesPanel', () => {
  it('parses numbers and sends edits and removals', async () => {
    expect(parseAttributeValue(' 8 ')).toBe(8);
    expect(parseAttributeValue('2.5')).toBe(2.5);
    expect(parseAttributeValue('pd')).toBe('pd');
    const calls: { method: string; input: unknown }[] = [];
    render(
      <AttributesPanel
        client={fakeClient(calls)}
        snapshot={{ ...summary(1, 'x2', { replicas: 2, gpus: 16 }), editedAttributes: ['gpus'] }}
        onChanged={() => undefined}
      />,
    );
    expect(screen.getAllByText('edited')).toHaveLength(1);
    fireEvent.change(screen.getByTestId('attribute-key'), { target: { value: 'gpus' } });
    fireEvent.change(screen.getByTestId('attribute-value'), { target: { value: '8' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('attribute-set'));
    });
    await act(async () => {
      fireEvent.click(screen.getByLabelText('Remove the edit of gpus'));
    });
    expect(calls.map((c) => c.input)).toEqual([
      { snapshot: 1, attributes: { gpus: 8 } },
      { snapshot: 1, attributes: { gpus: null } },
    ]);
  });
});

describe('watchToast', () => {
  it('counts imported files and calls errors out', () => {
    const t = watchToast({
      folder: '/runs',
      report: {
        imported: [
          { file: 'a.json', snapshotId: 1, name: 'a', kind: 'serving' },
          { file: 'b.json', snapshotId: 1, name: 'a', kind: 'serving' },
        ],
        unchanged: [],
        skipped: [],
        errors: [{ file: 'c.json', line: null, message: 'bad JSON' }],
      },
    });
    expect(t.title).toBe('2 new result files imported from /runs · 1 error');
    expect(t.tone).toBe('error');
    expect(t.detail).toEqual(['✕ c.json: bad JSON']);
  });
});
