// Headless figure export: a figure spec → a standalone SVG string (react-dom/server, no browser), a PNG
// rasterised from that SVG by resvg at any DPI (pixel width = CSS width × dpi / 96, the DPI recorded in a
// pHYs chunk) and a vector PDF with searchable text (PDFKit + svg-to-pdfkit, standard Helvetica).
import { crc32 } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { Figure } from '../../../figures/Figure';
import type { FigureSpec } from '../../../figures/spec';

export type FigureFormat = 'svg' | 'png' | 'pdf';

export const FIGURE_MIME: Record<FigureFormat, string> = {
  svg: 'image/svg+xml',
  png: 'image/png',
  pdf: 'application/pdf',
};

/** The figure as a standalone SVG document (XML declaration, xmlns, no external references). */
export function renderFigureSvg(spec: FigureSpec): string {
  const markup = renderToStaticMarkup(createElement(Figure, { spec }));
  return `<?xml version="1.0" encoding="UTF-8"?>\n${markup}\n`;
}

/** Width and height (CSS px) declared on the root <svg>. */
export function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg\b[^>]*>/.exec(svg);
  const w = m ? /\bwidth="([\d.]+)"/.exec(m[0]) : null;
  const h = m ? /\bheight="([\d.]+)"/.exec(m[0]) : null;
  if (!w?.[1] || !h?.[1]) throw new Error('the SVG has no width/height on its root element');
  return { width: Number(w[1]), height: Number(h[1]) };
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** Inserts (or replaces) the pHYs chunk so viewers and word processors know the print resolution. */
export function setPngDpi(png: Buffer, dpi: number): Buffer {
  const signature = png.subarray(0, 8);
  const chunks: Buffer[] = [];
  let off = 8;
  const ppm = Math.round(dpi / 0.0254);
  const phys = Buffer.alloc(9);
  phys.writeUInt32BE(ppm, 0);
  phys.writeUInt32BE(ppm, 4);
  phys.writeUInt8(1, 8);
  while (off < png.length) {
    const len = png.readUInt32BE(off);
    const type = png.toString('latin1', off + 4, off + 8);
    const end = off + 12 + len;
    if (type !== 'pHYs') chunks.push(png.subarray(off, end));
    if (type === 'IHDR') chunks.push(chunk('pHYs', phys));
    off = end;
  }
  return Buffer.concat([signature, ...chunks]);
}

/** Pixels per inch recorded in a PNG's pHYs chunk, or null without one. */
export function pngDpi(png: Buffer): number | null {
  let off = 8;
  while (off + 8 <= png.length) {
    const len = png.readUInt32BE(off);
    const type = png.toString('latin1', off + 4, off + 8);
    if (type === 'pHYs' && png.readUInt8(off + 16) === 1)
      return Math.round(png.readUInt32BE(off + 8) * 0.0254);
    off += 12 + len;
  }
  return null;
}

/** PNG of an SVG at `dpi` (96 = one pixel per CSS px). */
export function svgToPng(svg: string, opts: { dpi?: number } = {}): Buffer {
  const dpi = opts.dpi ?? 96;
  if (!(dpi >= 24 && dpi <= 1200)) throw new Error(`dpi must be between 24 and 1200, got ${dpi}`);
  svgSize(svg); // refuses an SVG without a size
  // zoom (not fit-to-width): both sides scale by dpi/96 and round alike, so the height is exactly
  // round(height × dpi / 96) too (fitting the rounded width drifted it by a pixel)
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: dpi / 96 },
    font: { loadSystemFonts: true, defaultFontFamily: 'Liberation Sans', sansSerifFamily: 'Liberation Sans' },
  });
  return setPngDpi(resvg.render().asPng(), dpi);
}

/** Characters outside PDFKit's standard-font (WinAnsi) encoding, with their replacements. */
const PDF_TEXT: ReadonlyArray<[RegExp, string]> = [
  [/→/g, '->'],
  [/−/g, '-'],
  [/≈/g, '~'],
];

/** A one-page vector PDF of the SVG, page size = the figure's size (1 CSS px = 0.75 pt). */
export function svgToPdf(svg: string, opts: { title?: string } = {}): Promise<Buffer> {
  const { width, height } = svgSize(svg);
  const wPt = (width * 72) / 96;
  const hPt = (height * 72) / 96;
  const doc = new PDFDocument({
    size: [wPt, hPt],
    margin: 0,
    info: { Title: opts.title ?? 'BenchLens figure', Creator: 'BenchLens' },
  });
  const parts: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (b: Buffer) => parts.push(b));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.on('error', reject);
  });
  const text = PDF_TEXT.reduce((s, [re, to]) => s.replace(re, to), svg);
  SVGtoPDF(doc, text, 0, 0, {
    width: wPt,
    height: hPt,
    fontCallback: (_family, bold) => (bold ? 'Helvetica-Bold' : 'Helvetica'),
  });
  doc.end();
  return done;
}

/** The figure in a format, as bytes. */
export async function exportFigureBytes(
  spec: FigureSpec,
  format: FigureFormat,
  opts: { dpi?: number } = {},
): Promise<Buffer> {
  const svg = renderFigureSvg(spec);
  switch (format) {
    case 'svg':
      return Buffer.from(svg, 'utf8');
    case 'png':
      return svgToPng(svg, opts);
    case 'pdf':
      return svgToPdf(svg, { title: spec.title ?? `${spec.kind} figure` });
  }
}
