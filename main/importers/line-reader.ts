// Streams a file as lines without holding it in memory, reporting bytes read as it goes.
// Splits on \n, \r\n and lone \r (tqdm progress bars redraw with \r), counts 1-based line numbers.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

export interface LineChunk {
  text: string;
  line: number;
}

export interface LineReaderOptions {
  onProgress?: (bytesRead: number, bytesTotal: number) => void;
  signal?: AbortSignal;
}

export async function* readLines(path: string, opts: LineReaderOptions = {}): AsyncGenerator<LineChunk> {
  const total = (await stat(path)).size;
  const stream = createReadStream(path, { highWaterMark: 1 << 16 });
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let line = 0;
  let bytes = 0;
  let lastWasCR = false;
  try {
    for await (const buf of stream as AsyncIterable<Buffer>) {
      if (opts.signal?.aborted) throw new Error('import cancelled');
      bytes += buf.length;
      const text = pending + decoder.write(buf);
      let start = 0;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || c === 13) {
          if (c === 10 && lastWasCR && i === start) {
            // second half of \r\n: the line was already emitted at the \r
            start = i + 1;
            lastWasCR = false;
            continue;
          }
          line++;
          yield { text: text.slice(start, i), line };
          start = i + 1;
          lastWasCR = c === 13;
        } else {
          lastWasCR = false;
        }
      }
      pending = text.slice(start);
      opts.onProgress?.(bytes, total);
    }
    const rest = pending + decoder.end();
    if (rest.length > 0) {
      line++;
      yield { text: rest, line };
    }
  } finally {
    stream.destroy();
  }
}

/** The same line splitting for text already in memory (uploads from the renderer). */
export function* splitLines(text: string): Generator<LineChunk> {
  let line = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      line++;
      yield { text: text.slice(start, i), line };
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  if (start < text.length) yield { text: text.slice(start), line: line + 1 };
}
