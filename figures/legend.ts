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
  /** Shown as the item's tooltip (`<title>`): the full snapshot name behind a short label. */
  title?: string | undefined;
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
  for (const whole of items) {
    // an item never runs past the figure's edge: a label wider than a row loses its middle
    const item = { ...whole, label: fitText(whole.label, width - KEY_W - 6 - 16, LEGEND_FONT) };
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

/**
 * `text` when it fits in `width` px, else its start and end joined by "…" (the middle goes: names differ
 * at the start and the end more often than in the middle).
 */
export function fitText(text: string, width: number, fontSize: number): string {
  if (textWidth(text, fontSize) <= width) return text;
  const keep = Math.max(2, Math.floor(width / (fontSize * 0.56)) - 1);
  const head = Math.ceil(keep / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (keep - head))}`;
}

/**
 * Splits a note into lines of at most `width` px. A word wider than a line (long snapshot names have no
 * spaces) starts on the current line when a useful part of it fits there and is cut into line-wide pieces.
 */
export function wrapText(text: string, width: number, fontSize: number): string[] {
  const charW = fontSize * 0.56;
  const per = Math.max(1, Math.floor(width / charW));
  const lines: string[] = [];
  let cur = '';
  for (const w of text.split(/\s+/).filter(Boolean)) {
    const next = cur ? `${cur} ${w}` : w;
    if (textWidth(next, fontSize) <= width) {
      cur = next;
      continue;
    }
    if (textWidth(w, fontSize) <= width) {
      lines.push(cur);
      cur = w;
      continue;
    }
    let rest = w;
    const room = cur ? Math.floor((width - textWidth(`${cur} `, fontSize)) / charW) : 0;
    if (cur && room >= 8) {
      lines.push(`${cur} ${rest.slice(0, room)}`);
      rest = rest.slice(room);
    } else if (cur) lines.push(cur);
    while (rest.length > per) {
      lines.push(rest.slice(0, per));
      rest = rest.slice(per);
    }
    cur = rest;
  }
  if (cur) lines.push(cur);
  return lines;
}
