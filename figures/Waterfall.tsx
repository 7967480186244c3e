// The on-screen waterfall: phase names, bars (hatched when manual), rank-spread whiskers, value labels
// and the shared time axis, painted from the figure theme. The screen's affordances (collapse toggles,
// hover, focus and activation) exist only when the renderer passes their handlers.
import type { KeyboardEvent, MouseEvent } from 'react';
import { Axis, TimeGrid } from './Axis';
import { ChartSvg } from './ChartSvg';
import { textOn } from './colors';
import { HatchDefs, phasePaint } from './Hatch';
import { screenBox, type FigureTheme } from './theme';
import type { WaterfallMarks, WaterfallRow } from './waterfall-layout';

export interface WaterfallProps {
  marks: WaterfallMarks;
  chartId: string;
  testId: string;
  title: string;
  /** Drawn inside the SVG so exports carry it. */
  heading: string;
  theme: FigureTheme;
  activeId?: string | null;
  onToggle?: (id: string) => void;
  onHover?: (row: WaterfallRow | null, at: { x: number; y: number } | null) => void;
  onActivate?: (row: WaterfallRow) => void;
}

export function Waterfall({
  marks,
  chartId,
  testId,
  title,
  heading,
  theme,
  activeId = null,
  onToggle,
  onHover,
  onActivate,
}: WaterfallProps) {
  const hatchedFills = marks.rows.filter((r) => r.hatched).map((r) => r.fill);
  const hover = (row: WaterfallRow) => (e: MouseEvent<SVGGElement>) =>
    onHover?.(row, { x: e.clientX, y: e.clientY });
  const key = (row: WaterfallRow) => (e: KeyboardEvent<SVGGElement>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onActivate?.(row);
    } else if (row.hasChildren && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
      if ((e.key === 'ArrowLeft') !== row.collapsed) onToggle?.(row.id);
    }
  };
  const interactive = onActivate !== undefined;
  return (
    <ChartSvg kind="waterfall" testId={testId} size={marks} title={title} role="group">
      <defs>
        <HatchDefs chartId={chartId} fills={hatchedFills} />
      </defs>
      <text
        className="chart-heading"
        x={8}
        y={14}
        dominantBaseline="central"
        fill={theme.text}
        fontWeight={600}
        fontSize={12.5}
      >
        {heading}
      </text>
      <TimeGrid lines={marks.grid} theme={theme} />
      <Axis
        axis={marks.axis}
        theme={theme}
        y={marks.rows.length > 0 ? (marks.rows[0]?.rowY ?? 24) - 2 : 22}
      />
      {marks.rows.map((row, i) => {
        const cy = row.rowY + row.rowHeight / 2;
        const active = activeId === row.id;
        return (
          <g
            key={row.id}
            className={`wf-row${active ? ' active' : ''}${i % 2 === 1 ? ' odd' : ''}`}
            data-phase={row.id}
            onMouseMove={onHover ? hover(row) : undefined}
            onMouseLeave={onHover ? () => onHover(null, null) : undefined}
          >
            <rect
              className="row-band"
              x={0}
              y={row.rowY}
              width={marks.width}
              height={row.rowHeight}
              fill="transparent"
            />
            {row.hasChildren && onToggle ? (
              <g
                className="toggle"
                role="button"
                tabIndex={0}
                aria-expanded={!row.collapsed}
                aria-label={`${row.collapsed ? 'Expand' : 'Collapse'} ${row.label}`}
                onClick={() => onToggle(row.id)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    onToggle(row.id);
                  }
                }}
              >
                <rect
                  className="toggle-hit"
                  x={2}
                  y={row.rowY + 2}
                  width={18}
                  height={row.rowHeight - 4}
                  rx={3}
                  fill="transparent"
                />
                <path
                  className="caret"
                  fill={theme.muted}
                  d={
                    row.collapsed
                      ? `M8,${cy - 4} L13,${cy} L8,${cy + 4} Z`
                      : `M7,${cy - 3} L15,${cy - 3} L11,${cy + 2} Z`
                  }
                />
              </g>
            ) : null}
            <text
              className={`row-label depth-${row.depth}`}
              x={22 + row.depth * 14}
              y={cy}
              dominantBaseline="central"
              fill={row.depth > 0 ? theme.muted : theme.text}
              fontSize={12}
            >
              {row.label}
            </text>
            <g
              className="bar"
              role={interactive ? 'button' : undefined}
              tabIndex={interactive ? 0 : undefined}
              aria-label={`${row.label}: ${row.valueLabel}, ${row.phase.source}.${interactive ? ' Press Enter for the log lines.' : ''}`}
              onClick={interactive ? () => onActivate(row) : undefined}
              onKeyDown={interactive ? key(row) : undefined}
              onFocus={
                onHover
                  ? (e) => {
                      const r = screenBox(e.currentTarget);
                      onHover(row, { x: r.left + r.width / 2, y: r.bottom });
                    }
                  : undefined
              }
              onBlur={onHover ? () => onHover(null, null) : undefined}
            >
              <rect
                x={row.x}
                y={row.y}
                width={Math.max(1, row.width)}
                height={row.height}
                rx={2}
                {...phasePaint(chartId, row)}
                strokeWidth={row.hatched ? 1 : 0}
                data-phase={row.id}
                data-hatched={row.hatched ? 'true' : undefined}
              />
              {row.whisker ? (
                <g className="whisker" aria-hidden="true" stroke={theme.neutral} strokeWidth={1.2}>
                  {row.whisker.x2 - row.whisker.x1 >= 6 ? (
                    <>
                      <line x1={row.whisker.x1} x2={row.whisker.x2} y1={row.whisker.y} y2={row.whisker.y} />
                      <line
                        x1={row.whisker.x1}
                        x2={row.whisker.x1}
                        y1={row.whisker.y - 4}
                        y2={row.whisker.y + 4}
                      />
                      <line
                        x1={row.whisker.x2}
                        x2={row.whisker.x2}
                        y1={row.whisker.y - 4}
                        y2={row.whisker.y + 4}
                      />
                    </>
                  ) : (
                    // Too narrow for two caps: one tick spanning the spread reads better than a blot.
                    <rect
                      className="whisker-narrow"
                      fill={theme.neutral}
                      x={row.whisker.x1}
                      y={row.whisker.y - 4}
                      width={Math.max(1.5, row.whisker.x2 - row.whisker.x1)}
                      height={8}
                    />
                  )}
                </g>
              ) : null}
              <text
                className={`value-label${row.valueInside ? ' inside' : ''}`}
                x={row.valueX}
                y={cy}
                textAnchor={row.valueAnchor}
                dominantBaseline="central"
                fill={row.valueInside && !row.hatched ? textOn(row.fill) : theme.text}
                fontSize={11.5}
              >
                {row.valueLabel}
              </text>
            </g>
          </g>
        );
      })}
    </ChartSvg>
  );
}
