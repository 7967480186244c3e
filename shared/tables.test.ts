// Tests for the table models: ordering, sorting, CSV/Markdown text, metadata diff, top savings.
import { describe, expect, it } from 'vitest';
import type { Comparison, PhaseComparison } from './model';
import {
  COMPARISON_COLUMNS,
  comparisonRows,
  metaDiff,
  sortRows,
  toCsv,
  toMarkdown,
  topSavings,
} from './tables';

function pc(id: string, parent: string | null, b: number, c: number, share: number | null): PhaseComparison {
  return {
    id,
    parent,
    baselineS: b,
    candidateS: c,
    speedup: c > 0 ? b / c : null,
    savedS: b - c,
    shareOfSaving: share,
    baselineSource: 'log',
    candidateSource: id === 'warmup' ? 'manual' : 'log',
  };
}

const CMP: Comparison = {
  ranks: 'slowest',
  baseline: { id: 1, name: 'base', totalS: 982 },
  candidate: { id: 2, name: 'all', totalS: 260 },
  speedup: 982 / 260,
  savedS: 722,
  phases: [
    pc('torch_compile', null, 113, 23.4, 0.124),
    pc('model_loading', null, 758.2, 77.9, 0.942),
    pc('weights_download', 'model_loading', 724.1, 0, 1.003),
    pc('warmup', null, 47, 59, -0.017),
  ],
};

describe('tables', () => {
  const rows = comparisonRows(CMP);
  it('orders parents then children in catalogue order', () => {
    expect(rows.map((r) => r.id)).toEqual(['model_loading', 'weights_download', 'torch_compile', 'warmup']);
    expect(rows.map((r) => r.depth)).toEqual([0, 1, 0, 0]);
    expect(rows.find((r) => r.id === 'warmup')?.manual).toBe(true);
  });
  it('sorts by a column with nulls last and restores catalogue order', () => {
    expect(sortRows(rows, { key: 'savedS', dir: 'desc' }).map((r) => r.id)).toEqual([
      'weights_download',
      'model_loading',
      'torch_compile',
      'warmup',
    ]);
    expect(sortRows(rows, { key: 'phase', dir: 'asc' }).map((r) => r.id)[0]).toBe('model_loading');
    expect(
      sortRows(rows, { key: 'speedup', dir: 'asc' })
        .map((r) => r.id)
        .at(-1),
    ).toBe('weights_download');
    expect(sortRows(sortRows(rows, { key: 'savedS', dir: 'asc' }), null).map((r) => r.id)).toEqual(
      rows.map((r) => r.id),
    );
  });
  it('writes CSV and Markdown', () => {
    const csv = toCsv(COMPARISON_COLUMNS, rows.slice(0, 1));
    expect(csv).toBe(
      'Phase,Baseline s,Candidate s,Speedup,Saved s,Share of saving\nModel loading,758.2,77.9,9.73x,680.3,94%\n',
    );
    const md = toMarkdown(COMPARISON_COLUMNS, rows.slice(0, 2));
    expect(md.split('\n')[1]).toBe('| --- | ---: | ---: | ---: | ---: | ---: |');
    expect(md.split('\n')[3]).toBe('| ↳ Weights download | 724.1 | 0.0 |  | 724.1 | 100% |');
  });
  it('diffs metadata with known keys first', () => {
    const d = metaDiff(
      { loadFormat: 'auto', tensorParallelSize: 8, zeta: 1 },
      { loadFormat: 'runai_streamer', tensorParallelSize: 8 },
      'Qwen',
      'Qwen',
    );
    expect(d).toEqual([
      { key: 'model', baseline: 'Qwen', candidate: 'Qwen', differs: false },
      { key: 'tensorParallelSize', baseline: '8', candidate: '8', differs: false },
      { key: 'loadFormat', baseline: 'auto', candidate: 'runai_streamer', differs: true },
      { key: 'zeta', baseline: '1', candidate: '', differs: true },
    ]);
  });
  it('lists the top savings among top-level phases', () => {
    expect(topSavings(CMP).map((s) => [s.id, s.share])).toEqual([
      ['model_loading', 0.942],
      ['torch_compile', 0.124],
    ]);
  });
});
