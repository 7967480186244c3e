// Fetches a GitHub repository's archive (tar.gz of a branch, tag or commit) over HTTPS into a
// temporary file, so the regular bundle importer can read it. Fails fast and plainly when offline.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { CoreError } from './call';

export const DEFAULT_ARCHIVE_BASE = 'https://codeload.github.com';
const MAX_BYTES = 2 * 1024 * 1024 * 1024;

export interface Download {
  file: string;
  bytes: number;
  cleanup(): Promise<void>;
}

export function archiveUrl(
  repo: string,
  ref: string,
  base = process.env['BENCHLENS_GITHUB_ARCHIVE_BASE'] ?? DEFAULT_ARCHIVE_BASE,
): string {
  return `${base.replace(/\/$/, '')}/${repo}/tar.gz/${encodeURIComponent(ref).replace(/%2F/g, '/')}`;
}

export async function downloadRepoArchive(
  repo: string,
  ref: string,
  opts: { signal?: AbortSignal; connectTimeoutMs?: number; onBytes?: (n: number) => void } = {},
): Promise<Download> {
  const url = archiveUrl(repo, ref);
  const connect = AbortSignal.timeout(opts.connectTimeoutMs ?? 15_000);
  const signal = opts.signal ? AbortSignal.any([opts.signal, connect]) : connect;
  let res: Response;
  try {
    res = await fetch(url, { signal, redirect: 'follow', headers: { 'user-agent': 'BenchLens' } });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
    throw new CoreError(
      'internal',
      `cannot download ${repo}@${ref} from ${new URL(url).host} (offline?): ${why}`,
    );
  }
  if (res.status === 404)
    throw new CoreError('not_found', `GitHub has no repository or ref ${repo}@${ref} (${url})`);
  if (!res.ok || !res.body) throw new CoreError('internal', `downloading ${url} failed: HTTP ${res.status}`);
  const dir = await mkdtemp(join(tmpdir(), 'benchlens-gh-'));
  const file = join(dir, `${repo.replace('/', '-')}-${ref.replace(/[^\w.-]/g, '_')}.tar.gz`);
  let bytes = 0;
  const body = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
  body.on('data', (b: Buffer) => {
    bytes += b.length;
    opts.onBytes?.(bytes);
    if (bytes > MAX_BYTES) body.destroy(new Error('archive larger than 2 GB'));
  });
  try {
    await pipeline(body, createWriteStream(file));
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw new CoreError(
      'internal',
      `downloading ${url} failed: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return { file, bytes, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
