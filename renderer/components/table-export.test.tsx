// @vitest-environment jsdom
// Table and trace exports in the app: Save CSV…/Markdown…/JSON… download the table's rows (as sorted on
// screen, total last), export-only columns stay off screen, and the start-up view's "Export trace…"
// downloads a Chrome trace of the snapshots shown.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { csvParse } from 'd3-dsv';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Comparison, SnapshotDetail } from '../../shared/model';
import { comparisonTable } from '../../shared/tables';
import type { ChromeTrace } from '../../shared/trace';
import { clientFromTransport } from '../api/client';
import { DataTable } from './DataTable';
import { MetaDiff } from './MetaDiff';
import { StartupView } from './StartupView';

interface Download {
  name: string;
  blob: Blob;
}
let downloads: Download[] = [];
const blobs = new Map<string, Blob>();

beforeEach(() => {
  downloads = [];
  let n = 0;
  vi.stubGlobal('URL', {
    ...URL,
    createObjectURL: (b: Blob) => {
      const url = `blob:test/${(n += 1)}`;
      blobs.set(url, b);
      return url;
    },
    revokeObjectURL: () => undefined,
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    const blob = blobs.get(this.getAttribute('href') ?? '');
    if (blob) downloads.push({ name: this.download, blob });
  });
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

function readBlob(b: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(new Error('unreadable blob'));
    r.readAsText(b);
  });
}

const CMP: Comparison = {
  ranks: 'slowest',
  baseline: { id: 1, name: 'qwen235B-base', totalS: 982 },
  candidate: { id: 2, name: 'qwen235B-all', totalS: 260 },
  speedup: 3.776923,
  savedS: 722,
  phases: [
    {
      id: 'model_loading',
      parent: null,
      baselineS: 758.2,
      candidateS: 77.9,
      speedup: 9.733,
      savedS: 680.3,
      shareOfSaving: 0.942,
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

describe('DataTable saving', () => {
  const table = comparisonTable(CMP);
  const renderTable = (json?: () => unknown) =>
    render(
      <DataTable
        columns={table.columns}
        rows={table.rows}
        testId="phase-table"
        caption="Phases"
        filename="base vs all/phases"
        json={json}
      />,
    );

  it('saves the rows as sorted on screen as RFC 4180 CSV with plain numbers and the total last', async () => {
    renderTable();
    const t = screen.getByTestId('phase-table');
    expect(within(t).queryByText('Phase id')).toBeNull();
    fireEvent.click(within(t).getByRole('button', { name: /Saved s/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Save CSV…' }));
    expect(downloads.map((d) => [d.name, d.blob.type])).toEqual([
      ['base_vs_all_phases.csv', 'text/csv;charset=utf-8'],
    ]);
    const text = await readBlob(downloads[0]?.blob ?? new Blob());
    expect(text.split('\r\n')).toHaveLength(5);
    const rows = csvParse(text);
    expect(rows.map((r) => r['Phase id'])).toEqual(['model_loading', 'fixed_init', 'total']);
    expect(rows.map((r) => Number(r['Speedup']))).toEqual([9.733, 0.98, 3.776923]);
    expect(rows[1]?.['Candidate source']).toBe('manual');
    expect(screen.getByRole('status').textContent).toBe('Saving base_vs_all_phases.csv');
  });

  it('saves Markdown and the JSON given by the view', async () => {
    renderTable(() => CMP);
    fireEvent.click(screen.getByRole('button', { name: 'Save Markdown…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save JSON…' }));
    expect(downloads.map((d) => d.name)).toEqual(['base_vs_all_phases.md', 'base_vs_all_phases.json']);
    const md = await readBlob(downloads[0]?.blob ?? new Blob());
    expect(md.split('\n')[2]).toBe('| Fixed Ray/node init (manual) | 50.0 | 51.0 | 0.98x | -1.0 | 0% |');
    expect(JSON.parse(await readBlob(downloads[1]?.blob ?? new Blob()))).toEqual(CMP);
  });

  it('saves the table model as JSON when the view gives none', async () => {
    renderTable();
    fireEvent.click(screen.getByRole('button', { name: 'Save JSON…' }));
    const j = JSON.parse(await readBlob(downloads[0]?.blob ?? new Blob())) as { rows: { id: string }[] };
    expect(j.rows.map((r) => r.id)).toEqual(['fixed_init', 'model_loading', 'total']);
  });
});

function detail(id: number, name: string, phases: [string, number, number][]): SnapshotDetail {
  return {
    id,
    name,
    kind: 'startup',
    model: 'Qwen',
    bundle: null,
    createdAt: '2026-01-01',
    sourcePath: `/logs/${name}.txt`,
    totalS: phases.reduce((s, [, , d]) => s + d, 0),
    meta: {},
    attributes: {},
    editedAttributes: [],
    ranks: 'slowest',
    wallClockS: null,
    phases: phases.map(([pid, startS, durationS]) => ({
      id: pid,
      parent: null,
      startS,
      durationS,
      source: 'log',
      detail: '',
      ranks: [],
      lines: [],
      measuredS: null,
      note: null,
    })),
    issues: [],
  };
}

describe('MetaDiff saving', () => {
  it('saves the metadata diff as CSV with the differing keys flagged and the source files', async () => {
    const a = { ...detail(1, 'base', [['fixed_init', 0, 50]]), meta: { loadFormat: 'auto', note: 'a, "b"' } };
    const b = {
      ...detail(2, 'all', [['fixed_init', 0, 51]]),
      meta: { loadFormat: 'runai_streamer', note: 'a, "b"' },
    };
    render(<MetaDiff baseline={a} candidate={b} />);
    fireEvent.click(screen.getByRole('button', { name: 'Save CSV…' }));
    expect(downloads.map((d) => d.name)).toEqual(['base-vs-all-metadata.csv']);
    const rows = csvParse(await readBlob(downloads[0]?.blob ?? new Blob()));
    expect(rows.find((r) => r['Key'] === 'loadFormat')).toEqual({
      Key: 'loadFormat',
      'Baseline · base': 'auto',
      'Candidate · all': 'runai_streamer',
      Differs: '1',
    });
    expect(rows.find((r) => r['Key'] === 'note')?.['Baseline · base']).toBe('a, "b"');
    expect(rows.at(-1)).toMatchObject({ Key: 'source file', 'Candidate · all': '/logs/all.txt' });
  });
});

describe('StartupView trace export', () => {
  it('downloads a Chrome trace of both snapshots with their phase durations', async () => {
    const base = detail(1, 'qwen235B-base', [
      ['fixed_init', 0, 50],
      ['model_loading', 50, 758.2],
    ]);
    const all = detail(2, 'qwen235B-all', [
      ['fixed_init', 0, 51],
      ['model_loading', 51, 77.9],
    ]);
    const client = clientFromTransport(async (method, input) => {
      const ref = (input as { snapshot?: number }).snapshot;
      if (method === 'getSnapshot') return ref === 1 ? base : all;
      if (method === 'compare') return CMP;
      if (method === 'figures') return [];
      throw new Error(`unexpected ${method}`);
    });
    await act(async () => {
      render(
        <StartupView
          client={client}
          baselineId={1}
          candidateId={2}
          ranks="slowest"
          version={0}
          onRanks={() => undefined}
          onSwap={() => undefined}
          onCompareWith={() => undefined}
          onClearCandidate={() => undefined}
          onChanged={() => undefined}
          picking={false}
        />,
      );
    });
    fireEvent.click(await screen.findByTestId('export-trace'));
    expect(downloads.map((d) => d.name)).toEqual(['qwen235B-base_vs_qwen235B-all-trace.json']);
    const trace = JSON.parse(await readBlob(downloads[0]?.blob ?? new Blob())) as ChromeTrace;
    const durations = trace.traceEvents
      .filter((e) => e.ph === 'X')
      .map((e) => [e.pid, e.args?.['id'], e.ph === 'X' ? e.dur : null]);
    expect(durations).toEqual([
      [1, 'fixed_init', 50_000_000],
      [1, 'model_loading', 758_200_000],
      [2, 'fixed_init', 51_000_000],
      [2, 'model_loading', 77_900_000],
    ]);
  });
});
