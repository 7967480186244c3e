// The serving figures: `curves` (a metric against concurrency or request rate, optionally per replica or
// per GPU), `ratio` (each candidate / the first snapshot at the same x, with the baseline's repeat
// spread) and `pareto` (throughput per GPU against interactivity or TTFT, with each snapshot's frontier
// and the candidate's advantage at matched x). Built on shared/serving.ts and shared/pareto.ts.
import { extent, max as maxOf } from 'd3-array';
import { line } from 'd3-shape';
import { scaleLinear, scaleLog } from 'd3-scale';
import { formatSpeedup, formatTick } from '../shared/format';
import {
  matchedAdvantage,
  paretoPoints,
  paretoXLabel,
  type ParetoPoint,
  type ParetoX,
} from '../shared/pareto';
import {
  baselineSpread,
  buildServingModel,
  divisorFor,
  metricDef,
  metricTitle,
  ratioSeries,
  seriesColor,
  xLabel,
  type MetricId,
  type Normalisation,
  type ServingModel,
  type Statistic,
  type XChoice,
} from '../shared/serving';
import { CartesianAxes } from './CartesianAxes';
import { layoutCurves, yTicksOf, type CurvesSize, type XScaleKind, type YScaleKind } from './curves-layout';
import { FigureSvg, frameLayout, PAD, type FrameText } from './FigureSvg';
import type { LegendItem } from './legend';
import { layoutRatio } from './ratio-layout';
import { fullNamesNote, letter, type ServingInput } from './spec';
import type { FigureTheme } from './theme';

export interface ServingFigureProps {
  snapshots: readonly ServingInput[];
  width: number;
  height?: number | undefined;
  theme: FigureTheme;
  title?: string | undefined;
}

export interface CurvesFigureProps extends ServingFigureProps {
  metric: MetricId;
  stat: Statistic;
  normalise: Normalisation;
  x: XChoice;
}

const Y_TITLE_X = PAD + 8;

function defaultHeight(width: number): number {
  return Math.max(360, Math.round(width * 0.56));
}

function servingModel(p: CurvesFigureProps): { model: ServingModel; notes: string[] } {
  const def = metricDef(p.metric);
  const norm = def.kind === 'latency' ? 'none' : p.normalise;
  const model = buildServingModel(
    p.snapshots.map((s) => ({ ...s, name: s.label })),
    { metric: p.metric, stat: p.stat, x: p.x, norm, pointSet: 'default' },
  );
  const notes: string[] = [];
  if (def.kind === 'latency' && p.normalise !== 'none') {
    notes.push(
      `${def.label} is per request: normalisation “${p.normalise}” does not apply and was not used.`,
    );
  }
  if (norm !== 'none') {
    for (const [i, s] of p.snapshots.entries()) {
      if (divisorFor(s.attributes, norm) == null) {
        notes.push(
          `Assumed: ${letter(i)} ${s.label} has no “${norm === 'replica' ? 'replicas' : 'gpus'}” attribute; its values are not divided (divisor 1 assumed).`,
        );
      }
    }
  }
  const hollow = model.series.flatMap((s) => (s.main?.points ?? []).filter((pt) => pt.flag != null));
  if (hollow.length > 0) {
    notes.push(
      `Hollow markers: ${hollow.length} point${hollow.length === 1 ? '' : 's'} with a non-finite or flagged value in the file (${hollow[0]?.flag ?? ''}).`,
    );
  }
  if (model.unplaced.length > 0) {
    notes.push(
      `${model.unplaced.length} result file${model.unplaced.length === 1 ? '' : 's'} cannot be placed on this x axis (e.g. ${model.unplaced[0]?.file ?? ''}: ${model.unplaced[0]?.reason ?? ''}).`,
    );
  }
  notes.push(...fullNamesNote(p.snapshots, true));
  return { model, notes };
}

/** A snapshot's full name by id when its label shortens it, for the tooltip behind the label. */
function fullName(snapshots: readonly ServingInput[], id: number | undefined): string | undefined {
  const s = snapshots.find((x) => x.id === id);
  return s && s.name !== s.label ? s.name : undefined;
}

/** "full candidate name / full baseline name" when either label shortens its name. */
function ratioTitle(
  snapshots: readonly ServingInput[],
  candidateId: number | undefined,
  baselineId: number | undefined,
): string | undefined {
  const name = (id: number | undefined) => snapshots.find((s) => s.id === id)?.name ?? '';
  return (fullName(snapshots, candidateId) ?? fullName(snapshots, baselineId))
    ? `${name(candidateId)} / ${name(baselineId)}`
    : undefined;
}

function seriesLegend(
  model: ServingModel,
  norm: Normalisation,
  snapshots: readonly ServingInput[],
): LegendItem[] {
  return model.series.map((s, i) => ({
    key: { kind: 'line', color: s.color, dashed: false, marker: true },
    title: fullName(snapshots, s.snapshotId),
    label: `${letter(i)} · ${s.name}${s.divisor !== 1 ? ` (÷ ${s.divisor} ${norm === 'replica' ? 'replicas' : 'GPUs'})` : ''}`,
  }));
}

/** "B vs A: 0.95x–1.20x at the same concurrency (median 1.05x)". */
function ratioSubtitle(model: ServingModel, metric: MetricId): string | null {
  const parts = ratioSeries(model).flatMap((r, i) => {
    const v = r.points
      .map((p) => p.ratio)
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    if (v.length === 0) return [];
    const mid =
      v.length % 2 === 1
        ? (v[(v.length - 1) / 2] ?? 0)
        : ((v[v.length / 2 - 1] ?? 0) + (v[v.length / 2] ?? 0)) / 2;
    const lo = v[0] ?? 0;
    const hi = v[v.length - 1] ?? 0;
    return [
      `${letter(i + 1)}/A ${lo === hi ? formatSpeedup(lo) : `${formatSpeedup(lo)}–${formatSpeedup(hi)}`} (median ${formatSpeedup(mid)})`,
    ];
  });
  if (parts.length === 0) return null;
  const better = metricDef(metric).kind === 'throughput' ? 'higher' : 'lower';
  return `${parts.join('; ')} at the same ${model.xKind === 'concurrency' ? 'concurrency' : 'request rate'} (${better} is better)`;
}

function yTitleOf(metric: MetricId, stat: Statistic, norm: Normalisation): string {
  const def = metricDef(metric);
  const t = metricTitle(metric, stat, def.kind === 'latency' ? 'none' : norm);
  return def.kind === 'throughput' ? `${t} (${def.unit})` : t;
}

function curvesSize(width: number, height: number, frame: ReturnType<typeof frameLayout>): CurvesSize {
  return {
    width,
    height,
    margin: { top: frame.bodyTop + 6, right: PAD + 8, bottom: frame.footer + 42, left: PAD + 58 },
    inset: 12,
  };
}

export function CurvesFigure(p: CurvesFigureProps) {
  const { model, notes } = servingModel(p);
  const def = metricDef(p.metric);
  const norm = def.kind === 'latency' ? 'none' : p.normalise;
  const legend = seriesLegend(model, norm, p.snapshots);
  if (model.series.some((s) => s.main?.points.some((pt) => pt.flag != null))) {
    legend.push({ key: { kind: 'hollow', color: seriesColor(0) }, label: 'non-finite or flagged value' });
  }
  const text: FrameText = {
    title: p.title ?? `${metricTitle(p.metric, p.stat, norm)} vs ${xLabel(model.xKind).toLowerCase()}`,
    subtitle: ratioSubtitle(model, p.metric),
    legend,
    notes,
  };
  const frame = frameLayout(p.width, text);
  const height = p.height ?? defaultHeight(p.width);
  const yKind: YScaleKind = def.kind === 'latency' ? 'log' : 'linear';
  const xKind: XScaleKind = model.xKind === 'concurrency' ? 'log2' : 'linear';
  const marks = layoutCurves(model.series, { xKind, yKind }, curvesSize(p.width, height, frame));
  return (
    <FigureSvg
      kind="curves"
      theme={p.theme}
      layout={frame}
      text={text}
      height={height}
      chartId="fig-curves"
      hatchFills={[]}
    >
      <CartesianAxes
        plot={marks.plot}
        xTicks={marks.x.ticks}
        yTicks={marks.yTicks}
        xTitle={xLabel(model.xKind)}
        yTitle={yTitleOf(p.metric, p.stat, norm)}
        theme={p.theme}
        left={Y_TITLE_X}
      />
      {marks.bands.map((b) => (
        <path key={b.key} d={b.d} fill={b.color} fillOpacity={0.18} stroke="none" />
      ))}
      {marks.whiskers.map((w) => (
        <line key={w.key} x1={w.x} x2={w.x} y1={w.y1} y2={w.y2} stroke={w.color} strokeWidth={1.5} />
      ))}
      {marks.paths.map((c) => (
        <path key={c.key} d={c.d} fill="none" stroke={c.color} strokeWidth={2.25} data-series={c.seriesKey} />
      ))}
      {marks.markers.map((m) => (
        <circle
          key={m.key}
          cx={m.cx}
          cy={m.cy}
          r={m.hollow ? m.r + 0.5 : m.r}
          fill={m.hollow ? p.theme.hollowFill : m.color}
          stroke={m.hollow ? m.color : p.theme.markStroke}
          strokeWidth={m.hollow ? 2 : 1}
        />
      ))}
    </FigureSvg>
  );
}

export function RatioFigure(p: CurvesFigureProps) {
  const { model, notes } = servingModel(p);
  const def = metricDef(p.metric);
  const norm = def.kind === 'latency' ? 'none' : p.normalise;
  const ratios = ratioSeries(model);
  const spread = baselineSpread(model);
  const base = model.series[0];
  const legend: LegendItem[] = ratios.map((r, i) => ({
    key: { kind: 'line', color: r.color, dashed: false, marker: true },
    title: ratioTitle(p.snapshots, model.series[i + 1]?.snapshotId, base?.snapshotId),
    label: `${letter(i + 1)} · ${r.name} / A · ${base?.name ?? ''}`,
  }));
  legend.push({
    key: { kind: 'line', color: p.theme.neutral, dashed: true, marker: false },
    label: 'parity (1.0)',
  });
  if (spread.length >= 2)
    legend.push({
      key: { kind: 'band', color: p.theme.neutral },
      label: 'A’s repeat spread (min–max / mean)',
    });
  const better = def.kind === 'throughput' ? 'higher' : 'lower';
  const text: FrameText = {
    title:
      p.title ?? `${metricTitle(p.metric, p.stat, norm)}: ratio to A vs ${xLabel(model.xKind).toLowerCase()}`,
    subtitle: ratioSubtitle(model, p.metric) ?? 'No x value is shared with the baseline: no ratio to draw',
    legend,
    notes: [`Ratio = candidate / A at the same x (${better} is better).`, ...notes],
  };
  const frame = frameLayout(p.width, text);
  const height = p.height ?? Math.max(300, Math.round(p.width * 0.42));
  const size = curvesSize(p.width, height, frame);
  const xKind: XScaleKind = model.xKind === 'concurrency' ? 'log2' : 'linear';
  const curves = layoutCurves(model.series, { xKind, yKind: 'linear' }, size);
  const marks = layoutRatio(ratios, spread, xKind, curves.x.domain, size);
  return (
    <FigureSvg
      kind="ratio"
      theme={p.theme}
      layout={frame}
      text={text}
      height={height}
      chartId="fig-ratio"
      hatchFills={[]}
    >
      <CartesianAxes
        plot={marks.plot}
        xTicks={marks.x.ticks}
        yTicks={marks.yTicks}
        xTitle={xLabel(model.xKind)}
        yTitle="Ratio to A (candidate / A, ×)"
        theme={p.theme}
        left={Y_TITLE_X}
      />
      {marks.band ? <path d={marks.band} fill={p.theme.neutral} fillOpacity={0.25} stroke="none" /> : null}
      {marks.spread.map((s) => (
        <line key={s.x} x1={s.x} x2={s.x} y1={s.y1} y2={s.y2} stroke={p.theme.neutral} strokeWidth={1} />
      ))}
      <line
        x1={marks.plot.left}
        x2={marks.plot.right}
        y1={marks.oneY}
        y2={marks.oneY}
        stroke={p.theme.neutral}
        strokeWidth={1.2}
        strokeDasharray="5 4"
      />
      {marks.paths.map((c) => (
        <path key={c.key} d={c.d} fill="none" stroke={c.color} strokeWidth={2} />
      ))}
      {marks.markers.map((m) => (
        <circle
          key={m.key}
          cx={m.cx}
          cy={m.cy}
          r={3.5}
          fill={m.color}
          stroke={p.theme.markStroke}
          strokeWidth={1}
        />
      ))}
    </FigureSvg>
  );
}

export interface ParetoFigureProps extends ServingFigureProps {
  x: ParetoX;
}

export function ParetoFigure(p: ParetoFigureProps) {
  const sets = p.snapshots.map((s) => paretoPoints(s, p.x));
  const base = sets[0];
  const subtitle = sets
    .slice(1)
    .flatMap((s, i) => {
      const a = base ? matchedAdvantage(base.frontier, s.frontier) : null;
      if (!a) return [`${letter(i + 1)}/A: frontiers do not overlap`];
      const range =
        a.min === a.max ? formatSpeedup(a.min) : `${formatSpeedup(a.min)}–${formatSpeedup(a.max)}`;
      return [`${letter(i + 1)}/A ${range} (median ${formatSpeedup(a.median)})`];
    })
    .join('; ');
  const matched = p.x === 'interactivity' ? 'interactivity' : 'TTFT';
  const legend: LegendItem[] = p.snapshots.map((s, i) => ({
    key: { kind: 'line', color: seriesColor(i), dashed: false, marker: true },
    title: s.name !== s.label ? s.name : undefined,
    label: `${letter(i)} · ${s.label} (${sets[i]?.gpus ?? 1} GPU${sets[i]?.gpus === 1 ? '' : 's'})`,
  }));
  const notes = [
    'Lines: each snapshot’s Pareto frontier (no other result file beats it on both axes); faint dots: every result file.',
    ...p.snapshots.flatMap((s, i) =>
      sets[i]?.assumedGpus
        ? [`Assumed: ${letter(i)} ${s.label} has no “gpus” attribute; 1 GPU assumed.`]
        : [],
    ),
    ...p.snapshots.flatMap((s, i) => {
      const d = sets[i]?.dropped ?? [];
      return d.length > 0
        ? [
            `${letter(i)} ${s.label}: ${d.length} file${d.length === 1 ? '' : 's'} left out (${d[0]?.reason ?? ''}).`,
          ]
        : [];
    }),
    ...fullNamesNote(p.snapshots, true),
  ];
  const text: FrameText = {
    title: p.title ?? `Throughput per GPU vs ${p.x === 'interactivity' ? 'interactivity' : 'median TTFT'}`,
    subtitle: subtitle ? `${subtitle} throughput per GPU at matched ${matched}` : null,
    legend,
    notes,
  };
  const frame = frameLayout(p.width, text);
  const height = p.height ?? defaultHeight(p.width);
  const plot = {
    left: PAD + 58,
    right: p.width - PAD - 8,
    top: frame.bodyTop + 6,
    bottom: height - frame.footer - 42,
  };
  const all = sets.flatMap((s) => s.points);
  const xs = all.map((q) => q.x);
  const ys = all.map((q) => q.y);
  const [xMin = 0, xMax = 0] = extent(xs);
  // TTFT spans orders of magnitude once a server saturates: a log axis keeps the frontier readable.
  const x =
    p.x === 'ttft'
      ? scaleLog()
          .domain(xs.length > 0 ? [xMin / 1.1, xMax * 1.1] : [1, 10])
          .range([plot.left, plot.right])
      : scaleLinear()
          .domain(xs.length > 0 ? [xMin * 0.95, xMax * 1.04] : [0, 1])
          .range([plot.left, plot.right])
          .nice();
  const y = scaleLinear()
    .domain([0, Math.max(1, maxOf(ys) ?? 1) * 1.05])
    .range([plot.bottom, plot.top])
    .nice();
  const xTickValues =
    p.x === 'ttft' ? yTicksOf(x, 'log', 8) : x.ticks(Math.max(3, Math.floor((plot.right - plot.left) / 90)));
  const xTicks = xTickValues.map((value) => ({ value, pos: x(value), label: formatTick(value) }));
  const yTicks = y
    .ticks(Math.max(3, Math.floor((plot.bottom - plot.top) / 45)))
    .map((value) => ({ value, pos: y(value), label: formatTick(value) }));
  const path = line<ParetoPoint>()
    .x((q) => x(q.x))
    .y((q) => y(q.y));
  return (
    <FigureSvg
      kind="pareto"
      theme={p.theme}
      layout={frame}
      text={text}
      height={height}
      chartId="fig-pareto"
      hatchFills={[]}
    >
      <CartesianAxes
        plot={plot}
        xTicks={xTicks}
        yTicks={yTicks}
        xTitle={paretoXLabel(p.x)}
        yTitle="Output throughput per GPU (tok/s)"
        theme={p.theme}
        left={Y_TITLE_X}
      />
      {sets.map((s, i) => (
        <g key={i} data-snapshot={p.snapshots[i]?.name}>
          {s.points.map((q) => (
            <circle key={q.file} cx={x(q.x)} cy={y(q.y)} r={2.5} fill={seriesColor(i)} fillOpacity={0.35} />
          ))}
          <path d={path(s.frontier) ?? ''} fill="none" stroke={seriesColor(i)} strokeWidth={2.25} />
          {s.frontier.map((q) => (
            <circle
              key={`f${q.file}`}
              cx={x(q.x)}
              cy={y(q.y)}
              r={4}
              fill={seriesColor(i)}
              stroke={p.theme.markStroke}
              strokeWidth={1}
            />
          ))}
        </g>
      ))}
    </FigureSvg>
  );
}
