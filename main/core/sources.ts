// Turns what the user points at — files, folders, .zip, .tar.gz/.tgz (GitHub's archives included) —
// into one stream of entries, each readable once, in a stable order. Nothing is extracted to disk.
// Folders are walked lazily (the first file is imported before the last folder is listed), each
// folder once by its device/inode (symlink loops end), and an unreadable folder is skipped, not fatal.
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { extract as tarExtract } from 'tar-stream';
import yauzl from 'yauzl';

export interface SourceEntry {
  /** Shown in reports: a file path, or `archive.zip!inner/path`. */
  display: string;
  /** Path used to read bundle / experiment / part from (file path, or the path inside the archive). */
  logicalPath: string;
  size: number;
  /** A file on disk: reading may stop early. Archive entries must be read to their end. */
  seekable: boolean;
  /** The entry's bytes; must be consumed (or drained) before the next entry is requested. */
  chunks(): AsyncIterable<Buffer>;
  /** Discard the entry's bytes without reading them into memory. */
  drain(): Promise<void>;
}

export interface SourceProblem {
  file: string;
  message: string;
}

export interface Sources {
  entries: AsyncGenerator<SourceEntry>;
  /** Bytes on disk behind the sources found so far (files plus archives), for progress. */
  readonly bytesTotal: number;
  /** Bytes read from disk so far. */
  bytesRead(): number;
  problems: SourceProblem[];
  /** Folders not walked: unreadable, or already walked through another link. */
  skipped: SourceProblem[];
}

const SKIP_DIRS = new Set(['.git', 'node_modules', '__pycache__', '.venv', '.cache', '.ipynb_checkpoints']);
export type ArchiveKind = 'zip' | 'tar.gz' | 'tar';

export async function archiveKind(path: string): Promise<ArchiveKind | null> {
  const fh = await open(path, 'r');
  try {
    return await sniffArchive(fh, path);
  } finally {
    await fh.close();
  }
}

/**
 * Plain files up to this size are read whole in one synchronous call (one open, no stream, no
 * thread-pool round trips: most of a small file's cost); larger ones stream in 64 KiB reads.
 */
export const SMALL_FILE_BYTES = 256 * 1024;

/** The archive kind from the first 262 bytes of an open file (read at position 0, the handle stays open). */
async function sniffArchive(fh: FileHandle, path: string): Promise<ArchiveKind | null> {
  const b = Buffer.alloc(262);
  const { bytesRead } = await fh.read(b, 0, b.length, 0);
  return archiveKindOf(b, bytesRead, path);
}

/** The archive kind from a file's first `bytesRead` bytes in `b`. */
function archiveKindOf(b: Buffer, bytesRead: number, path: string): ArchiveKind | null {
  if (bytesRead >= 4 && b.readUInt32LE(0) === 0x04034b50) return 'zip';
  if (bytesRead >= 2 && b[0] === 0x1f && b[1] === 0x8b && /\.(tgz|tar\.gz)$/i.test(path)) return 'tar.gz';
  if (bytesRead >= 262 && b.toString('latin1', 257, 262) === 'ustar') return 'tar';
  return null;
}

interface Found {
  path: string;
  size: number;
  /** `dev:ino`, to recognise a file under any of its names. */
  id: string;
}

async function* walk(
  p: string,
  depth: number,
  seen: Set<string>,
  problems: SourceProblem[],
  skipped: SourceProblem[],
): AsyncGenerator<Found> {
  let st;
  try {
    // synchronous: a thread-pool round trip per file cost more than the stat itself
    st = statSync(p);
  } catch (e) {
    const message = `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
    // a path the user named is an error; a dangling link inside a folder is only skipped
    (depth === 0 ? problems : skipped).push({ file: p, message });
    return;
  }
  if (st.isDirectory()) {
    if (depth > 0 && SKIP_DIRS.has(basename(p))) return;
    const id = `${st.dev}:${st.ino}`;
    if (seen.has(id)) {
      skipped.push({ file: p, message: 'folder already walked (a symbolic link back into the tree)' });
      return;
    }
    seen.add(id);
    let names: string[];
    try {
      names = (await readdir(p)).sort();
    } catch (e) {
      const message = `cannot read folder: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
      (depth === 0 ? problems : skipped).push({ file: p, message });
      return;
    }
    for (const e of names) {
      if (e.startsWith('.')) continue;
      yield* walk(join(p, e), depth + 1, seen, problems, skipped);
    }
  } else if (st.isFile()) yield { path: p, size: st.size, id: `${st.dev}:${st.ino}` };
  else skipped.push({ file: p, message: 'not a regular file (device, FIFO or socket)' });
}

export interface SourceOptions {
  /**
   * The database the import writes to. Its files (and -wal, -shm, -journal) are never opened: closing
   * any descriptor of them in this process would drop SQLite's POSIX locks, and another process could
   * then truncate the shared memory under this one's writer (SIGBUS) or corrupt the database.
   */
  database?: string;
}

/** The database file and its sidecars: paths, and `dev:ino` of those that exist now. */
async function databaseFiles(
  database: string | undefined,
): Promise<{ paths: Set<string>; ids: Set<string> }> {
  const paths = new Set<string>();
  const ids = new Set<string>();
  if (database === undefined || database === ':memory:') return { paths, ids };
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    const p = resolve(database + suffix);
    paths.add(p);
    try {
      const st = await stat(p);
      ids.add(`${st.dev}:${st.ino}`);
    } catch {
      // not there (yet): the path still matches
    }
  }
  return { paths, ids };
}

export async function openSources(
  paths: readonly string[],
  signal?: AbortSignal,
  opts: SourceOptions = {},
): Promise<Sources> {
  const problems: SourceProblem[] = [];
  const skipped: SourceProblem[] = [];
  const seen = new Set<string>();
  const own = await databaseFiles(opts.database);
  let bytesTotal = 0;
  let read = 0;
  const counted = (s: Readable): Readable => {
    s.on('data', (b: Buffer) => {
      read += b.length;
    });
    return s;
  };

  async function* entries(): AsyncGenerator<SourceEntry> {
    for (const top of paths) {
      for await (const { path: file, size, id } of walk(resolve(top), 0, seen, problems, skipped)) {
        if (own.paths.has(file) || own.ids.has(id)) {
          skipped.push({ file, message: 'the database this import writes to (not read)' });
          continue;
        }
        bytesTotal += size;
        if (size <= SMALL_FILE_BYTES) {
          let whole: Buffer;
          try {
            whole = readFileSync(file);
          } catch (e) {
            problems.push({
              file,
              message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
            });
            continue;
          }
          const small = archiveKindOf(whole, whole.length, file);
          if (small === 'zip') yield* zipEntries(file, counted, problems, skipped);
          else if (small !== null) yield* tarEntries(file, small, counted, problems, skipped, signal);
          else {
            read += whole.length;
            yield {
              display: file,
              logicalPath: file,
              size: whole.length,
              seekable: true,
              chunks: () => ({
                async *[Symbol.asyncIterator]() {
                  yield whole;
                },
              }),
              drain: async () => {},
            };
          }
          continue;
        }
        // one open per plain file: the handle that sniffed the header also streams the content
        let kind: ArchiveKind | null = null;
        let fh: FileHandle | null = null;
        try {
          fh = await open(file, 'r');
          kind = await sniffArchive(fh, file);
        } catch (e) {
          await fh?.close().catch(() => {});
          problems.push({ file, message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
          continue;
        }
        if (kind !== null) await fh.close(); // archive readers open the file their own way
        if (kind === 'zip') yield* zipEntries(file, counted, problems, skipped);
        else if (kind === 'tar.gz' || kind === 'tar')
          yield* tarEntries(file, kind, counted, problems, skipped, signal);
        else {
          const handle = fh;
          let stream: Readable | null = null;
          try {
            yield {
              display: file,
              logicalPath: file,
              size,
              seekable: true,
              chunks: () =>
                (stream = counted(
                  handle.createReadStream({ start: 0, highWaterMark: 1 << 16, autoClose: true }),
                )),
              drain: async () => {
                read += size;
              },
            };
          } finally {
            (stream as Readable | null)?.destroy();
            // closes the handle unless the stream did (autoClose at its end or destroy)
            if (stream === null) await handle.close().catch(() => {});
          }
        }
      }
    }
  }
  return {
    entries: entries(),
    get bytesTotal() {
      return bytesTotal;
    },
    bytesRead: () => read,
    problems,
    skipped,
  };
}

async function* zipEntries(
  file: string,
  counted: (s: Readable) => Readable,
  problems: SourceProblem[],
  skipped: SourceProblem[],
): AsyncGenerator<SourceEntry> {
  // yauzl reads the central directory with random access; count progress by uncompressed entry bytes
  const zip = await new Promise<yauzl.ZipFile>((res, rej) =>
    // names decoded and checked here, per entry: yauzl's own check rejects the whole archive for one odd name
    yauzl.open(file, { lazyEntries: true, autoClose: true, decodeStrings: false }, (err, z) =>
      err || !z ? rej(err) : res(z),
    ),
  ).catch((e: unknown) => {
    problems.push({
      file,
      message: `not a readable zip archive: ${e instanceof Error ? e.message : String(e)}`,
    });
    return null;
  });
  if (!zip) return;
  try {
    for (;;) {
      const entry = await new Promise<yauzl.Entry | null>((res, rej) => {
        const onEntry = (e: yauzl.Entry) => {
          cleanup();
          res(e);
        };
        const onEnd = () => {
          cleanup();
          res(null);
        };
        const onError = (e: Error) => {
          cleanup();
          rej(e);
        };
        const cleanup = () => {
          zip.off('entry', onEntry);
          zip.off('end', onEnd);
          zip.off('error', onError);
        };
        zip.on('entry', onEntry);
        zip.on('end', onEnd);
        zip.on('error', onError);
        zip.readEntry();
      });
      if (!entry) return;
      const name = yauzl.getFileNameLowLevel(
        entry.generalPurposeBitFlag,
        entry.fileNameRaw,
        entry.extraFields,
        false,
      );
      if (name.endsWith('/')) continue;
      const odd = yauzl.validateFileName(name);
      if (odd !== null) {
        skipped.push({ file: `${file}!${name}`, message: `entry not read: ${odd}` });
        continue;
      }
      const open = () =>
        new Promise<Readable>((res, rej) =>
          zip.openReadStream(entry, (err, s) => (err || !s ? rej(err) : res(s))),
        );
      let opened: Readable | null = null;
      yield {
        display: `${file}!${name}`,
        logicalPath: name,
        size: entry.uncompressedSize,
        seekable: true,
        chunks: () => ({
          async *[Symbol.asyncIterator]() {
            opened = counted(await open());
            for await (const b of opened as AsyncIterable<Buffer>) yield b;
          },
        }),
        drain: async () => {},
      };
      (opened as Readable | null)?.destroy();
    }
  } catch (e) {
    problems.push({ file, message: `zip archive is damaged: ${e instanceof Error ? e.message : String(e)}` });
  } finally {
    zip.close();
  }
}

async function* tarEntries(
  file: string,
  kind: 'tar.gz' | 'tar',
  counted: (s: Readable) => Readable,
  problems: SourceProblem[],
  skipped: SourceProblem[],
  signal?: AbortSignal,
): AsyncGenerator<SourceEntry> {
  const raw = counted(createReadStream(file, { highWaterMark: 1 << 20 }));
  const extract = tarExtract();
  const input = kind === 'tar.gz' ? raw.pipe(createGunzip()) : raw;
  input.on('error', (e: Error) => extract.destroy(e));
  input.pipe(extract);
  try {
    for await (const e of extract) {
      const h = e.header;
      const entry = e as unknown as Readable;
      if (h.type !== 'file' && h.type !== 'contiguous-file') {
        // links are never followed (nothing is extracted); say so, except for plain folders
        if (h.type !== 'directory')
          skipped.push({ file: `${file}!${h.name}`, message: `tar ${h.type} entry not read` });
        await drainEntry(entry, false);
        continue;
      }
      let consumed = false;
      let ended = false;
      entry.once('end', () => (ended = true));
      // the rest of an entry is read to reach the next one; when cancelled, the archive is closed instead
      const finish = async () => {
        if (signal?.aborted) extract.destroy();
        else await drainEntry(entry, ended);
      };
      yield {
        display: `${file}!${h.name}`,
        logicalPath: h.name,
        size: h.size ?? 0,
        seekable: false,
        chunks: () => ({
          async *[Symbol.asyncIterator]() {
            consumed = true;
            try {
              // not destroyed when the reader stops early (a parse error): tar-stream would wait forever
              // for the rest of a destroyed entry; it is drained in `finally` instead
              const it = (entry as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
              for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
            } finally {
              await finish();
            }
          },
        }),
        drain: async () => {
          consumed = true;
          await finish();
        },
      };
      if (!consumed) await finish();
    }
  } catch (e) {
    if (signal?.aborted) return;
    problems.push({ file, message: `tar archive is damaged: ${e instanceof Error ? e.message : String(e)}` });
  } finally {
    raw.destroy();
  }
}

/** Reads a tar entry to its end, keeping nothing, so the archive can move to the next one. */
async function drainEntry(entry: Readable, ended: boolean): Promise<void> {
  if (ended || entry.destroyed) return;
  await new Promise<void>((res) => {
    entry.once('end', () => res());
    entry.once('error', () => res());
    entry.once('close', () => res());
    entry.resume();
  });
}
