// Tests for the serving diff table model: row order (main metrics first, then x), the metric and
// "differences only" filters, the formatted cells and the verdict counts.
import { describe, expect, it } from 'vitest';
import type { ServingComparison, ServingComparisonRow } from './model';
import { servingCompareColumns, servingCompareRows, verdictCounts } from './serving-compare-table';
import { visibleColumns } from './tables';

const row = (metric: string, x: number, extra: Partial<ServingComparisonRow>): ServingComparisonRow => ({
  metric,
  x,
  baseline: 100,
  candidate: 90,
  ratio: 0.9,
  delta: -10,
  better: 'higher',
  verdict: '~',
  pValue: 0.5,
  pMethod: 'exact',
  ci: [0.85, 0.95],
  n: [8, 8],
  ...extra,
});

const CMP: ServingComparison = {
  kind: 'serving',
  baseline: { id: 1, name: 'rayoss251-x8', label: 'oss' },
  candidate: { id: 2, name: 'rayturbo251-x8', label: 'turbo' },
  x: 'concurrency',
  normalise: 'none',
  divisors: [1, 1],
  rows: [
    row('completed', 4, { better: null, verdict: null, pValue: null, ci: null }),
    row('median_tpot_ms', 64, {
      better: 'lower',
      verdict: 'worse',
      pValue: 0.0029526,
      ratio: 1.107,
      delta: 3.12,
    }),
    row('output_throughput', 64, {}),
    row('output_throughput', 4, { verdict: 'single run', pValue: null, ci: null, n: [1, 8] }),
  ],
  config: [],
};

describe('serving diff table', () => {
  it('orders main metrics first, then by x, with formatted cells', () => {
    const rows = servingCompareRows(CMP, { differencesOnly: false, metric: null });
    expect(rows.map((r) => r.id)).toEqual([
      'output_throughput@4',
      'output_throughput@64',
      'median_tpot_ms@64',
      'completed@4',
    ]);
    const cols = visibleColumns(servingCompareColumns(CMP));
    expect(cols.map((c) => c.label)).toEqual([
      'Metric',
      'Concurrency',
      'oss (baseline)',
      'turbo',
      'Δ',
      'Ratio',
      'p',
      'Verdict',
      '95% CI',
      'n',
    ]);
    const text = (r: (typeof rows)[number]) => cols.map((c) => c.format(r.cells[c.key] ?? null));
    expect(rows.map(text)).toEqual([
      ['output_throughput', '4', '100.0', '90.00', '-10.00', '0.900', '—', 'single run', '—', '1 / 8'],
      [
        'output_throughput',
        '64',
        '100.0',
        '90.00',
        '-10.00',
        '0.900',
        '0.5',
        '~ noise',
        '0.850–0.950',
        '8 / 8',
      ],
      [
        'median_tpot_ms',
        '64',
        '100.0',
        '90.00',
        '+3.12',
        '1.107',
        '0.00295',
        'worse',
        '0.850–0.950',
        '8 / 8',
      ],
      ['completed', '4', '100.0', '90.00', '-10.00', '0.900', '—', 'no direction', '—', '8 / 8'],
    ]);
  });

  it('filters to one metric and to significant rows', () => {
    expect(servingCompareRows(CMP, { differencesOnly: true, metric: null }).map((r) => r.id)).toEqual([
      'median_tpot_ms@64',
    ]);
    expect(servingCompareRows(CMP, { differencesOnly: false, metric: 'output_throughput' })).toHaveLength(2);
    expect(servingCompareRows(CMP, { differencesOnly: true, metric: 'output_throughput' })).toEqual([]);
    expect(verdictCounts(CMP)).toEqual({ better: 0, worse: 1, noise: 1, single: 1 });
  });
});
