// The time axis drawn at the top of a startup chart (it carries the shared domain for tests and
// exports) and the vertical grid lines at its ticks.
import type { GridLine, TimeAxis } from '../../figures/time-axis';

export function Axis({
  axis,
  y,
  label = 'seconds from replica start',
}: {
  axis: TimeAxis;
  y: number;
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
      <line className="axis-line" x1={axis.range[0]} x2={axis.range[1]} y1={y} y2={y} />
      {axis.ticks.map((t) => (
        <g key={t.valueS} transform={`translate(${t.x},${y})`}>
          <line className="axis-tick" y1={0} y2={-4} />
          <text className="axis-label" y={-7} textAnchor="middle">
            {t.label}
          </text>
        </g>
      ))}
    </g>
  );
}

/** Vertical grid lines at the axis ticks (laid out by the chart's layout). */
export function TimeGrid({ lines }: { lines: readonly GridLine[] }) {
  return (
    <g className="grid" aria-hidden="true">
      {lines.map((g) => (
        <line key={g.x} x1={g.x} x2={g.x} y1={g.y1} y2={g.y2} />
      ))}
    </g>
  );
}
