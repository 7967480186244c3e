// The frame of every exported figure: background, title, subtitle (the speedup), the chart body, a
// legend and notes (manual and assumed values), all painted from a FigureTheme with presentation
// attributes only (no CSS, no foreignObject), so the SVG renders the same in any viewer, resvg or PDFKit.
import type { ReactNode } from 'react';
import { HatchDefs, hatchId } from './Hatch';
import { layoutLegend, LEGEND_FONT, wrapText, type LegendItem, type PlacedLegendItem } from './legend';
import { FIGURE_FONT, type FigureTheme } from './theme';

export const PAD = 16;
export const TITLE_FONT = 15;
export const NOTE_FONT = 11;
const NOTE_LINE = 14;
const TITLE_LINE = 18;

export interface FrameText {
  title: string;
  subtitle: string | null;
  legend: readonly LegendItem[];
  notes: readonly string[];
}

export interface FrameLayout {
  width: number;
  /** Top of the chart body. */
  bodyTop: number;
  /** Height of everything below the body (legend and notes), plus the bottom padding. */
  footer: number;
  legend: { items: PlacedLegendItem[]; height: number };
  noteLines: string[];
  subtitleLines: string[];
  /** The title, wrapped to the width (a comparison of long names never runs off the figure). */
  titleLines: string[];
}

/** Where the body goes: the header above it and the legend and notes below it, for a figure width. */
export function frameLayout(width: number, text: FrameText): FrameLayout {
  const legend = layoutLegend(text.legend, PAD, width - 2 * PAD);
  const noteLines = text.notes.flatMap((n) => wrapText(n, width - 2 * PAD, NOTE_FONT));
  const subtitleLines = text.subtitle ? wrapText(text.subtitle, width - 2 * PAD, 12) : [];
  // bold glyphs run about 8% wider than the regular ones textWidth measures
  const titleLines = wrapText(text.title, width - 2 * PAD, TITLE_FONT * 1.08);
  const titleH = Math.max(1, titleLines.length) * TITLE_LINE;
  const bodyTop = PAD + titleH + subtitleLines.length * 16 + 8;
  const footer = 10 + legend.height + (noteLines.length > 0 ? 6 + noteLines.length * NOTE_LINE : 0) + PAD;
  return { width, bodyTop, footer, legend, noteLines, subtitleLines, titleLines };
}

function LegendKeyMark({
  item,
  theme,
  chartId,
}: {
  item: PlacedLegendItem;
  theme: FigureTheme;
  chartId: string;
}) {
  const k = item.key;
  const cy = 6;
  switch (k.kind) {
    case 'swatch':
      return (
        <rect
          x={2}
          y={0}
          width={18}
          height={12}
          fill={k.hatched ? `url(#${hatchId(chartId, k.fill)})` : k.fill}
          stroke={k.hatched ? k.fill : 'none'}
          strokeWidth={1}
        />
      );
    case 'line':
      return (
        <>
          <line
            x1={0}
            x2={22}
            y1={cy}
            y2={cy}
            stroke={k.color}
            strokeWidth={k.dashed ? 1.5 : 2.5}
            strokeDasharray={k.dashed ? '4 3' : undefined}
          />
          {k.marker ? <circle cx={11} cy={cy} r={3.5} fill={k.color} /> : null}
        </>
      );
    case 'hollow':
      return <circle cx={11} cy={cy} r={4} fill={theme.hollowFill} stroke={k.color} strokeWidth={2} />;
    case 'whisker':
      return (
        <g stroke={theme.neutral} strokeWidth={1.2}>
          <line x1={2} x2={20} y1={cy} y2={cy} />
          <line x1={2} x2={2} y1={cy - 4} y2={cy + 4} />
          <line x1={20} x2={20} y1={cy - 4} y2={cy + 4} />
        </g>
      );
    case 'band':
      return <rect x={0} y={1} width={22} height={10} fill={k.color} fillOpacity={0.25} />;
  }
}

export interface FigureSvgProps {
  kind: string;
  theme: FigureTheme;
  layout: FrameLayout;
  text: FrameText;
  height: number;
  /** Prefix of every id in the figure (hatch patterns). */
  chartId: string;
  /** Fills that need a hatch pattern. */
  hatchFills: readonly string[];
  children: ReactNode;
}

export function FigureSvg({
  kind,
  theme,
  layout,
  text,
  height,
  chartId,
  hatchFills,
  children,
}: FigureSvgProps) {
  const { width } = layout;
  const legendTop = height - layout.footer + 10;
  const notesTop = legendTop + layout.legend.height + 6;
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      fontFamily={FIGURE_FONT}
      fontSize={12}
      data-figure={kind}
      role="img"
      aria-label={text.title}
    >
      <title>{text.title}</title>
      <defs>
        <HatchDefs chartId={chartId} fills={hatchFills} />
      </defs>
      <rect width={width} height={height} fill={theme.background} />
      {layout.titleLines.map((line, i) => (
        <text
          key={`t${i}`}
          x={PAD}
          y={PAD + 12 + i * TITLE_LINE}
          fontSize={TITLE_FONT}
          fontWeight="bold"
          fill={theme.text}
        >
          {line}
        </text>
      ))}
      {layout.subtitleLines.map((line, i) => (
        <text
          key={`s${i}`}
          x={PAD}
          y={PAD + 12 + Math.max(1, layout.titleLines.length) * TITLE_LINE + i * 16}
          fontSize={12}
          fill={theme.muted}
        >
          {line}
        </text>
      ))}
      {children}
      <g transform={`translate(0,${legendTop})`} fontSize={LEGEND_FONT} fill={theme.text}>
        {layout.legend.items.map((item, i) => (
          <g key={i} transform={`translate(${item.x},${item.y})`}>
            {item.title ? <title>{item.title}</title> : null}
            <LegendKeyMark item={item} theme={theme} chartId={chartId} />
            <text x={28} y={10}>
              {item.label}
            </text>
          </g>
        ))}
      </g>
      {layout.noteLines.map((line, i) => (
        <text key={i} x={PAD} y={notesTop + 10 + i * NOTE_LINE} fontSize={NOTE_FONT} fill={theme.muted}>
          {line}
        </text>
      ))}
    </svg>
  );
}
