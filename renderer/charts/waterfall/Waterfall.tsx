// Renders waterfall marks as SVG: phase names with collapse toggles, bars (hatched when manual),
// rank-spread whiskers, value labels and the shared time axis. React owns every element; the
// geometry comes only from layout.ts.
import type { KeyboardEvent, MouseEvent } from 'react';
import { Axis, TimeGrid } from '../Axis';
import { ChartSvg } from '../ChartSvg';
import { textOn } from '../../../figures/colors';
import { HatchDefs, phasePaint } from '../../../figures/Hatch';
import type { WaterfallMarks, WaterfallRow } from '../../../figures/waterfall-layout';

export interface WaterfallProps {
  marks: WaterfallMarks;
  chartId: string;
  testId: string;
  title: string;
  /** Drawn inside the SVG so exports carry it. */
  heading: string;
  activeId: string | null;
  onToggle(id: string): void;
  onHover(row: WaterfallRow | null, at: { x: number; y: number } | null): void;
  onActivate(row: WaterfallRow): void;
}

export function Waterfall({
  marks,
  chartId,
  testId,
  title,
  heading,
  activeId,
  onToggle,
  onHover,
  onActivate,
}: WaterfallProps) {
  const hatchedFills = marks.rows.filter((r) => r.hatched).map((r) => r.fill);
  const hover = (row: WaterfallRow) => (e: MouseEvent<SVGGElement>) =>
    onHover(row, { x: e.clientX, y: e.clientY });
  const key = (row: WaterfallRow) => (e: KeyboardEvent<SVGGElement>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onActivate(row);
    } else if (row.hasChildren && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
      if ((e.key === 'ArrowLeft') !== row.collapsed) onToggle(row.id);
    }
  };
  return (
    <ChartSvg kind="waterfall" testId={testId} size={marks} title={title} role="group">
      <defs>
        <HatchDefs chartId={chartId} fills={hatchedFills} />
      </defs>
      <text className="chart-heading" x={8} y={14} dominantBaseline="central">
        {heading}
      </text>
      <TimeGrid lines={marks.grid} />
      <Axis axis={marks.axis} y={marks.rows.length > 0 ? (marks.rows[0]?.rowY ?? 24) - 2 : 22} />
      {marks.rows.map((row, i) => {
        const cy = row.rowY + row.rowHeight / 2;
        const active = activeId === row.id;
        return (
          <g
            key={row.id}
            className={`wf-row${active ? ' active' : ''}${i % 2 === 1 ? ' odd' : ''}`}
            data-phase={row.id}
            onMouseMove={hover(row)}
            onMouseLeave={() => onHover(null, null)}
          >
            <rect className="row-band" x={0} y={row.rowY} width={marks.width} height={row.rowHeight} />
            {row.hasChildren ? (
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
                />
                <path
                  className="caret"
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
            >
              {row.label}
            </text>
            <g
              className="bar"
              role="button"
              tabIndex={0}
              aria-label={`${row.label}: ${row.valueLabel}, ${row.phase.source}. Press Enter for the log lines.`}
              onClick={() => onActivate(row)}
              onKeyDown={key(row)}
              onFocus={(e) => {
                const r = e.currentTarget.getBoundingClientRect();
                onHover(row, { x: r.left + r.width / 2, y: r.bottom });
              }}
              onBlur={() => onHover(null, null)}
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
                <g className="whisker" aria-hidden="true">
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
                style={row.valueInside && !row.hatched ? { fill: textOn(row.fill) } : undefined}
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
