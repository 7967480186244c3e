// Colour helpers for labels drawn on phase colours: picks black or white text by relative luminance.
// Phase colours themselves come only from shared/phases.ts.
export function textOn(fill: string): '#000000' | '#ffffff' {
  const m = /^#?([0-9a-f]{6})$/i.exec(fill.trim());
  if (!m || !m[1]) return '#000000';
  const n = parseInt(m[1], 16);
  const channel = (c: number): number => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
  return l > 0.22 ? '#000000' : '#ffffff';
}
