// The on-screen serving curves: grid, x/y axes with labels, repeat bands and whiskers, one path per line
// (thin for client parts) and markers (hollow for flagged or unplaceable values), painted from the figure
// theme; markers report hover and focus only when the renderer passes its handler.
import type { FocusEvent, MouseEvent } from 'react';
import { ChartSvg } from './ChartSvg';
import type { AxisTick, CurveMarker, CurvesMarks, Plot } from './curves-layout';
import { screenBox, type FigureTheme } from './theme';

export function PlotAxes({
  plot,
  xTicks,
  yTicks,
  xLabel,
  yLabel,
  theme,
}: {
  plot: Plot;
  xTicks: readonly AxisTick[];
  yTicks: readonly AxisTick[];
  xLabel: string;
  yLabel: string;
  theme: FigureTheme;
}) {
  return (
    <>
      <g className="grid" aria-hidden="true" stroke={theme.grid} strokeWidth={1}>
        {yTicks.map((t) => (
          <line key={`y${t.value}`} x1={plot.left} x2={plot.right} y1={t.pos} y2={t.pos} />
        ))}
        {xTicks.map((t) => (
          <line key={`x${t.value}`} x1={t.pos} x2={t.pos} y1={plot.top} y2={plot.bottom} />
        ))}
      </g>
      <g className="axis" data-testid="x-axis" aria-hidden="true" fontSize={11}>
        <line
          className="axis-line"
          x1={plot.left}
          x2={plot.right}
          y1={plot.bottom}
          y2={plot.bottom}
          stroke={theme.axis}
        />
        {xTicks.map((t) => (
          <text
            key={t.value}
            className="axis-label"
            x={t.pos}
            y={plot.bottom + 16}
            textAnchor="middle"
            fill={theme.muted}
          >
            {t.label}
          </text>
        ))}
        <text
          className="axis-title"
          fill={theme.text}
          fontSize={12}
          x={(plot.left + plot.right) / 2}
          y={plot.bottom + 32}
          textAnchor="middle"
        >
          {xLabel}
        </text>
      </g>
      <g className="axis" data-testid="y-axis" aria-hidden="true" fontSize={11}>
        <line
          className="axis-line"
          x1={plot.left}
          x2={plot.left}
          y1={plot.top}
          y2={plot.bottom}
          stroke={theme.axis}
        />
        {yTicks.map((t) => (
          <text
            key={t.value}
            className="axis-label"
            fill={theme.muted}
            x={plot.left - 6}
            y={t.pos}
            textAnchor="end"
            dominantBaseline="central"
          >
            {t.label}
          </text>
        ))}
        <text
          className="axis-title"
          fill={theme.text}
          fontSize={12}
          transform={`translate(14,${(plot.top + plot.bottom) / 2}) rotate(-90)`}
          textAnchor="middle"
        >
          {yLabel}
        </text>
      </g>
    </>
  );
}

export interface ServingCurvesProps {
  marks: CurvesMarks;
  title: string;
  xLabel: string;
  yLabel: string;
  theme: FigureTheme;
  onHover?: (marker: CurveMarker | null, at: { x: number; y: number } | null) => void;
}

export function ServingCurves({ marks, title, xLabel, yLabel, theme, onHover }: ServingCurvesProps) {
  const at = (e: MouseEvent<SVGElement>) => ({ x: e.clientX, y: e.clientY });
  const focusAt = (e: FocusEvent<SVGElement>) => {
    const r = screenBox(e.currentTarget);
    return { x: r.right, y: r.bottom };
  };
  return (
    <ChartSvg
      kind="serving-curves"
      testId="serving-chart"
      data={{ 'data-x-scale': marks.x.kind, 'data-y-scale': marks.yKind }}
      size={marks}
      title={title}
    >
      <PlotAxes
        plot={marks.plot}
        xTicks={marks.x.ticks}
        yTicks={marks.yTicks}
        xLabel={xLabel}
        yLabel={yLabel}
        theme={theme}
      />
      <g className="bands" aria-hidden="true">
        {marks.bands.map((b) => (
          <path key={b.key} d={b.d} fill={b.color} fillOpacity={0.18} stroke="none" />
        ))}
        {marks.whiskers.map((w) => (
          <line key={w.key} x1={w.x} x2={w.x} y1={w.y1} y2={w.y2} stroke={w.color} strokeWidth={1.5} />
        ))}
      </g>
      <g className="curves">
        {marks.paths.map((p) => (
          <path
            key={p.key}
            className={p.thin ? 'curve thin' : 'curve'}
            data-testid={p.thin ? 'serving-part-curve' : 'serving-curve'}
            data-series={p.seriesKey}
            d={p.d}
            fill="none"
            stroke={p.color}
            strokeWidth={p.thin ? 1 : 2.25}
            strokeOpacity={p.thin ? 0.7 : 1}
            strokeDasharray={p.thin ? '4 3' : undefined}
          />
        ))}
      </g>
      <g className="markers">
        {marks.markers.map((m) => (
          <circle
            key={m.key}
            className={`marker${m.hollow ? ' hollow' : ''}`}
            data-testid="serving-marker"
            data-series={m.seriesKey}
            data-hollow={m.hollow ? 'true' : undefined}
            cx={m.cx}
            cy={m.cy}
            r={m.hollow ? m.r + 0.5 : m.r}
            fill={m.hollow ? theme.hollowFill : m.color}
            stroke={m.color}
            strokeWidth={m.hollow ? 2 : 1}
            tabIndex={onHover ? (m.r >= 4 ? 0 : -1) : undefined}
            aria-label={`${m.seriesName} at ${m.point.x}${m.note ? ` (${m.note})` : ''}`}
            onMouseMove={onHover ? (e) => onHover(m, at(e)) : undefined}
            onMouseLeave={onHover ? () => onHover(null, null) : undefined}
            onFocus={onHover ? (e) => onHover(m, focusAt(e)) : undefined}
            onBlur={onHover ? () => onHover(null, null) : undefined}
          />
        ))}
      </g>
    </ChartSvg>
  );
}
