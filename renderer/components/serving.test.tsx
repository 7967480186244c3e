// @vitest-environment jsdom
// Behaviour tests for the serving view and its helpers: curves and diff-table rows from a fake core,
// normalisation disabled with a reason, unplaceable points listed, the median-ITL warning, attribute
// edits through setAttributes, and the watch-report toast text.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SnapshotSummary } from '../../shared/model';
import { clientFromTransport } from '../api/client';
import { point, ratePoints, scalingPoints } from '../../shared/serving-fixtures';
import { compareServing } from '../../shared/serving-compare';
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
  4: {
    snapshot: summary(4, 'rayturbo251-x8-with-a-very-long-experiment-name', { replicas: 8, label: 'turbo' }),
    points: eightParts(1.5),
  },
  5: { snapshot: summary(5, 'rayoss251-x8', { replicas: 8 }), points: eightParts(1) },
  6: {
    snapshot: { ...summary(6, 'Qwen3-30B-A3B · guidellm', {}), meta: { tool: 'guidellm 0.5.0.dev0' } },
    points: scalingPoints(1),
  },
  7: {
    snapshot: { ...summary(7, 'gpt-oss-20b · aiperf', {}), meta: { tool: 'aiperf' } },
    points: scalingPoints(2),
  },
};

/** 8 client parts + all-parts at concurrency 64; `slower` scales TPOT (1.5: every part slower). */
function eightParts(slower: number) {
  return [1, 2, 3, 4, 5, 6, 7, 8].flatMap((k) => [
    point(`part${k}/conc64.json`, { output_throughput: 100 + k, median_tpot_ms: (10 + k / 10) * slower }),
    ...(k === 8
      ? [point('all-parts/conc64.json', { output_throughput: 836, median_tpot_ms: 10.45 * slower })]
      : []),
  ]);
}

function fakeClient(calls: { method: string; input: unknown }[] = []) {
  return clientFromTransport(async (method, input) => {
    calls.push({ method, input });
    const ref = (input as { snapshot?: number }).snapshot ?? 0;
    if (method === 'servingPoints') return SNAPS[ref];
    if (method === 'figures') return [];
    if (method === 'setAttributes') return SNAPS[ref]?.snapshot;
    if (method === 'compare') {
      // the real shared comparison over the fixtures, as the core would run it
      const { baseline, candidate, x, normalise } = input as {
        baseline: number;
        candidate: number;
        x?: 'concurrency' | 'rate';
        normalise?: 'none' | 'replica' | 'gpu';
      };
      const sideOf = (id: number) => {
        const s = SNAPS[id];
        if (!s) throw new Error(`no snapshot ${id}`);
        return { ...s.snapshot, points: s.points };
      };
      return compareServing(sideOf(baseline), sideOf(candidate), { x, normalise });
    }
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
  it('names the tool that wrote a GuideLLM or AIPerf snapshot under the title', async () => {
    await renderView([6]);
    expect(screen.getByTestId('serving-tool').textContent).toBe('GuideLLM 0.5.0.dev0 benchmark');
    cleanup();
    await renderView([6, 7]);
    expect(screen.getByTestId('serving-tool').textContent).toBe('GuideLLM 0.5.0.dev0 vs AIPerf benchmark');
  });

  it('overlays two snapshots with a ratio curve and one table row per concurrency', async () => {
    await renderView([1, 2]);
    expect(screen.getAllByTestId('serving-curve')).toHaveLength(2);
    expect(screen.getAllByTestId('ratio-curve')).toHaveLength(1);
    const table = screen.getByTestId('serving-diff-table');
    // every metric of the files (output_throughput, mean_ttft_ms) at every shared concurrency (4, 8, 16)
    expect(within(table).getAllByRole('row')).toHaveLength(7);
    expect(screen.getByTestId('norm-gpu').hasAttribute('disabled')).toBe(true);
    expect(screen.getByTestId('norm-gpu').getAttribute('title')).toContain('No “gpus” attribute on x2, x8');
    fireEvent.click(screen.getByTestId('norm-replica'));
    // the core's comparison again, per replica: 200 / 2 and 800 / 8
    await waitFor(() =>
      expect(within(screen.getByTestId('serving-diff-table')).getAllByRole('row')[1]?.textContent).toContain(
        'output_throughput4100.0100.01.000~ noise0',
      ),
    );
    expect(screen.getByText('Output tok/s per replica vs concurrency (per client)')).toBeTruthy();
  });

  it('shows the core diff with verdicts, noise greyed, a differences-only filter, the config diff and labels', async () => {
    await renderView([5, 4]);
    const table = await screen.findByTestId('serving-diff-table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      // identical parts: p = 1, noise (CI: the seeded bootstrap, reproducible)
      'output_throughput64836.0836.01.000~ noise010.968–1.0348 / 8',
      // every part 1.5x slower: p = 2 / C(16, 8), worse
      'median_tpot_ms6410.4515.671.500worse+5.220.0001551.451–1.5518 / 8',
    ]);
    // the verdict sits beside the ratio on screen (in view at 1280 px); exports keep the CLI's order
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent?.replace(/[▲▼↕]/g, '').trim()),
    ).toEqual([
      'Metric',
      'Concurrency',
      'rayoss251-x8 (baseline)',
      'turbo',
      'Ratio',
      'Verdict',
      'Δ',
      'p',
      '95% CI',
      'n',
    ]);
    expect(rows[0]?.className).toContain('noise');
    expect(rows[1]?.className).not.toContain('noise');
    expect(screen.getByTestId('verdict-counts').textContent).toBe(
      '0 better · 1 worse · 1 noise (~) · 0 single run',
    );
    fireEvent.click(screen.getByTestId('differences-only'));
    expect(within(screen.getByTestId('serving-diff-table')).getAllByRole('row')).toHaveLength(2);
    // config diff beside the table: only what differs
    const config = screen.getByTestId('config-diff');
    expect(
      within(config)
        .getAllByRole('row')
        .map((r) => r.textContent),
    ).toEqual(['KeyBaseline · rayoss251-x8Candidate · turbo', 'label—turbo']);
    // the short label in the legend and the buttons; the full name on hover
    expect(screen.getByText('Make turbo baseline')).toBeTruthy();
    expect(screen.getByLabelText('Legend').textContent).toContain('B · turbo');
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
