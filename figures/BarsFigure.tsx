// The grouped stacked-bars figure: start-up snapshots grouped by model, stacked top-level phases (hatched
// when manual), each bar's total and its speedup over its model's baseline (chosen by name, else the one
// named "base", else the first; marked "baseline" when its group has several bars), a seconds axis.
import { max as maxOf } from 'd3-array';
import { FigureSvg, frameLayout, PAD, type FrameText } from './FigureSvg';
import { layoutGroupedBars } from './grouped-bars-layout';
import { hatchId } from './Hatch';
import { fitText } from './legend';
import { fullNamesNote, type StartupInput } from './spec';
import { textWidth, type FigureTheme } from './theme';
import { startupLegend, startupNotes } from './WaterfallFigure';

const LABEL_FONT = 11;
const MIN_PLOT = 180;
const LABEL_ANGLE = (35 * Math.PI) / 180;
/** The longest bar label, in px along its slant: its drop below the axis stays within 140 px. */
const LABEL_MAX = (140 - 14) / Math.sin(LABEL_ANGLE);

export function BarsFigure({
  snapshots,
  width,
  height,
  theme,
  title,
  baselines,
}: {
  snapshots: readonly StartupInput[];
  /** Names of the chosen baselines, at most one per model group. */
  baselines?: readonly string[] | undefined;
  width: number;
  height?: number | undefined;
  theme: FigureTheme;
  title?: string | undefined;
}) {
  const chartId = 'fig-bars';
  const legend = startupLegend(snapshots, true);
  const items = snapshots.map((s) => ({ label: s.label, name: s.name, model: s.model, phases: s.phases }));
  // each bar label as drawn: cut to the slant's room and the figure's left edge (the slant runs
  // down-left from the bar's centre); bar x positions do not depend on the height, so a dummy one will do
  const drawn = new Map(
    layoutGroupedBars(
      items,
      { left: PAD + 54, right: width - PAD, top: 0, bottom: 100 },
      baselines,
    ).groups.flatMap((g) =>
      g.bars.map((b) => [
        b.name,
        fitText(b.label, Math.min(LABEL_MAX, b.cx / Math.cos(LABEL_ANGLE)), LABEL_FONT),
      ]),
    ),
  );
  const text: FrameText = {
    title: title ?? 'Replica start-up time by phase',
    subtitle: snapshots.length > 1 ? 'Above each bar: total, and speedup vs its model’s baseline' : null,
    legend: legend.items,
    notes: [
      ...startupNotes(snapshots),
      ...fullNamesNote(
        snapshots,
        false,
        snapshots.map((s) => drawn.get(s.name) ?? s.label),
      ),
    ],
  };
  const frame = frameLayout(width, text);
  const longest = Math.max(0, maxOf([...drawn.values()], (l) => textWidth(l, LABEL_FONT)) ?? 0);
  // bar labels are drawn at −35°: their height is the longest label's projection
  const labelDrop = Math.min(140, longest * Math.sin(LABEL_ANGLE) + 14);
  // a narrow figure with long labels and notes still keeps a plot of MIN_PLOT px between them
  const total =
    height ??
    Math.max(360, Math.round(width * 0.55), frame.bodyTop + 26 + MIN_PLOT + labelDrop + 26 + frame.footer);
  const plot = {
    left: PAD + 54,
    right: width - PAD,
    top: frame.bodyTop + 26,
    bottom: total - frame.footer - labelDrop - 26,
  };
  const marks = layoutGroupedBars(items, plot, baselines);
  return (
    <FigureSvg
      kind="bars"
      theme={theme}
      layout={frame}
      text={text}
      height={total}
      chartId={chartId}
      hatchFills={legend.hatchFills}
    >
      {marks.yTicks.map((t) => (
        <g key={t.value}>
          <line x1={plot.left} x2={plot.right} y1={t.pos} y2={t.pos} stroke={theme.grid} />
          <text x={plot.left - 6} y={t.pos + 4} textAnchor="end" fontSize={11} fill={theme.muted}>
            {t.label}
          </text>
        </g>
      ))}
      <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} stroke={theme.axis} />
      <line x1={plot.left} x2={plot.left} y1={plot.top} y2={plot.bottom} stroke={theme.axis} />
      <text
        transform={`translate(${PAD + 10},${(plot.top + plot.bottom) / 2}) rotate(-90)`}
        textAnchor="middle"
        fill={theme.text}
      >
        Start-up time (s)
      </text>
      {marks.groups.map((g) => (
        <g key={g.key} data-group={g.label}>
          {g.bars.map((b, i) => (
            <g key={i} data-snapshot={b.name}>
              {b.segments.map((s) => (
                <rect
                  key={s.id}
                  x={s.x}
                  y={s.y}
                  width={s.width}
                  height={Math.max(0, s.height)}
                  fill={s.hatched ? `url(#${hatchId(chartId, s.fill)})` : s.fill}
                  stroke={s.hatched ? s.fill : theme.markStroke}
                  strokeWidth={s.hatched ? 1.2 : 0.6}
                  data-phase={s.id}
                />
              ))}
              <text
                x={b.cx}
                y={b.top - (b.speedupLabel || (b.isBaseline && g.bars.length > 1) ? 18 : 5)}
                textAnchor="middle"
                fontSize={11}
                fill={theme.text}
              >
                {b.totalLabel}
              </text>
              {b.speedupLabel ? (
                <text
                  x={b.cx}
                  y={b.top - 5}
                  textAnchor="middle"
                  fontSize={11}
                  fontWeight="bold"
                  fill={theme.text}
                >
                  {b.speedupLabel}
                </text>
              ) : b.isBaseline && g.bars.length > 1 ? (
                <text
                  x={b.cx}
                  y={b.top - 5}
                  textAnchor="middle"
                  fontSize={11}
                  fill={theme.muted}
                  data-baseline="true"
                >
                  baseline
                </text>
              ) : null}
              <g>
                {(drawn.get(b.name) ?? b.label) !== b.name ? <title>{b.name}</title> : null}
                <text
                  transform={`translate(${b.cx + 4},${plot.bottom + 12}) rotate(-35)`}
                  textAnchor="end"
                  fontSize={LABEL_FONT}
                  fill={theme.text}
                >
                  {drawn.get(b.name) ?? b.label}
                </text>
              </g>
            </g>
          ))}
          <text
            x={g.cx}
            y={plot.bottom + labelDrop + 18}
            textAnchor="middle"
            fontWeight="bold"
            fill={theme.text}
          >
            {g.label}
          </text>
        </g>
      ))}
    </FigureSvg>
  );
}
