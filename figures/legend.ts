// Legend layout: items (swatches, lines, markers) flowed left to right into rows that fit the figure's
// width; pure, so legends are identical in the app, in Node and in tests.
import { textWidth } from './theme';

export type LegendKey =
  | { kind: 'swatch'; fill: string; hatched: boolean }
  | { kind: 'line'; color: string; dashed: boolean; marker: boolean }
  | { kind: 'hollow'; color: string }
  | { kind: 'whisker' }
  | { kind: 'band'; color: string };

export interface LegendItem {
  key: LegendKey;
  label: string;
}

export interface PlacedLegendItem extends LegendItem {
  x: number;
  y: number;
}

export const LEGEND_FONT = 11.5;
const KEY_W = 22;
const ROW_H = 18;

export function layoutLegend(
  items: readonly LegendItem[],
  left: number,
  width: number,
): { items: PlacedLegendItem[]; height: number } {
  const out: PlacedLegendItem[] = [];
  let x = left;
  let row = 0;
  for (const item of items) {
    const w = KEY_W + 6 + textWidth(item.label, LEGEND_FONT) + 16;
    if (x > left && x + w > left + width) {
      x = left;
      row += 1;
    }
    out.push({ ...item, x, y: row * ROW_H });
    x += w;
  }
  return { items: out, height: items.length === 0 ? 0 : (row + 1) * ROW_H };
}

/** Splits a note into lines of at most `width` px. */
export function wrapText(text: string, width: number, fontSize: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    const next = cur ? `${cur} ${w}` : w;
    if (cur && textWidth(next, fontSize) > width) {
      lines.push(cur);
      cur = w;
    } else cur = next;
  }
  if (cur) lines.push(cur);
  return lines;
}
