// The serving diff from the core's `compare`: every metric at every matched x with baseline, candidate,
// delta, ratio, bootstrap CI, Mann–Whitney p and verdict (`~` rows greyed as noise), a "differences
// only" filter and a metric filter, sortable, with the configuration diff beside it. Presentation only.
import { useState } from 'react';
import type { ServingComparison } from '../../shared/model';
import { servingCompareColumns, servingCompareRows, verdictCounts } from '../../shared/serving-compare-table';
import { DataTable } from './DataTable';
import { ConfigDiff } from './MetaDiff';

export function ServingDiff({ comparison, stale }: { comparison: ServingComparison; stale: boolean }) {
  const [differencesOnly, setDifferencesOnly] = useState(false);
  const [picked, setMetric] = useState<string | null>(null);
  const metrics = [...new Set(comparison.rows.map((r) => r.metric))];
  // a metric picked for an earlier pair that this one lacks shows everything rather than nothing
  const metric = picked != null && metrics.includes(picked) ? picked : null;
  const rows = servingCompareRows(comparison, { differencesOnly, metric });
  const counts = verdictCounts(comparison);
  const verdictOf = new Map(comparison.rows.map((r) => [`${r.metric}@${r.x}`, r.verdict]));
  const warnings = [...new Set(comparison.rows.flatMap((r) => (r.warning ? [r.warning] : [])))];
  const { baseline, candidate } = comparison;
  return (
    <div
      className={`serving-diff${stale ? ' is-loading' : ''}`}
      data-testid="serving-diff"
      data-candidate={candidate.name}
    >
      <div className="serving-diff-main">
        <div className="serving-diff-controls" role="toolbar" aria-label="Diff table filters">
          <span className="muted" data-testid="verdict-counts">
            {counts.better} better · {counts.worse} worse · {counts.noise} noise (~) · {counts.single} single
            run
          </span>
          <label className="inline">
            Metric
            <select
              data-testid="diff-metric-select"
              value={metric ?? ''}
              onChange={(e) => setMetric(e.target.value === '' ? null : e.target.value)}
            >
              <option value="">all metrics ({metrics.length})</option>
              {metrics.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
          <label className="inline">
            <input
              type="checkbox"
              checked={differencesOnly}
              onChange={(e) => setDifferencesOnly(e.target.checked)}
              data-testid="differences-only"
            />
            differences only (p &lt; 0.05)
          </label>
        </div>
        <DataTable
          columns={servingCompareColumns(comparison)}
          rows={rows}
          testId="serving-diff-table"
          caption={`${candidate.label} vs ${baseline.label}: every metric at every ${comparison.x === 'rate' ? 'request rate' : 'concurrency'}${comparison.normalise === 'none' ? '' : `, throughputs per ${comparison.normalise}`}`}
          filename={`${baseline.label}-vs-${candidate.label}-diff`}
          rowClassName={(r) => (verdictOf.get(r.id) === '~' ? 'noise' : undefined)}
          // the verdict beside the ratio: at 1280 px the table scrolls and it was past the edge
          leadingKeys={['metric', 'x', 'baseline', 'candidate', 'ratio', 'verdict']}
        />
        <p className="muted small-print">
          Ratio and Δ: candidate against baseline at the same x (values from the all-parts file, else the mean
          of single-client files). p: two-sided Mann–Whitney U over the replicate samples (client parts or
          repeats); CI: 95% seeded bootstrap of the ratio of the samples&apos; medians. A single run is never
          a finding; <code>~</code> rows (p ≥ 0.05) are noise.
        </p>
        {warnings.length > 0 ? (
          <details className="unplaced" data-testid="diff-warnings">
            <summary>
              {warnings.length} note{warnings.length === 1 ? '' : 's'} on the statistics
            </summary>
            <ul>
              {warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </details>
        ) : null}
      </div>
      <ConfigDiff config={comparison.config} baselineName={baseline.label} candidateName={candidate.label} />
    </div>
  );
}
