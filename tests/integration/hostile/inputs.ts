// Generators for the bad-input suite: good files (copies of our fixtures) that every batch carries,
// and builders for archives and large repeated content that stream to disk in bounded chunks.
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { pack as tarPack } from 'tar-stream';
import yazl from 'yazl';
import { FIXTURES, ROOT } from '../cli-helpers';

export const BENCH_FIXTURES = join(ROOT, 'main/importers/vllm-bench-json/fixtures');
/** A short vLLM V0 start-up log (10 lines, 90 s). */
export const V0_LOG = readFileSync(join(FIXTURES, 'vllm-v0.log'), 'utf8');
/** A Ray Serve tensor-parallel start-up log. */
export const RAY_LOG = readFileSync(join(FIXTURES, 'ray-tp2-base.log'), 'utf8');
export const GOOD_JSON = readFileSync(join(BENCH_FIXTURES, 'old-vllm-no-failed.json'), 'utf8');

/** A small valid result point. */
export const point = (concurrency: number, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    completed: 5,
    num_prompts: 5,
    max_concurrency: concurrency,
    output_throughput: 42,
    ...extra,
  });

export function write(path: string, content: string | Buffer): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

/**
 * The good files every file-kind batch carries beside its bad input: one serving result and one
 * start-up log, each in its own folder so each is its own snapshot. Returns their paths.
 */
export function writeGoodFiles(dir: string): string[] {
  return [write(join(dir, 'good', 'c1.json'), GOOD_JSON), write(join(dir, 'good-log', 'ray.log'), RAY_LOG)];
}

/** Writes HEAD, then BODY repeated until TOTAL bytes, then TAIL, in 1 MiB writes. */
export async function writeRepeated(
  path: string,
  head: string,
  body: string,
  totalBytes: number,
  tail = '',
): Promise<string> {
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  const chunk = Buffer.from(body.repeat(Math.max(1, Math.floor((1 << 20) / body.length))));
  const write = (b: Buffer | string): Promise<void> =>
    new Promise((res) => (out.write(b) ? res() : out.once('drain', () => res())));
  await write(head);
  let left = totalBytes;
  while (left > 0) {
    const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
    await write(part);
    left -= part.length;
  }
  await write(tail);
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
  return path;
}

/** A tar member's header (name, type, linkname…), as tar-stream's pack takes it. */
type TarHeader = Parameters<ReturnType<typeof tarPack>['entry']>[0];
export type TarMember = [TarHeader, string | Buffer | null];

export async function writeTarGz(path: string, members: TarMember[]): Promise<string> {
  mkdirSync(dirname(path), { recursive: true });
  const pack = tarPack();
  for (const [header, body] of members) {
    if (body === null) pack.entry(header);
    else pack.entry(header, body);
  }
  pack.finalize();
  await pipeline(pack, createGzip(), createWriteStream(path));
  return path;
}

/**
 * A zip of ENTRIES. yazl refuses odd names, so each entry may give a `rename`: the bytes of its
 * placeholder name are replaced in both headers afterwards (same length; the CRC covers only data).
 */
export async function writeZip(
  path: string,
  entries: { name: string; data: Buffer | string; rename?: string }[],
): Promise<string> {
  mkdirSync(dirname(path), { recursive: true });
  const zip = new yazl.ZipFile();
  for (const e of entries) zip.addBuffer(Buffer.from(e.data), e.name);
  zip.end();
  const parts: Buffer[] = [];
  for await (const b of zip.outputStream as AsyncIterable<Buffer>) parts.push(b);
  let bytes = Buffer.concat(parts).toString('latin1');
  for (const e of entries) {
    if (e.rename === undefined) continue;
    if (Buffer.byteLength(e.rename, 'latin1') !== e.name.length)
      throw new Error('rename must keep the length');
    bytes = bytes.replaceAll(e.name, e.rename);
  }
  writeFileSync(path, Buffer.from(bytes, 'latin1'));
  return path;
}

/** A zip whose one entry is a real log head followed by BYTES of zeros (deflates ~1000:1). */
export async function writeZipBomb(
  path: string,
  entry: string,
  head: string,
  bytes: number,
): Promise<string> {
  mkdirSync(dirname(path), { recursive: true });
  const zip = new yazl.ZipFile();
  const { Readable } = await import('node:stream');
  const zeros = Buffer.alloc(1 << 20);
  let left = bytes;
  const source = Readable.from(
    (function* () {
      yield Buffer.from(head);
      while (left > 0) {
        const n = Math.min(left, zeros.length);
        left -= n;
        yield zeros.subarray(0, n);
      }
    })(),
  );
  zip.addReadStream(source, entry);
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(path));
  return path;
}

/** A JSON result whose `pad` object holds KEYS distinct keys, written in bounded chunks. */
export async function writeManyKeys(path: string, keys: number): Promise<string> {
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  const write = (s: string): Promise<void> =>
    new Promise((res) => (out.write(s) ? res() : out.once('drain', () => res())));
  await write('{"completed": 5, "num_prompts": 5, "max_concurrency": 2, "pad": {');
  const batch = 10_000;
  for (let i = 0; i < keys; i += batch) {
    const parts: string[] = [];
    for (let k = i; k < Math.min(keys, i + batch); k++) parts.push(`"key_${k}": ${k}`);
    await write((i === 0 ? '' : ', ') + parts.join(', '));
  }
  await write('}}\n');
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
  return path;
}
