// The on-screen stacked bars: one bar per snapshot, segments in phase colours (hatched when manual),
// segment values where they fit, totals at the bar ends and the shared time axis, painted from the
// figure theme; hover exists only when the renderer passes its handler.
import type { MouseEvent } from 'react';
import { Axis, TimeGrid } from './Axis';
import { ChartSvg } from './ChartSvg';
import { textOn } from './colors';
import { HatchDefs, phasePaint } from './Hatch';
import type { Segment, StackedBarsMarks } from './bars-layout';
import type { FigureTheme } from './theme';

export interface StackedBarsProps {
  marks: StackedBarsMarks;
  chartId: string;
  title: string;
  theme: FigureTheme;
  onHover?: (hit: { segment: Segment; barName: string } | null, at: { x: number; y: number } | null) => void;
}

export function StackedBars({ marks, chartId, title, theme, onHover }: StackedBarsProps) {
  const hatched = marks.bars.flatMap((b) => b.segments.filter((s) => s.hatched).map((s) => s.fill));
  const hover = (segment: Segment, barName: string) => (e: MouseEvent<SVGRectElement>) =>
    onHover?.({ segment, barName }, { x: e.clientX, y: e.clientY });
  return (
    <ChartSvg kind="stacked-bars" testId="stacked-bars" size={marks} title={title}>
      <defs>
        <HatchDefs chartId={chartId} fills={hatched} />
      </defs>
      <TimeGrid lines={marks.grid} theme={theme} />
      <Axis axis={marks.axis} y={marks.axisY} theme={theme} />
      {marks.bars.map((bar) => (
        <g key={bar.key} className="stack" data-name={bar.name}>
          <text
            className="row-label"
            x={8}
            y={bar.y + bar.height / 2}
            dominantBaseline="central"
            fill={theme.text}
            fontSize={12}
          >
            {bar.name.length > 30 ? `${bar.name.slice(0, 29)}…` : bar.name}
          </text>
          {bar.segments.map((s) => (
            <g key={s.id}>
              <rect
                x={s.x}
                y={s.y}
                width={s.width}
                height={s.height}
                {...phasePaint(chartId, s)}
                data-phase={s.id}
                onMouseMove={onHover ? hover(s, bar.name) : undefined}
                onMouseLeave={onHover ? () => onHover(null, null) : undefined}
              >
                <title>{`${s.label}: ${s.text ?? ''}`}</title>
              </rect>
              {s.text ? (
                <text
                  className="segment-label"
                  x={s.x + s.width / 2}
                  y={s.y + s.height / 2}
                  textAnchor="middle"
                  dominantBaseline="central"
                  pointerEvents="none"
                  fill={s.hatched ? theme.text : textOn(s.fill)}
                  fontSize={11.5}
                  fontWeight={600}
                >
                  {s.text}
                </text>
              ) : null}
            </g>
          ))}
          <text
            className="total-label"
            x={bar.totalX}
            y={bar.y + bar.height / 2}
            dominantBaseline="central"
            fill={theme.text}
            fontSize={12.5}
            fontWeight={700}
          >
            {bar.totalLabel}
          </text>
        </g>
      ))}
    </ChartSvg>
  );
}
