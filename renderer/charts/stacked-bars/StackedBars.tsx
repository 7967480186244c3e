// Renders stacked-bar marks as SVG: one bar per snapshot, segments in phase colours (hatched when
// manual), segment values where they fit, totals at the bar ends and the shared time axis.
import type { MouseEvent } from 'react';
import { Axis, TimeGrid } from '../Axis';
import { ChartSvg } from '../ChartSvg';
import { textOn } from '../../../figures/colors';
import { HatchDefs, phasePaint } from '../../../figures/Hatch';
import type { Segment, StackedBarsMarks } from '../../../figures/bars-layout';

export interface StackedBarsProps {
  marks: StackedBarsMarks;
  chartId: string;
  title: string;
  onHover(hit: { segment: Segment; barName: string } | null, at: { x: number; y: number } | null): void;
}

export function StackedBars({ marks, chartId, title, onHover }: StackedBarsProps) {
  const hatched = marks.bars.flatMap((b) => b.segments.filter((s) => s.hatched).map((s) => s.fill));
  const hover = (segment: Segment, barName: string) => (e: MouseEvent<SVGRectElement>) =>
    onHover({ segment, barName }, { x: e.clientX, y: e.clientY });
  return (
    <ChartSvg kind="stacked-bars" testId="stacked-bars" size={marks} title={title}>
      <defs>
        <HatchDefs chartId={chartId} fills={hatched} />
      </defs>
      <TimeGrid lines={marks.grid} />
      <Axis axis={marks.axis} y={marks.axisY} />
      {marks.bars.map((bar) => (
        <g key={bar.key} className="stack" data-name={bar.name}>
          <text className="row-label" x={8} y={bar.y + bar.height / 2} dominantBaseline="central">
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
                onMouseMove={hover(s, bar.name)}
                onMouseLeave={() => onHover(null, null)}
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
                  style={s.hatched ? undefined : { fill: textOn(s.fill) }}
                >
                  {s.text}
                </text>
              ) : null}
            </g>
          ))}
          <text className="total-label" x={bar.totalX} y={bar.y + bar.height / 2} dominantBaseline="central">
            {bar.totalLabel}
          </text>
        </g>
      ))}
    </ChartSvg>
  );
}
