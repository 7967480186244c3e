// Published figures (PNG) that sit beside results in a bundle: attached to their bundle as they are.
// Sniffed by the PNG signature; bounded in size so a stray large image cannot fill the database.
import type { FormatImporter } from '../types';

const MAX_FIGURE_BYTES = 25 * 1024 * 1024;

export const pngFigureImporter: FormatImporter = {
  format: 'png',
  version: 1,
  binary: true,
  sniff: (_name, head) =>
    head.length >= 8 && head.readUInt32BE(0) === 0x89504e47
      ? { match: true }
      : { match: false, reason: null },
  consumer() {
    const parts: Buffer[] = [];
    let n = 0;
    return {
      push: (b) => {
        n += b.length;
        if (n > MAX_FIGURE_BYTES) throw new Error(`figure larger than ${MAX_FIGURE_BYTES / 1e6} MB`);
        parts.push(b);
      },
      end: () => [{ kind: 'figure', mime: 'image/png', data: Buffer.concat(parts) }],
    };
  },
};
