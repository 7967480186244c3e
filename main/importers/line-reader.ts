// Streams text as lines without holding a file in memory. Splits on \n, \r\n and lone \r (tqdm
// progress bars redraw with \r), decodes UTF-8 across chunk boundaries, numbers lines from 1.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

export interface LineChunk {
  text: string;
  line: number;
}

export class LineSplitter {
  private decoder = new StringDecoder('utf8');
  private pending = '';
  private line = 0;
  private lastWasCR = false;

  *push(chunk: Buffer | string): Generator<LineChunk> {
    const text = this.pending + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) {
        if (c === 10 && this.lastWasCR && i === start) {
          // second half of \r\n: the line was already emitted at the \r
          start = i + 1;
          this.lastWasCR = false;
          continue;
        }
        this.line++;
        yield { text: text.slice(start, i), line: this.line };
        start = i + 1;
        this.lastWasCR = c === 13;
      } else {
        this.lastWasCR = false;
      }
    }
    this.pending = text.slice(start);
  }

  *end(): Generator<LineChunk> {
    const rest = this.pending + this.decoder.end();
    this.pending = '';
    if (rest.length > 0) {
      this.line++;
      yield { text: rest, line: this.line };
    }
  }
}

export interface LineReaderOptions {
  onProgress?: (bytesRead: number, bytesTotal: number) => void;
}

export async function* readLines(path: string, opts: LineReaderOptions = {}): AsyncGenerator<LineChunk> {
  const total = (await stat(path)).size;
  const splitter = new LineSplitter();
  let bytes = 0;
  for await (const buf of createReadStream(path, { highWaterMark: 1 << 16 }) as AsyncIterable<Buffer>) {
    bytes += buf.length;
    yield* splitter.push(buf);
    opts.onProgress?.(bytes, total);
  }
  yield* splitter.end();
}

/** The same line splitting for text already in memory. */
export function* splitLines(text: string): Generator<LineChunk> {
  const s = new LineSplitter();
  yield* s.push(text);
  yield* s.end();
}
