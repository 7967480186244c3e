// The serving view: one or more `vllm bench serve` snapshots (the first is the baseline) as overlaid
// curves of a chosen metric against concurrency or request rate, a candidate / baseline ratio curve,
// the core's diff (every metric, p-values, verdicts, config diff), unplaceable points, published figures
// and attribute editing. Never invents a value: NaN/Infinity, unbounded x and meaningless median ITL are
// shown as such. Snapshots go by their `label` attribute where set (legends, buttons).
import { useMemo, useState } from 'react';
import type { Meta, SnapshotSummary } from '../../shared/model';
import type { Client } from '../api/client';
import { displayLabel, shortLabels } from '../../shared/short-label';
import { SnapshotActions, type DeletedSnapshot } from './SnapshotActions';
import {
  DEFAULT_CURVES_SIZE,
  layoutCurves,
  type CurveMarker,
  type XScaleKind,
  type YScaleKind,
} from '../../figures/curves-layout';
import { ServingCurves } from '../../figures/ServingCurves';
import { DEFAULT_RATIO_SIZE, layoutRatio, type RatioMarker } from '../../figures/ratio-layout';
import { RatioChart } from '../../figures/RatioChart';
import { textOn } from '../../figures/colors';
import { useWidth } from '../charts/use-width';
import { toolsText } from '../model/tool-label';
import { formatMetric } from '../../shared/format';
import {
  baselineSpread,
  buildServingModel,
  meaninglessItl,
  metricDef,
  metricTitle,
  METRICS,
  normalisationAvailability,
  ratioSeries,
  seriesColor,
  xLabel,
  type MetricId,
  type Normalisation,
  type PointSet,
  type ServingOptions,
  type Statistic,
  type XChoice,
} from '../../shared/serving';
import { AttributesPanel } from './AttributesPanel';
import { ChartFrame } from './ChartFrame';
import { CompareWithButton } from './CompareWithButton';
import { ExportReportButton } from './ExportReportButton';
import { FiguresPanel } from './FiguresPanel';
import { ParetoPanel } from './ParetoPanel';
import { Segmented } from './Segmented';
import { ServingDiff } from './ServingDiff';
import { ServingTooltip, type ServingTooltipTarget } from './ServingTooltip';
import { useResource } from './use-resource';
import { useFigureTheme } from '../theme';
import { ViewSkeleton } from './ViewSkeleton';

export interface ServingViewProps {
  client: Client;
  /** Baseline first, then the candidates, all serving snapshots. */
  ids: readonly number[];
  version: number;
  picking: boolean;
  /** Selected snapshots that are not serving ones (left out of the comparison). */
  ignored: readonly SnapshotSummary[];
  onCompareWith(): void;
  onMakeBaseline(id: number): void;
  onRemove(id: number): void;
  onChanged(): void;
  /** After a delete from the header: the app offers Undo (re-import by path). */
  onDeleted?(deleted: DeletedSnapshot): void;
}

const ROLE_LETTERS = 'ABCDEFGHIJ';

export function roleLetter(i: number): string {
  return ROLE_LETTERS[i] ?? String(i + 1);
}

/** The short name of a snapshot: its `label` attribute (editable under Attributes), else its name. */
export function shortLabel(s: { name: string; attributes: Meta }): string {
  const l = s.attributes['label'];
  return typeof l === 'string' && l.trim() !== '' ? l.trim() : s.name;
}

export function ServingView(props: ServingViewProps) {
  const { client, ids, version } = props;
  const data = useResource(`${ids.join(',')}:${version}`, () =>
    Promise.all(ids.map((id) => client.api.servingPoints({ snapshot: id }))),
  );
  const [metric, setMetric] = useState<MetricId>('output');
  const [stat, setStat] = useState<Statistic>('mean');
  const [xChoice, setXChoice] = useState<XChoice>('auto');
  const [normChoice, setNorm] = useState<Normalisation>('none');
  const [pointSet, setPointSet] = useState<PointSet>('default');
  const [yScaleChoice, setYScale] = useState<YScaleKind | null>(null);
  const [xScaleChoice, setXScale] = useState<XScaleKind | null>(null);
  const [showItlAnyway, setShowItlAnyway] = useState(false);
  const [tab, setTab] = useState<'curves' | 'pareto'>('curves');
  const [tooltip, setTooltip] = useState<ServingTooltipTarget | null>(null);
  const [measureRef, width] = useWidth<HTMLDivElement>(900);
  const figureTheme = useFigureTheme();

  const loaded = data.data;
  const snaps = useMemo(
    () =>
      (loaded ?? []).map((d) => ({
        id: d.snapshot.id,
        name: d.snapshot.name,
        attributes: d.snapshot.attributes,
        points: d.points,
        summary: d.snapshot,
      })),
    [loaded],
  );
  // the label attribute, else what differs between the compared names; full names stay in tooltips
  const labels = useMemo(() => {
    const derived = shortLabels(snaps.map((s) => s.name));
    return new Map(snaps.map((s, i) => [s.id, displayLabel(s.attributes, derived[i] ?? s.name)]));
  }, [snaps]);
  const labelOf = (s: { id: number; name: string; attributes: Meta }): string =>
    labels.get(s.id) ?? shortLabel(s);
  const def = metricDef(metric);
  const availability = useMemo(() => normalisationAvailability(snaps), [snaps]);
  const norm: Normalisation =
    def.kind === 'latency' || (normChoice !== 'none' && availability[normChoice] != null)
      ? 'none'
      : normChoice;
  const opts: ServingOptions = useMemo(
    () => ({ metric, stat, x: xChoice, norm, pointSet }),
    [metric, stat, xChoice, norm, pointSet],
  );
  const model = useMemo(() => buildServingModel(snaps, opts), [snaps, opts]);
  const yKind: YScaleKind = yScaleChoice ?? (def.kind === 'latency' ? 'log' : 'linear');
  const xKind: XScaleKind = xScaleChoice ?? (model.xKind === 'concurrency' ? 'log2' : 'linear');
  const chartWidth = Math.max(480, width);
  const curves = useMemo(
    () => layoutCurves(model.series, { xKind, yKind }, { ...DEFAULT_CURVES_SIZE, width: chartWidth }),
    [model, xKind, yKind, chartWidth],
  );
  const ratios = useMemo(() => ratioSeries(model), [model]);
  const spread = useMemo(() => baselineSpread(model), [model]);
  const ratio = useMemo(
    () =>
      ratios.some((r) => r.points.length > 0)
        ? layoutRatio(ratios, spread, xKind, curves.x.domain, { ...DEFAULT_RATIO_SIZE, width: chartWidth })
        : null,
    [ratios, spread, xKind, curves, chartWidth],
  );
  // the diff table normalises throughputs whenever the chosen normalisation is available
  const tableNorm: Normalisation =
    normChoice !== 'none' && availability[normChoice] == null ? normChoice : 'none';
  const compareX = model.xKind === 'concurrency' ? 'concurrency' : 'rate';
  const comparisons = useResource(
    loaded && ids.length > 1 ? `${ids.join(',')}:${version}:${compareX}:${tableNorm}` : null,
    () =>
      Promise.all(
        ids
          .slice(1)
          .map((candidate) =>
            client.api.compare({ baseline: ids[0] ?? 0, candidate, x: compareX, normalise: tableNorm }),
          ),
      ),
  );

  if (data.error && !loaded) return <p className="error">Could not load the serving points: {data.error}</p>;
  if (!loaded) return <ViewSkeleton heights={[56, 440, 240]} />;

  const title = metricTitle(metric, stat, norm);
  const xText = xLabel(model.xKind);
  const names = snaps.map((s) => s.name).join(' vs ');
  const itlWarning = meaninglessItl(model, opts);
  const hideChart = itlWarning && !showItlAnyway;
  const stale = data.loading;
  const onCurveHover = (m: CurveMarker | null, at: { x: number; y: number } | null): void =>
    setTooltip(m && at ? { kind: 'curve', marker: m, xText, unit: def.unit, at } : null);
  const onRatioHover = (m: RatioMarker | null, at: { x: number; y: number } | null): void =>
    setTooltip(m && at ? { kind: 'ratio', marker: m, xText, at } : null);
  const first = snaps[0]?.summary;

  return (
    <div
      className={`startup-view serving-view${stale ? ' is-loading' : ''}`}
      aria-busy={stale}
      data-testid="serving-view"
    >
      <header className="view-header">
        <div>
          <h1>
            {snaps.map((s, i) => (
              <span key={s.id} className="serving-title-item">
                {i > 0 ? <span className="muted"> vs </span> : null}
                <span
                  className="role-badge series"
                  style={{ background: seriesColor(i), color: textOn(seriesColor(i)) }}
                >
                  {roleLetter(i)}
                </span>{' '}
                <span title={s.name}>{labelOf(s)}</span>
              </span>
            ))}
          </h1>
          <p className="muted">
            {first?.model ?? 'unknown model'} ·{' '}
            <span data-testid="serving-tool">
              {toolsText(snaps.map((x) => x.summary.meta)) ?? 'serving'} benchmark
            </span>
            {snaps.length > 1 && first ? ` · baseline ${first.name}` : ''}
          </p>
        </div>
        <div className="toolbar" role="toolbar" aria-label="Comparison">
          {snaps.slice(1).map((s) => (
            <span key={s.id} className="inline-actions">
              <button
                type="button"
                className="button small"
                title={`Make ${s.name} the baseline`}
                onClick={() => props.onMakeBaseline(s.id)}
              >
                Make {truncate(labelOf(s), 18)} baseline
              </button>
              <button
                type="button"
                className="button small"
                aria-label={`Remove ${s.name} from the comparison`}
                onClick={() => props.onRemove(s.id)}
              >
                ✕
              </button>
            </span>
          ))}
          <CompareWithButton
            picking={props.picking}
            onClick={props.onCompareWith}
            label={snaps.length > 1 ? 'Add to comparison…' : 'Compare with…'}
          />
          <ExportReportButton client={client} request={{ snapshots: [...ids], normalise: tableNorm }} />
          {snaps.length === 1 && snaps[0] ? (
            <SnapshotActions
              client={client}
              snapshot={snaps[0].summary}
              onChanged={props.onChanged}
              {...(props.onDeleted ? { onDeleted: props.onDeleted } : {})}
            />
          ) : null}
        </div>
      </header>

      {props.ignored.length > 0 ? (
        <p className="note" data-testid="serving-ignored">
          {props.ignored.map((s) => s.name).join(', ')}: startup snapshots cannot be compared with serving
          benchmarks and are left out.
        </p>
      ) : null}

      <div className="serving-tabs">
        <Segmented
          label="Serving chart"
          value={tab}
          onChange={setTab}
          options={[
            { value: 'curves', label: 'Curves', testId: 'tab-curves' },
            { value: 'pareto', label: 'Pareto', testId: 'tab-pareto' },
          ]}
        />
      </div>

      {tab === 'pareto' ? (
        <ParetoPanel
          client={client}
          snapshots={snaps.map((s) => ({
            id: s.id,
            name: s.name,
            label: labelOf(s),
            attributes: s.attributes,
            points: s.points,
          }))}
        />
      ) : null}

      <div className="serving-controls" role="toolbar" aria-label="Chart options" hidden={tab !== 'curves'}>
        <label className="inline">
          Metric
          <select
            data-testid="metric-select"
            value={metric}
            onChange={(e) => {
              setMetric(e.target.value as MetricId);
              setYScale(null);
              setShowItlAnyway(false);
            }}
          >
            {METRICS.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        <label
          className="inline"
          title={def.kind === 'throughput' ? 'Throughputs have no statistic' : undefined}
        >
          Statistic
          <select
            data-testid="stat-select"
            value={stat}
            disabled={def.kind === 'throughput'}
            onChange={(e) => {
              setStat(e.target.value as Statistic);
              setShowItlAnyway(false);
            }}
          >
            <option value="mean">mean</option>
            <option value="median">median (p50)</option>
            <option value="p99">p99</option>
          </select>
        </label>
        <label className="inline">
          X axis
          <select
            data-testid="x-select"
            value={xChoice}
            onChange={(e) => {
              setXChoice(e.target.value as XChoice);
              setXScale(null);
            }}
          >
            <option value="auto">
              auto ({model.xKind === 'concurrency' ? 'concurrency' : 'request rate'})
            </option>
            <option value="concurrency">concurrency</option>
            <option value="requestRate">request rate</option>
          </select>
        </label>
        <Segmented
          label="Normalisation"
          value={norm}
          onChange={setNorm}
          options={[
            { value: 'none', label: 'Total', testId: 'norm-none' },
            ...(['replica', 'gpu'] as const).map((n) => ({
              value: n,
              label: n === 'replica' ? 'Per replica' : 'Per GPU',
              testId: `norm-${n}`,
              disabledReason:
                def.kind === 'latency'
                  ? 'Latencies are per request: normalisation applies to throughputs.'
                  : availability[n],
            })),
          ]}
        />
        <Segmented
          label="Y scale"
          value={yKind}
          onChange={setYScale}
          options={(['linear', 'log'] as const).map((k) => ({
            value: k,
            label: <>y {k}</>,
            testId: `y-${k}`,
          }))}
        />
        <Segmented
          label="X scale"
          value={xKind}
          onChange={setXScale}
          options={(['linear', 'log2'] as const).map((k) => ({
            value: k,
            label: <>x {k}</>,
            testId: `x-${k}`,
          }))}
        />
        <label className="inline">
          <input
            type="checkbox"
            checked={pointSet === 'parts'}
            onChange={(e) => setPointSet(e.target.checked ? 'parts' : 'default')}
            data-testid="parts-toggle"
          />
          per client part
        </label>
      </div>

      {tab === 'curves' ? (
        <ChartFrame
          title={`${title} vs ${xText.toLowerCase()}`}
          client={client}
          figures={[
            {
              label: 'Curves',
              request: { snapshots: [...ids], figure: 'curves', metric, stat, normalise: norm, x: xChoice },
            },
            ...(ids.length > 1
              ? [
                  {
                    label: 'Ratio to A',
                    request: {
                      snapshots: [...ids],
                      figure: 'ratio' as const,
                      metric,
                      stat,
                      normalise: norm,
                      x: xChoice,
                    },
                  },
                ]
              : []),
            {
              label: 'Pareto (per GPU vs interactivity)',
              request: { snapshots: [...ids], figure: 'pareto' },
            },
          ]}
        >
          <div ref={measureRef} className="chart-measure">
            {hideChart ? (
              <div className="warning" role="alert" data-testid="itl-warning">
                <p>
                  <strong>Median ITL is not meaningful here.</strong> Most values are below 0.05 ms: the
                  server streams several tokens per chunk, so most inter-token gaps inside a chunk are ~0 and
                  the median reflects chunking, not decoding speed. Use mean ITL or TPOT instead.
                </p>
                <button type="button" className="button small" onClick={() => setShowItlAnyway(true)}>
                  Chart it anyway
                </button>
              </div>
            ) : (
              <>
                {itlWarning ? (
                  <p className="warning" data-testid="itl-warning">
                    Median ITL below 0.05 ms reflects chunked streaming, not decoding speed.
                  </p>
                ) : null}
                <ServingCurves
                  marks={curves}
                  title={`${title} of ${names}`}
                  xLabel={xText}
                  yLabel={`${title}${def.kind === 'throughput' ? ` (${def.unit})` : ''}`}
                  onHover={onCurveHover}
                  theme={figureTheme}
                />
                {model.series.length > 1 && !ratio ? (
                  <p className="muted" data-testid="no-ratio">
                    No x value is shared with the baseline: no ratio to draw.
                  </p>
                ) : null}
                {ratio ? (
                  <RatioChart
                    marks={ratio}
                    title={`Ratio to ${snaps[0]?.name ?? 'baseline'}`}
                    xLabel={xText}
                    onHover={onRatioHover}
                    theme={figureTheme}
                  />
                ) : null}
              </>
            )}
          </div>
          <ul className="legend serving-legend" aria-label="Legend">
            {model.series.map((s, i) => (
              <li key={s.key}>
                <svg width={26} height={10} aria-hidden="true">
                  <line x1={1} x2={25} y1={5} y2={5} stroke={s.color} strokeWidth={2.5} />
                  <circle cx={13} cy={5} r={3.5} fill={s.color} />
                </svg>
                <span title={s.name}>
                  {roleLetter(i)} · {snaps[i] ? labelOf(snaps[i]) : s.name}
                </span>
                <span className="muted legend-note">
                  ({s.main?.label ?? 'no points'}
                  {s.divisor !== 1 ? ` ÷ ${s.divisor}` : ''})
                </span>
              </li>
            ))}
            {pointSet === 'parts' ? (
              <li>
                <svg width={26} height={10} aria-hidden="true">
                  <line
                    x1={1}
                    x2={25}
                    y1={5}
                    y2={5}
                    className="legend-stroke"
                    strokeWidth={1}
                    strokeDasharray="4 3"
                  />
                </svg>
                client part{norm !== 'none' ? ' (same divisor)' : ''}
              </li>
            ) : null}
            <li>
              <svg width={14} height={12} aria-hidden="true">
                <circle cx={7} cy={6} r={4} className="legend-hollow" strokeWidth={2} />
              </svg>
              non-finite or flagged value
            </li>
            {curves.bands.length > 0 || curves.whiskers.length > 0 ? (
              <li>
                <span className="swatch band-swatch" aria-hidden="true" />
                repeats: mean, min–max
              </li>
            ) : null}
            {ratio ? (
              <li className="muted">
                ratio = candidate / A at the same x ({def.kind === 'throughput' ? 'higher' : 'lower'} is
                better)
                {ratio.band ? '; shaded: A’s repeat spread' : ''}
              </li>
            ) : null}
          </ul>
          {model.unplaced.length > 0 ? (
            <details className="unplaced" data-testid="unplaced" open={model.unplaced.length <= 6}>
              <summary>
                {model.unplaced.length} point{model.unplaced.length === 1 ? '' : 's'} cannot be placed on this
                x axis
              </summary>
              <ul>
                {model.unplaced.map((u) => (
                  <li key={`${u.snapshot}/${u.file}`}>
                    <span className="muted">{u.snapshot}</span> · <code>{u.file}</code>: {u.reason}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </ChartFrame>
      ) : null}
      <ServingTooltip target={tooltip} />

      {snaps.length > 1 ? (
        comparisons.data ? (
          comparisons.data.map((c) =>
            c.kind === 'serving' ? (
              <ServingDiff key={c.candidate.id} comparison={c} stale={comparisons.loading} />
            ) : null,
          )
        ) : comparisons.error ? (
          <p className="error" data-testid="compare-error">
            Could not compare: {comparisons.error}
          </p>
        ) : (
          <div className="skeleton-block" style={{ height: 240 }} aria-hidden="true" />
        )
      ) : null}

      <FiguresPanel client={client} snapshotIds={ids} version={version} />

      <section className="table-frame" aria-label="Attributes">
        <header className="chart-frame-header">
          <h2>Attributes</h2>
          <span className="muted">read from the folder names; edits are kept beside them</span>
        </header>
        <div className="attributes-grid">
          {snaps.map((s, i) => (
            <AttributesPanel
              key={s.id}
              client={client}
              snapshot={s.summary}
              heading={`${roleLetter(i)} · ${s.name}`}
              onChanged={props.onChanged}
            />
          ))}
        </div>
      </section>
      {snaps.length === 1 && first ? (
        <p className="muted small-print">
          {formatMetric(Number(first.meta['peakOutputTokS']))} tok/s peak output ·{' '}
          {String(first.meta['points'] ?? '?')} result files · source {first.sourcePath}
        </p>
      ) : null}
    </div>
  );
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
