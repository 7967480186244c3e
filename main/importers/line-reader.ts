// Streams text as lines without holding a file in memory. Splits on \n, \r\n and lone \r (tqdm
// progress bars redraw with \r) by searching the bytes (linear in the input whatever the line
// lengths), numbers lines from 1, and keeps at most MAX_LINE_BYTES of a line: the rest is counted
// in `droppedBytes`, never held, so a 2 GB line costs no more memory than a short one.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

export interface LineChunk {
  text: string;
  line: number;
  /** Bytes of this line beyond MAX_LINE_BYTES that were not kept (absent when the line is whole). */
  droppedBytes?: number;
}

/** A line as bytes [start, end) of `bytes`; `dropped`: bytes cut beyond the cap, when any. */
export type OnLine = (bytes: Buffer, start: number, end: number, line: number, dropped?: number) => void;

/** Bytes kept per line; no vLLM / Ray log line comes near it. */
export const MAX_LINE_BYTES = 1 << 20;

const LF = 10;
const CR = 13;

export class LineSplitter {
  /** Bytes of the line in progress (kept part only), and how many were dropped beyond the cap. */
  private parts: Buffer[] = [];
  private kept = 0;
  private dropped = 0;
  private line = 0;
  private lastWasCR = false;

  constructor(private readonly maxLineBytes = MAX_LINE_BYTES) {}

  *push(chunk: Buffer | string): Generator<LineChunk> {
    const out: LineChunk[] = [];
    this.pushEach(
      typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk,
      (b, s, e, line, dropped) => {
        const l: LineChunk = { text: b.toString('utf8', s, e), line };
        if (dropped !== undefined) l.droppedBytes = dropped;
        out.push(l);
      },
    );
    yield* out;
  }

  *end(): Generator<LineChunk> {
    const out: LineChunk[] = [];
    this.endEach((b, s, e, line, dropped) => {
      const l: LineChunk = { text: b.toString('utf8', s, e), line };
      if (dropped !== undefined) l.droppedBytes = dropped;
      out.push(l);
    });
    yield* out;
  }

  /**
   * The lines of `buf` as byte ranges, no string made: `onLine(bytes, start, end, line, dropped)`.
   * `bytes` is `buf` itself for a line inside it (valid only during the call), or a copy for a
   * line that spanned chunks; `dropped` counts the bytes cut beyond the cap.
   */
  pushEach(buf: Buffer, onLine: OnLine): void {
    const n = buf.length;
    if (n === 0) return;
    let start = 0;
    if (this.lastWasCR && buf[0] === LF) start = 1; // second half of a \r\n split across chunks
    this.lastWasCR = false;
    let nextLF = buf.indexOf(LF, start);
    let nextCR = buf.indexOf(CR, start);
    while (nextLF !== -1 || nextCR !== -1) {
      const isCR = nextCR !== -1 && (nextLF === -1 || nextCR < nextLF);
      const at = isCR ? nextCR : nextLF;
      if (this.kept === 0 && this.dropped === 0 && at - start <= this.maxLineBytes) {
        // the common case: a whole line inside this chunk, read straight from it
        onLine(buf, start, at, ++this.line);
      } else {
        this.take(buf, start, at);
        this.emitEach(onLine);
      }
      start = at + 1;
      if (isCR) {
        if (start < n && buf[start] === LF) start++;
        else if (start === n) this.lastWasCR = true;
        nextCR = buf.indexOf(CR, start);
        if (nextLF !== -1 && nextLF < start) nextLF = buf.indexOf(LF, start);
      } else nextLF = buf.indexOf(LF, start);
    }
    this.take(buf, start, n);
  }

  /** The last line, when the input does not end with a line break. */
  endEach(onLine: OnLine): void {
    if (this.kept > 0 || this.dropped > 0) this.emitEach(onLine);
  }

  /** Keeps bytes [from, to) of `buf` for the current line, up to the cap; counts the rest. */
  private take(buf: Buffer, from: number, to: number): void {
    if (to <= from) return;
    const room = this.maxLineBytes - this.kept;
    const keep = Math.max(0, Math.min(room, to - from));
    if (keep > 0) {
      // a copy: a slice would pin the whole read chunk, and a caller may reuse its buffer
      this.parts.push(Buffer.from(buf.subarray(from, from + keep)));
      this.kept += keep;
    }
    this.dropped += to - from - keep;
  }

  private emitEach(onLine: OnLine): void {
    let bytes = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts, this.kept);
    if (this.dropped > 0) bytes = bytes.subarray(0, utf8Boundary(bytes));
    const dropped = this.dropped > 0 ? this.dropped + (this.kept - bytes.length) : undefined;
    this.parts = [];
    this.kept = 0;
    this.dropped = 0;
    onLine(bytes, 0, bytes.length, ++this.line, dropped);
  }
}

/** Length of `b` without a UTF-8 sequence cut at its end. */
function utf8Boundary(b: Buffer): number {
  let i = b.length;
  let back = 0;
  while (i > 0 && back < 4 && ((b[i - 1] as number) & 0xc0) === 0x80) {
    i--;
    back++;
  }
  if (i === 0) return b.length;
  const lead = b[i - 1] as number;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return need === back + 1 ? b.length : i - 1;
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
