// Chart and table export: an on-screen <svg> serialised with its computed styles inlined (so the file
// looks like the screen without our stylesheet), rasterised to PNG through a canvas, and downloads
// through a temporary <a download> blob URL. Nothing leaves the machine.
import { max as maxOf } from 'd3-array';

const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'visibility',
] as const;

function inlineStyles(source: Element, target: Element): void {
  const computed = window.getComputedStyle(source);
  const decl = STYLE_PROPS.map((p) => {
    const v = computed.getPropertyValue(p);
    return v ? `${p}:${v}` : '';
  })
    .filter(Boolean)
    .join(';');
  if (decl && target instanceof SVGElement) target.setAttribute('style', decl);
  const sKids = source.children;
  const tKids = target.children;
  for (let i = 0; i < sKids.length && i < tKids.length; i += 1) {
    const s = sKids.item(i);
    const t = tKids.item(i);
    if (s && t) inlineStyles(s, t);
  }
}

function sizeOf(svg: SVGSVGElement): { width: number; height: number } {
  const r = svg.getBoundingClientRect();
  return { width: svg.width.baseVal.value || r.width, height: svg.height.baseVal.value || r.height };
}

/**
 * Standalone SVG text of one or more on-screen charts (stacked vertically), with computed styles
 * inlined and a solid background of the current theme.
 */
export function serializeSvg(svgs: SVGSVGElement | readonly SVGSVGElement[]): string {
  const list = Array.isArray(svgs) ? svgs : [svgs as SVGSVGElement];
  const NS = 'http://www.w3.org/2000/svg';
  const sizes = list.map(sizeOf);
  const width = Math.max(1, maxOf(sizes, (s) => s.width) ?? 1);
  const gap = 16;
  const height = sizes.reduce((sum, s) => sum + s.height, 0) + gap * Math.max(0, list.length - 1);
  const root = document.createElementNS(NS, 'svg');
  root.setAttribute('xmlns', NS);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const first = list[0];
  const bgSource = first?.closest('.chart-frame') ?? document.body;
  const bg = window.getComputedStyle(bgSource).backgroundColor;
  const rect = document.createElementNS(NS, 'rect');
  rect.setAttribute('width', '100%');
  rect.setAttribute('height', '100%');
  rect.setAttribute('fill', !bg || bg === 'rgba(0, 0, 0, 0)' ? '#ffffff' : bg);
  root.appendChild(rect);
  let y = 0;
  list.forEach((svg, i) => {
    const clone = svg.cloneNode(true) as SVGSVGElement;
    inlineStyles(svg, clone);
    clone.removeAttribute('class');
    clone.setAttribute('x', '0');
    clone.setAttribute('y', String(y));
    root.appendChild(clone);
    y += (sizes[i]?.height ?? 0) + gap;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}`;
}

export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function exportSvg(svg: SVGSVGElement | readonly SVGSVGElement[], filename: string): void {
  downloadBlob(new Blob([serializeSvg(svg)], { type: 'image/svg+xml' }), filename);
}

/** Rasterises at 2x for crisp figures in documents. */
export async function svgToPng(svg: SVGSVGElement | readonly SVGSVGElement[], scale = 2): Promise<Blob> {
  const text = serializeSvg(svg);
  const dims = /<svg[^>]*?width="([\d.]+)"[^>]*?height="([\d.]+)"/.exec(text);
  const width = Number(dims?.[1] ?? 800);
  const height = Number(dims?.[2] ?? 600);
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('could not render the chart image'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas available');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function exportPng(
  svg: SVGSVGElement | readonly SVGSVGElement[],
  filename: string,
): Promise<void> {
  downloadBlob(await svgToPng(svg), filename);
}

/** Clipboard first; falls back to downloading the text when the clipboard is unavailable. */
export async function copyText(
  text: string,
  fallbackFilename: string,
  mime: string,
): Promise<'copied' | 'downloaded'> {
  try {
    await navigator.clipboard.writeText(text);
    return 'copied';
  } catch {
    downloadBlob(new Blob([text], { type: mime }), fallbackFilename);
    return 'downloaded';
  }
}

export function safeFilename(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'chart';
}
