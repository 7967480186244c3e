// Table model of a serving comparison for the app's diff table and its CSV/Markdown copies: one row per
// metric per matched x with baseline, candidate, delta, ratio, CI, p, n and verdict; filters for
// "differences only" (significant rows) and one metric. Pure.
import type { ServingComparison, ServingComparisonRow } from './model';
import { formatMetric, formatPValue, formatRatio } from './format';
import { MAIN_METRICS } from './serving-compare';
import type { CellValue, Column, TableModel, TableRow } from './tables';

export interface ServingTableFilter {
  /** Only rows whose verdict is better or worse. */
  differencesOnly: boolean;
  /** One metric key, or null for all. */
  metric: string | null;
}

const num = (v: CellValue): string => (typeof v === 'number' ? formatMetric(v) : '—');
const signed = (v: CellValue): string =>
  typeof v === 'number' ? `${v > 0 ? '+' : ''}${formatMetric(v)}` : '—';
const text = (v: CellValue): string => (v == null ? '—' : String(v));

/** Columns on screen, plus CSV/JSON-only numbers (CI bounds, sample sizes, direction, raw verdict). */
export function servingCompareColumns(c: ServingComparison): Column[] {
  return [
    { key: 'metric', label: 'Metric', kind: 'text', format: text },
    { key: 'x', label: c.x === 'rate' ? 'Request rate' : 'Concurrency', kind: 'number', format: text },
    { key: 'baseline', label: `${c.baseline.label} (baseline)`, kind: 'number', format: num },
    { key: 'candidate', label: c.candidate.label, kind: 'number', format: num },
    { key: 'delta', label: 'Δ', kind: 'number', format: signed },
    {
      key: 'ratio',
      label: 'Ratio',
      kind: 'ratio',
      format: (v) => (typeof v === 'number' ? formatRatio(v) : '—'),
    },
    {
      key: 'p',
      label: 'p',
      kind: 'fraction',
      format: (v) => (typeof v === 'number' ? formatPValue(v) : '—'),
    },
    { key: 'verdict', label: 'Verdict', kind: 'text', format: text },
    { key: 'ci', label: '95% CI', kind: 'text', format: text },
    { key: 'n', label: 'n', kind: 'text', format: text },
    { key: 'ciLow', label: 'CI low', kind: 'ratio', format: num, exportOnly: true },
    { key: 'ciHigh', label: 'CI high', kind: 'ratio', format: num, exportOnly: true },
    { key: 'nBaseline', label: 'n baseline', kind: 'count', format: num, exportOnly: true },
    { key: 'nCandidate', label: 'n candidate', kind: 'count', format: num, exportOnly: true },
    { key: 'better', label: 'Better', kind: 'text', format: text, exportOnly: true },
  ];
}

/** Verdict text for a row: `~` is noise (benchstat's convention); no verdict says why. */
export function verdictText(r: ServingComparisonRow): string {
  if (r.verdict === '~') return '~ noise';
  if (r.verdict) return r.verdict;
  return r.better == null ? 'no direction' : 'no verdict';
}

export function servingCompareRows(c: ServingComparison, filter: ServingTableFilter): TableRow[] {
  const rank = (m: string) => {
    const i = (MAIN_METRICS as readonly string[]).indexOf(m);
    return i < 0 ? MAIN_METRICS.length : i;
  };
  return c.rows
    .filter(
      (r) =>
        (filter.metric == null || r.metric === filter.metric) &&
        (!filter.differencesOnly || r.verdict === 'better' || r.verdict === 'worse'),
    )
    .sort((a, b) => rank(a.metric) - rank(b.metric) || a.metric.localeCompare(b.metric) || a.x - b.x)
    .map((r, i) => ({
      id: `${r.metric}@${r.x}`,
      parent: null,
      depth: 0,
      order: i,
      manual: false,
      sources: {},
      cells: {
        metric: r.metric,
        x: r.x,
        baseline: r.baseline,
        candidate: r.candidate,
        delta: r.delta,
        ratio: r.ratio,
        ci: r.ci ? `${formatRatio(r.ci[0])}–${formatRatio(r.ci[1])}` : null,
        p: r.pValue,
        n: `${r.n[0]} / ${r.n[1]}`,
        verdict: verdictText(r),
        ciLow: r.ci ? r.ci[0] : null,
        ciHigh: r.ci ? r.ci[1] : null,
        nBaseline: r.n[0],
        nCandidate: r.n[1],
        better: r.better,
      },
    }));
}

/** Counts for the table's header: significant rows by verdict, noise, single runs. */
export function verdictCounts(c: ServingComparison): Record<'better' | 'worse' | 'noise' | 'single', number> {
  const count = (v: ServingComparisonRow['verdict']) => c.rows.filter((r) => r.verdict === v).length;
  return { better: count('better'), worse: count('worse'), noise: count('~'), single: count('single run') };
}

/** The whole comparison as one table model (for `benchlens export --table diff` and the report). */
export function servingCompareTable(c: ServingComparison): TableModel {
  return {
    title: `${c.baseline.label} vs ${c.candidate.label}`,
    columns: servingCompareColumns(c),
    rows: servingCompareRows(c, { differencesOnly: false, metric: null }),
  };
}
