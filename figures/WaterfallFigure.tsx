// The start-up waterfall figure: one panel per snapshot, all on one shared time axis (equal seconds are
// equal pixels), phase rows with child phases indented, hatched manual values, rank-spread whiskers,
// the total and the speedup over the first snapshot in each panel heading. No UI affordances.
import { formatSeconds, formatSpeedup } from '../shared/format';
import { phaseColor, phaseLabel } from '../shared/phases';
import { orderPhases } from '../shared/phase-order';
import { speedup } from '../shared/analysis';
import { textOn } from './colors';
import { FigureSvg, frameLayout, PAD, type FrameText } from './FigureSvg';
import { hatchId } from './Hatch';
import { fitText, type LegendItem } from './legend';
import { fullNamesNote, letter, type StartupInput } from './spec';
import { textWidth, type FigureTheme } from './theme';
import { plotTimeAxis, sharedDomain } from './time-axis';
import { layoutWaterfall, type WaterfallMarks } from './waterfall-layout';

const HEADING_H = 20;
const AXIS_H = 20;
const AXIS_TITLE_H = 30;
const PANEL_GAP = 10;

export function startupNotes(snapshots: readonly StartupInput[]): string[] {
  return snapshots.flatMap((s) =>
    s.phases
      .filter((p) => p.source === 'manual')
      .map(
        (p) =>
          `Hatched: ${s.label} ${phaseLabel(p.id)} ${formatSeconds(p.durationS)} is a manual value` +
          `${p.note ? ` (${p.note})` : ''}${p.measuredS != null ? `; measured ${formatSeconds(p.measuredS)}` : '; not in the log'}.`,
      ),
  );
}

export function startupLegend(
  snapshots: readonly StartupInput[],
  topOnly: boolean,
): { items: LegendItem[]; hatchFills: string[] } {
  const all = snapshots
    .flatMap((s) => s.phases)
    .filter((p) => p.durationS > 0 && (!topOnly || p.parent == null));
  const unique = [...new Map(all.map((p) => [p.id, p])).values()];
  const items: LegendItem[] = orderPhases(unique).map((p) => ({
    key: { kind: 'swatch', fill: phaseColor(p.id), hatched: false },
    label: phaseLabel(p.id),
  }));
  const manual = all.filter((p) => p.source === 'manual');
  const hatchFills = [...new Set(manual.map((p) => phaseColor(p.id)))];
  const first = manual[0];
  if (first)
    items.push({ key: { kind: 'swatch', fill: phaseColor(first.id), hatched: true }, label: 'manual value' });
  return { items, hatchFills };
}

function speedupText(base: StartupInput, s: StartupInput): string {
  const x = speedup(base.totalS, s.totalS);
  return x == null ? '' : ` · ${formatSpeedup(x)} vs A`;
}

/** "A · label · 982 s · baseline": the heading's text, the label cut to fit the panel's width. */
function headingLabel(index: number, label: string, tail: string, width: number): string {
  // bold glyphs run about 8% wider than textWidth's regular ones
  const room = width / 1.08 - textWidth(`${letter(index)} ·  · ${tail}`, 12);
  return fitText(label, Math.max(60, room), 12);
}

export function WaterfallFigure({
  snapshots,
  width,
  height,
  theme,
  title,
}: {
  snapshots: readonly StartupInput[];
  width: number;
  height?: number | undefined;
  theme: FigureTheme;
  title?: string | undefined;
}) {
  const chartId = 'fig-wf';
  const base = snapshots[0];
  const legend = startupLegend(snapshots, false);
  const headings = snapshots.map((s, i) => {
    const tail = `${formatSeconds(s.totalS)}${i > 0 && base ? speedupText(base, s) : i === 0 && snapshots.length > 1 ? ' · baseline' : ''}`;
    return { tail, label: headingLabel(i, s.label, tail, width - 2 * PAD) };
  });
  const text: FrameText = {
    title: title ?? `Replica start-up waterfall: ${snapshots.map((s) => s.label).join(' vs ')}`,
    subtitle:
      base && snapshots.length > 1
        ? snapshots
            .slice(1)
            .map((s, i) => {
              const x = speedup(base.totalS, s.totalS);
              return `${letter(i + 1)} ${s.label}: ${formatSeconds(base.totalS)} → ${formatSeconds(s.totalS)}, ${formatSpeedup(x)} speedup vs A`;
            })
            .join('; ')
        : base
          ? `${base.label}: ${formatSeconds(base.totalS)} from replica start to first request`
          : null,
    legend: [
      ...legend.items,
      ...(snapshots.some((s) => s.phases.some((p) => new Set(p.ranks.map((r) => r.valueS)).size > 1))
        ? [{ key: { kind: 'whisker' as const }, label: 'spread across ranks' }]
        : []),
    ],
    notes: [
      ...startupNotes(snapshots),
      ...fullNamesNote(
        snapshots,
        true,
        headings.map((h) => h.label),
      ),
    ],
  };
  const frame = frameLayout(width, text);
  const domain = sharedDomain(snapshots);
  const labelWidth = Math.min(230, Math.max(150, Math.round(width * 0.22)));
  const rowCount = snapshots.reduce((n, s) => n + s.phases.length, 0);
  const fixed =
    frame.bodyTop + frame.footer + AXIS_TITLE_H + snapshots.length * (HEADING_H + AXIS_H + 4 + PANEL_GAP);
  const rowHeight =
    height != null ? Math.max(12, Math.min(40, (height - fixed) / Math.max(1, rowCount))) : 22;
  const size = { width: width - PAD, labelWidth, padRight: 100, rowHeight, axisHeight: AXIS_H };
  const axis = plotTimeAxis(domain, size);
  const panels: { s: StartupInput; marks: WaterfallMarks; top: number }[] = [];
  let y = frame.bodyTop;
  for (const s of snapshots) {
    const marks = layoutWaterfall(s.phases, axis, size, new Set());
    panels.push({ s, marks, top: y });
    y += HEADING_H + marks.height + PANEL_GAP;
  }
  const bodyBottom = y - PANEL_GAP;
  const total = height ?? bodyBottom + AXIS_TITLE_H + frame.footer;
  return (
    <FigureSvg
      kind="waterfall"
      theme={theme}
      layout={frame}
      text={text}
      height={total}
      chartId={chartId}
      hatchFills={legend.hatchFills}
    >
      {panels.map(({ s, marks, top }, i) => (
        <g key={i} transform={`translate(0,${top})`} data-snapshot={s.name}>
          <g>
            {s.label !== s.name || headings[i]?.label !== s.label ? <title>{s.name}</title> : null}
            <text x={PAD} y={14} fontWeight="bold" fill={theme.text}>
              {`${letter(i)} · ${headings[i]?.label ?? s.label} · ${headings[i]?.tail ?? ''}`}
            </text>
          </g>
          <g transform={`translate(0,${HEADING_H})`}>
            {marks.rows.map((r, k) =>
              k % 2 === 1 ? (
                <rect
                  key={`band-${r.id}`}
                  x={PAD}
                  y={r.rowY}
                  width={width - 2 * PAD}
                  height={r.rowHeight}
                  fill={theme.rowBand}
                />
              ) : null,
            )}
            {marks.grid.map((g) => (
              <line
                key={`g${g.x}`}
                x1={g.x}
                x2={g.x}
                y1={g.y1}
                y2={g.y2}
                stroke={theme.grid}
                strokeWidth={1}
              />
            ))}
            <line
              x1={marks.plotLeft}
              x2={marks.plotRight}
              y1={AXIS_H - 2}
              y2={AXIS_H - 2}
              stroke={theme.axis}
            />
            {axis.ticks.map((t) => (
              <text
                key={`t${t.valueS}`}
                x={t.x}
                y={AXIS_H - 7}
                textAnchor="middle"
                fontSize={11}
                fill={theme.muted}
              >
                {t.label}
              </text>
            ))}
            {marks.rows.map((r) => {
              const cy = r.rowY + r.rowHeight / 2;
              const paint = r.hatched
                ? { fill: `url(#${hatchId(chartId, r.fill)})`, stroke: r.fill, strokeWidth: 1 }
                : { fill: r.fill };
              const fontSize = Math.min(12, Math.max(9, r.rowHeight * 0.55));
              return (
                <g key={r.id} data-phase={r.id}>
                  <text
                    x={PAD + r.depth * 14}
                    y={cy + fontSize * 0.35}
                    fontSize={fontSize}
                    fill={r.depth ? theme.muted : theme.text}
                  >
                    {r.label}
                  </text>
                  <rect x={r.x} y={r.y} width={Math.max(1, r.width)} height={r.height} rx={2} {...paint} />
                  {r.whisker ? (
                    <g stroke={theme.neutral} strokeWidth={1.2}>
                      <line x1={r.whisker.x1} x2={r.whisker.x2} y1={r.whisker.y} y2={r.whisker.y} />
                      <line x1={r.whisker.x1} x2={r.whisker.x1} y1={r.whisker.y - 4} y2={r.whisker.y + 4} />
                      <line x1={r.whisker.x2} x2={r.whisker.x2} y1={r.whisker.y - 4} y2={r.whisker.y + 4} />
                    </g>
                  ) : null}
                  <text
                    x={r.valueX}
                    y={cy + fontSize * 0.35}
                    textAnchor={r.valueAnchor}
                    fontSize={fontSize}
                    fill={r.valueInside && !r.hatched ? textOn(r.fill) : theme.text}
                  >
                    {r.valueLabel}
                  </text>
                </g>
              );
            })}
          </g>
        </g>
      ))}
      <text x={(axis.range[0] + axis.range[1]) / 2} y={bodyBottom + 20} textAnchor="middle" fill={theme.text}>
        Time from replica start (s)
      </text>
    </FigureSvg>
  );
}
