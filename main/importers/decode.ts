// The decode layer before sniffing and line splitting: a file's bytes become UTF-8 as they stream.
// UTF-16 (LE or BE, by its byte-order mark, or by the zero bytes of ASCII text when it has none) is
// transcoded chunk by chunk; a single gzip file (a `.log.gz`, not a `.tar.gz`) is inflated as a stream
// and refused past MAX_GUNZIP_BYTES (a gzip bomb costs bounded time and no memory); UTF-8 passes as is.
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

export type SourceEncoding = 'utf8' | 'utf16le' | 'utf16be' | 'gzip';

/** Inflated bytes read from one gzip file at most; past this the file is refused. */
export const MAX_GUNZIP_BYTES = 2 * 1024 * 1024 * 1024;

/** Bytes looked at to tell UTF-16 without a byte-order mark from UTF-8. */
const SNIFF_BYTES = 512;

/** What a file's first bytes say about its encoding (`name` only tells a tar.gz from a single gzip). */
export function sniffEncoding(name: string, head: Buffer): SourceEncoding {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b && !/\.(tgz|tar\.gz)$/i.test(name))
    return 'gzip';
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf16le';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf16be';
  // no BOM: ASCII text in UTF-16 has a zero in every other byte, and UTF-8 text has none
  const n = Math.min(head.length, SNIFF_BYTES) & ~1;
  if (n < 16) return 'utf8';
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros >= pairs * 0.6 && evenZeros <= pairs * 0.05) return 'utf16le';
  if (evenZeros >= pairs * 0.6 && oddZeros <= pairs * 0.05) return 'utf16be';
  return 'utf8';
}

export class DecodeError extends Error {
  override name = 'DecodeError';
}

/** The stream's first SNIFF_BYTES (or all of a shorter one), and the stream again from its start. */
async function peek(source: AsyncIterable<Buffer>): Promise<{ head: Buffer; all: AsyncIterable<Buffer> }> {
  const it = source[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < SNIFF_BYTES) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    seen.push(r.value);
    length += r.value.length;
  }
  return {
    head: Buffer.concat(seen, length),
    all: {
      async *[Symbol.asyncIterator]() {
        try {
          yield* seen;
          if (ended) return;
          for (;;) {
            const n = await it.next();
            if (n.done) return;
            yield n.value;
          }
        } finally {
          // a reader that stops early (a skipped file) closes the source: no open file left behind
          if (!ended) await it.return?.();
        }
      },
    },
  };
}

async function* utf16(
  source: AsyncIterable<Buffer>,
  encoding: 'utf-16le' | 'utf-16be',
): AsyncIterable<Buffer> {
  // fatal: false, a lone surrogate becomes U+FFFD rather than failing the file; the BOM is dropped
  const decoder = new TextDecoder(encoding);
  for await (const chunk of source) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield Buffer.from(text, 'utf8');
  }
  const rest = decoder.decode();
  if (rest) yield Buffer.from(rest, 'utf8');
}

async function* gunzip(source: AsyncIterable<Buffer>, maxBytes: number): AsyncIterable<Buffer> {
  const inflate = createGunzip();
  const input = Readable.from(source);
  input.on('error', (e) => inflate.destroy(e));
  input.pipe(inflate);
  let total = 0;
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes)
        throw new DecodeError(
          `gzip: inflates past ${maxBytes} bytes (a gzip bomb?); refused, nothing imported`,
        );
      yield chunk;
    }
  } catch (e) {
    if (e instanceof DecodeError) throw e;
    throw new DecodeError(`gzip: damaged data (${(e as Error).message})`);
  } finally {
    input.unpipe(inflate);
    input.destroy();
    inflate.destroy();
  }
}

/**
 * `source` as UTF-8 bytes, decoded by what its first chunk shows (see `sniffEncoding`). Calls
 * `onEncoding` once with the encoding found, so the report can say what was decoded.
 */
export async function* decodeToUtf8(
  source: AsyncIterable<Buffer>,
  name: string,
  opts: { maxGunzipBytes?: number; onEncoding?: (e: SourceEncoding) => void } = {},
): AsyncIterable<Buffer> {
  const { head, all } = await peek(source);
  if (head.length === 0) return;
  const encoding = sniffEncoding(name, head);
  opts.onEncoding?.(encoding);
  if (encoding === 'utf8') yield* all;
  else if (encoding === 'gzip') {
    // a gzip of UTF-16 text decodes twice: inflate, then transcode
    yield* decodeToUtf8(gunzip(all, opts.maxGunzipBytes ?? MAX_GUNZIP_BYTES), name.replace(/\.gz$/i, ''));
  } else yield* utf16(all, encoding === 'utf16le' ? 'utf-16le' : 'utf-16be');
}
