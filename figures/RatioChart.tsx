// The on-screen ratio chart under the curves: the 1.0 reference line, the baseline's repeat spread as a
// shaded band (with whiskers) and one candidate / baseline curve per candidate, painted from the theme.
import type { MouseEvent } from 'react';
import { ChartSvg } from './ChartSvg';
import { PlotAxes } from './ServingCurves';
import type { RatioMarker, RatioMarks } from './ratio-layout';
import type { FigureTheme } from './theme';

export interface RatioChartProps {
  marks: RatioMarks;
  title: string;
  xLabel: string;
  theme: FigureTheme;
  onHover?: (marker: RatioMarker | null, at: { x: number; y: number } | null) => void;
}

export function RatioChart({ marks, title, xLabel, theme, onHover }: RatioChartProps) {
  const { plot } = marks;
  return (
    <ChartSvg kind="serving-ratio" testId="ratio-chart" size={marks} title={title}>
      <PlotAxes
        plot={plot}
        xTicks={marks.x.ticks}
        yTicks={marks.yTicks}
        xLabel={xLabel}
        yLabel="ratio to A"
        theme={theme}
      />
      {marks.band ? (
        <path
          className="spread-band"
          data-testid="ratio-band"
          d={marks.band}
          stroke="none"
          fill={theme.muted}
          fillOpacity={0.22}
        />
      ) : null}
      {marks.spread.map((s) => (
        <line
          key={s.x}
          className="spread-whisker"
          x1={s.x}
          x2={s.x}
          y1={s.y1}
          y2={s.y2}
          stroke={theme.muted}
          strokeWidth={1.5}
        />
      ))}
      <line
        className="one-line"
        data-testid="ratio-one"
        x1={plot.left}
        x2={plot.right}
        y1={marks.oneY}
        y2={marks.oneY}
        strokeDasharray="5 4"
        stroke={theme.neutral}
        strokeWidth={1}
      />
      {marks.paths.map((p) => (
        <path key={p.key} data-testid="ratio-curve" d={p.d} fill="none" stroke={p.color} strokeWidth={2} />
      ))}
      {marks.markers.map((m) => (
        <circle
          key={m.key}
          cx={m.cx}
          cy={m.cy}
          r={3.5}
          fill={m.color}
          onMouseMove={
            onHover
              ? (e: MouseEvent<SVGCircleElement>) => onHover(m, { x: e.clientX, y: e.clientY })
              : undefined
          }
          onMouseLeave={onHover ? () => onHover(null, null) : undefined}
        />
      ))}
    </ChartSvg>
  );
}
