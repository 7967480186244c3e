// @vitest-environment jsdom
// Behaviour tests for renderer components: headline speedup text, sortable phase table, import report
// summary, and the app's empty state plus ready marker with a fake client.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Comparison } from '../../shared/model';
import { App } from '../App';
import { clientFromTransport } from '../api/client';
import { COMPARISON_COLUMNS, comparisonRows } from '../../shared/tables';
import { DataTable } from './DataTable';
import { HeadlineCards } from './HeadlineCards';
import { ImportProgress, ImportReportView } from './ImportPanel';
import type { ImportState } from './use-import';

afterEach(cleanup);

const CMP: Comparison = {
  ranks: 'slowest',
  baseline: { id: 1, name: 'qwen235B-base', totalS: 982.4 },
  candidate: { id: 2, name: 'qwen235B-all', totalS: 260.1 },
  speedup: 982.4 / 260.1,
  savedS: 722.3,
  phases: [
    {
      id: 'model_loading',
      parent: null,
      baselineS: 758.2,
      candidateS: 77.9,
      speedup: 9.73,
      savedS: 680.3,
      shareOfSaving: 0.94,
      baselineSource: 'log',
      candidateSource: 'log',
    },
    {
      id: 'torch_compile',
      parent: null,
      baselineS: 113,
      candidateS: 23.4,
      speedup: 4.83,
      savedS: 89.6,
      shareOfSaving: 0.12,
      baselineSource: 'log',
      candidateSource: 'log',
    },
    {
      id: 'fixed_init',
      parent: null,
      baselineS: 50,
      candidateS: 51,
      speedup: 0.98,
      savedS: -1,
      shareOfSaving: -0.001,
      baselineSource: 'timestamp',
      candidateSource: 'manual',
    },
  ],
};

describe('HeadlineCards', () => {
  it('shows the contract speedup with two decimals and the top savings', () => {
    render(<HeadlineCards comparison={CMP} stale={false} />);
    expect(screen.getByTestId('speedup').textContent).toBe('3.78x');
    expect(screen.getByText('982 s')).toBeTruthy();
    expect(screen.getByText('94%')).toBeTruthy();
  });
});

describe('HeadlineCards with manual values and losses', () => {
  const manual: Comparison = {
    ...CMP,
    baseline: { ...CMP.baseline, totalS: 982, measuredTotalS: 982, manual: false },
    candidate: { ...CMP.candidate, totalS: 235.6, measuredTotalS: 260, manual: true },
    speedup: 4.168081,
    savedS: 746.4,
    manual: true,
    measuredSpeedup: 3.776923,
    measuredSavedS: 722,
    phases: [
      { ...CMP.phases[0]!, savedS: 680.3, shareOfSaving: 0.911 },
      { ...CMP.phases[1]!, savedS: 89.6, shareOfSaving: 0.12 },
      { ...CMP.phases[2]!, savedS: -23.5, shareOfSaving: -0.031 },
    ],
  };
  it('shows both figures and tags the ones that include manual values', () => {
    render(<HeadlineCards comparison={manual} stale={false} />);
    expect(screen.getByTestId('speedup').textContent).toBe('4.17x');
    const measured = screen.getAllByTestId('measured-figure').map((e) => e.textContent);
    expect(measured).toEqual(['measured 260 s', 'measured 3.78x', 'measured 722 s']);
    expect(screen.getAllByText('incl. manual')).toHaveLength(3);
  });
  it('lists a phase that got slower as a negative share; the shares sum to 100%', () => {
    render(<HeadlineCards comparison={manual} stale={false} />);
    const items = within(screen.getByTestId('savings')).getAllByRole('listitem');
    expect(items.map((li) => li.querySelector('.num')?.textContent)).toEqual(['91%', '12%', '-3%']);
    expect(items[2]?.textContent).toContain('(slower)');
    expect(screen.getByText('Where the saving came from')).toBeTruthy();
  });
  it('rounds the shares so they add up to 100% (the corpus breakdown read 94 + 12 + 0 − 1 − 6 = 99)', () => {
    const saved = [680.3, 89.7, -7.3, -40, -0.7];
    const ids = [
      'model_loading',
      'torch_compile',
      'memory_profiling',
      'compile_cache_download',
      'fixed_init',
    ];
    const qwen: Comparison = {
      ...CMP,
      savedS: 722,
      phases: ids.map((id, i) => ({
        ...CMP.phases[0]!,
        id,
        savedS: saved[i]!,
        shareOfSaving: saved[i]! / 722,
      })),
    };
    render(<HeadlineCards comparison={qwen} stale={false} />);
    const items = within(screen.getByTestId('savings')).getAllByRole('listitem');
    const nums = items.map((li) => li.querySelector('.num')?.textContent ?? '');
    expect(nums.reduce((a, t) => a + Number(t.replace('%', '').replace('−', '-')), 0)).toBe(100);
    // a share that rounds to 0% is not labelled "(slower)"
    const zero = items.find((li) => li.querySelector('.num')?.textContent === '0%');
    expect(zero?.textContent).not.toContain('(slower)');
  });
  it('after Swap says where the loss came from', () => {
    const swapped: Comparison = {
      ...manual,
      speedup: 0.24,
      savedS: -746.4,
      phases: manual.phases.map((p) => ({ ...p, savedS: -p.savedS })),
    };
    render(<HeadlineCards comparison={swapped} stale={false} />);
    expect(screen.getByText('Where the loss came from')).toBeTruthy();
    expect(screen.getByText(/Seconds lost/)).toBeTruthy();
    const items = within(screen.getByTestId('savings')).getAllByRole('listitem');
    expect(items[2]?.textContent).toContain('(faster)');
  });
});

describe('DataTable', () => {
  it('sorts when a header is clicked and marks manual rows', () => {
    render(
      <DataTable
        columns={COMPARISON_COLUMNS}
        rows={comparisonRows(CMP)}
        testId="phase-table"
        caption="Phases"
        filename="x"
      />,
    );
    const table = screen.getByTestId('phase-table');
    const order = (): (string | null)[] =>
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map((r) => r.getAttribute('data-phase'));
    expect(order()).toEqual(['fixed_init', 'model_loading', 'torch_compile']);
    fireEvent.click(within(table).getByRole('button', { name: /Saved s/ }));
    expect(order()).toEqual(['model_loading', 'torch_compile', 'fixed_init']);
    expect(within(table).getAllByRole('columnheader')[4]?.getAttribute('aria-sort')).toBe('descending');
    fireEvent.click(within(table).getByRole('button', { name: /Saved s/ }));
    expect(order()).toEqual(['fixed_init', 'torch_compile', 'model_loading']);
    expect(within(table).getAllByText('manual')).toHaveLength(1);
  });
});

describe('ImportReportView', () => {
  it('summarises the report in one line and lists failures with their line', () => {
    render(
      <ImportReportView
        report={{
          imported: [{ file: 'a.txt', snapshotId: 1, name: 'a', kind: 'startup' }],
          unchanged: [],
          skipped: [{ file: 'x.png', reason: 'not a log' }],
          errors: [{ file: 'b.txt', line: 12, message: 'bad line' }],
        }}
        error={null}
        onDismiss={() => undefined}
      />,
    );
    const report = screen.getByTestId('import-report');
    expect(report.textContent).toContain('1 imported · 0 unchanged · 1 skipped · 1 failed');
    expect(report.textContent).toContain('b.txt:12: bad line');
    expect(report.textContent).toContain('x.png: not a log');
  });
});

describe('App', () => {
  it('shows the empty state and sets the ready marker after the first library page', async () => {
    delete document.body.dataset.ready;
    const client = clientFromTransport(async (method) => {
      if (method === 'listSnapshots') return [];
      if (method === 'libraryFacets') return { total: 0, kinds: { startup: 0, serving: 0 }, models: [] };
      throw new Error(`unexpected ${method}`);
    });
    await act(async () => {
      render(<App client={client} />);
    });
    expect(document.body.dataset.ready).toBe('true');
    expect(screen.getByTestId('empty-state')).toBeTruthy();
    expect(screen.getAllByTestId('import-input').length).toBeGreaterThan(0);
  });
});

describe('ImportProgress', () => {
  const base: ImportState = {
    status: 'uploading',
    progress: null,
    report: null,
    error: null,
    bytesPicked: 73_116,
    filesPicked: 2,
  };
  it('is indeterminate while the upload is in flight without core progress', () => {
    render(<ImportProgress state={base} />);
    const bar = screen.getByRole('progressbar');
    expect(bar.className).toContain('indeterminate');
    expect(bar.getAttribute('aria-valuenow')).toBeNull();
    expect(screen.getByTestId('import-progress').textContent).toContain('Uploading 2 files (73.1 kB)');
  });
  it('shows files and bytes from importProgress events', () => {
    render(
      <ImportProgress
        state={{
          ...base,
          progress: {
            filesDone: 1,
            filesTotal: 2,
            bytesDone: 29_497,
            bytesTotal: 73_114,
            file: 'qwen235B-all.txt',
          },
        }}
      />,
    );
    const bar = screen.getByRole('progressbar');
    expect(bar.className).not.toContain('indeterminate');
    expect(bar.getAttribute('aria-valuenow')).toBe('40');
    expect(screen.getByTestId('import-progress').textContent).toContain(
      'Importing file 2 of 2 · 29.5 kB of 73.1 kB · qwen235B-all.txt',
    );
  });
  it('is hidden when no import runs', () => {
    render(<ImportProgress state={{ ...base, status: 'done' }} />);
    expect(screen.queryByTestId('import-progress')).toBeNull();
  });
});
