// Grid, x and y axes with tick labels and axis titles for the serving figures, painted from the theme.
import type { AxisTick, Plot } from './curves-layout';
import type { FigureTheme } from './theme';

export function CartesianAxes({
  plot,
  xTicks,
  yTicks,
  xTitle,
  yTitle,
  theme,
  left,
}: {
  plot: Plot;
  xTicks: readonly AxisTick[];
  yTicks: readonly AxisTick[];
  xTitle: string;
  yTitle: string;
  theme: FigureTheme;
  /** x of the rotated y-axis title. */
  left: number;
}) {
  return (
    <g>
      {yTicks.map((t) => (
        <line key={`gy${t.value}`} x1={plot.left} x2={plot.right} y1={t.pos} y2={t.pos} stroke={theme.grid} />
      ))}
      {xTicks.map((t) => (
        <line key={`gx${t.value}`} x1={t.pos} x2={t.pos} y1={plot.top} y2={plot.bottom} stroke={theme.grid} />
      ))}
      <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} stroke={theme.axis} />
      <line x1={plot.left} x2={plot.left} y1={plot.top} y2={plot.bottom} stroke={theme.axis} />
      {xTicks.map((t) => (
        <text
          key={`x${t.value}`}
          x={t.pos}
          y={plot.bottom + 15}
          textAnchor="middle"
          fontSize={11}
          fill={theme.muted}
        >
          {t.label}
        </text>
      ))}
      {yTicks.map((t) => (
        <text
          key={`y${t.value}`}
          x={plot.left - 6}
          y={t.pos + 4}
          textAnchor="end"
          fontSize={11}
          fill={theme.muted}
        >
          {t.label}
        </text>
      ))}
      <text x={(plot.left + plot.right) / 2} y={plot.bottom + 33} textAnchor="middle" fill={theme.text}>
        {xTitle}
      </text>
      <text
        transform={`translate(${left},${(plot.top + plot.bottom) / 2}) rotate(-90)`}
        textAnchor="middle"
        fill={theme.text}
      >
        {yTitle}
      </text>
    </g>
  );
}
