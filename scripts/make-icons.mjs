// Renders build/icon.svg (the app icon, drawn by hand for BenchLens) to the PNGs electron-builder
// packages: build/icon.png (1024 px, converted to .icns / .ico by electron-builder on macOS / Windows)
// and build/icons/<N>x<N>.png for the Linux desktop entry. Run after editing the SVG; output is committed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const svg = readFileSync(path.join(root, 'build', 'icon.svg'), 'utf8');
const render = (sizePx) =>
  new Resvg(svg, { fitTo: { mode: 'width', value: sizePx }, background: 'rgba(0,0,0,0)' }).render().asPng();

writeFileSync(path.join(root, 'build', 'icon.png'), render(1024));
mkdirSync(path.join(root, 'build', 'icons'), { recursive: true });
for (const sizePx of [16, 32, 48, 64, 128, 256, 512]) {
  writeFileSync(path.join(root, 'build', 'icons', `${sizePx}x${sizePx}.png`), render(sizePx));
}
console.log('build/icon.png and build/icons/*.png written');
