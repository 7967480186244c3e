// The time axis drawn at the top of a startup chart (it carries the shared domain for tests) and the
// vertical grid lines at its ticks, painted from the figure theme.
import type { FigureTheme } from './theme';
import type { GridLine, TimeAxis } from './time-axis';

export function Axis({
  axis,
  y,
  theme,
  label = 'seconds from replica start',
}: {
  axis: TimeAxis;
  y: number;
  theme: FigureTheme;
  label?: string;
}) {
  return (
    <g
      className="axis"
      data-testid="time-axis"
      data-domain-max={String(axis.domain[1])}
      data-domain-min={String(axis.domain[0])}
      aria-label={`time axis, ${label}`}
    >
      <line className="axis-line" x1={axis.range[0]} x2={axis.range[1]} y1={y} y2={y} stroke={theme.axis} />
      {axis.ticks.map((t) => (
        <g key={t.valueS} transform={`translate(${t.x},${y})`}>
          <line className="axis-tick" y1={0} y2={-4} stroke={theme.axis} />
          <text className="axis-label" y={-7} textAnchor="middle" fill={theme.muted} fontSize={11}>
            {t.label}
          </text>
        </g>
      ))}
    </g>
  );
}

/** Vertical grid lines at the axis ticks (laid out by the chart's layout). */
export function TimeGrid({ lines, theme }: { lines: readonly GridLine[]; theme: FigureTheme }) {
  return (
    <g className="grid" aria-hidden="true" stroke={theme.grid} strokeWidth={1}>
      {lines.map((g) => (
        <line key={g.x} x1={g.x} x2={g.x} y1={g.y1} y2={g.y2} />
      ))}
    </g>
  );
}
