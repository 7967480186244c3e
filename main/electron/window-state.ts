// The main window's size and position, remembered between launches in userData/window-state.json.
// A saved position is used only while it is still visible on a connected display (a monitor may have
// been unplugged); otherwise the window opens at the default size, centred by the OS.
import { z } from 'zod';

export const WindowState = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowState>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Pixels of the title-bar area that must stay on some display for a saved position to count. */
const MIN_VISIBLE_PX = 64;

function overlapPx(a: Rect, b: Rect): { w: number; h: number } {
  return {
    w: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    h: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * The bounds to open with: the saved state when its top strip overlaps a display's work area by at
 * least MIN_VISIBLE_PX both ways, its size clamped to that work area and `min`; else null (use defaults).
 */
export function restoreWindowState(
  saved: unknown,
  workAreas: readonly Rect[],
  min: { width: number; height: number },
): WindowState | null {
  const parsed = WindowState.safeParse(saved);
  if (!parsed.success) return null;
  const s = parsed.data;
  const titleStrip: Rect = { x: s.x, y: s.y, width: s.width, height: MIN_VISIBLE_PX };
  const area = workAreas.find((a) => {
    const o = overlapPx(titleStrip, a);
    return o.w >= MIN_VISIBLE_PX && o.h >= Math.min(MIN_VISIBLE_PX, s.height);
  });
  if (area === undefined) return null;
  return {
    ...s,
    width: Math.max(min.width, Math.min(s.width, area.width)),
    height: Math.max(min.height, Math.min(s.height, area.height)),
  };
}
