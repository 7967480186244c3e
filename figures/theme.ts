// Figure themes: every colour a figure paints that is not a data colour (phase or series colours come
// from shared/), as plain values, so a figure looks the same on screen, in Node and in any viewer.
// Light is the default for exports; the figure theme is independent of the app's theme.
export type FigureThemeName = 'light' | 'dark';

export interface FigureTheme {
  name: FigureThemeName;
  background: string;
  text: string;
  muted: string;
  grid: string;
  axis: string;
  /** Alternate row shading in the waterfall. */
  rowBand: string;
  /** Outline of stacked segments and markers drawn on data colours. */
  markStroke: string;
  /** Whiskers, the 1.0 line of the ratio chart, neutral marks. */
  neutral: string;
  /** Hollow markers' inside. */
  hollowFill: string;
}

export const LIGHT_THEME: FigureTheme = {
  name: 'light',
  background: '#ffffff',
  text: '#1a1a1a',
  muted: '#5c5c5c',
  grid: '#e3e3e3',
  axis: '#6b6b6b',
  rowBand: '#f5f5f5',
  markStroke: '#ffffff',
  neutral: '#333333',
  hollowFill: '#ffffff',
};

export const DARK_THEME: FigureTheme = {
  name: 'dark',
  background: '#16181c',
  text: '#ececec',
  muted: '#a6a6a6',
  grid: '#30343a',
  axis: '#8a8f96',
  rowBand: '#1d2025',
  markStroke: '#16181c',
  neutral: '#d0d0d0',
  hollowFill: '#16181c',
};

export function figureTheme(name: FigureThemeName | undefined): FigureTheme {
  return name === 'dark' ? DARK_THEME : LIGHT_THEME;
}

/** A font stack every SVG viewer, resvg and PDFKit (Helvetica) can honour. */
export const FIGURE_FONT = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif";

/** Estimated advance width of text in the figure font (for layout without a DOM). */
export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.56;
}

/** The on-screen box of an event's element (figures/ typechecks without the DOM lib; the screen has one). */
export function screenBox(el: unknown): { left: number; right: number; bottom: number; width: number } {
  return (
    el as { getBoundingClientRect(): { left: number; right: number; bottom: number; width: number } }
  ).getBoundingClientRect();
}
