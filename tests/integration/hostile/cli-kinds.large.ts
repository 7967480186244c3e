// The bad-input suite's large file kinds (issue 9), run by `npm run hostile:large`: the memory
// bounds of the issue (a 1 GB log of distinct lines ≤ 300 MB; a 200 MB string or 1 M keys ≤ 500 MB),
// a 200 MB line, a 2 GB sparse file and a zip bomb behind a real log head. Each is generated in
// bounded chunks into a temporary folder, run through `benchlens import` within a time bound, and
// checked as the default kinds are (file-cases.ts).
import { truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { cleanUp, MB, writeTable } from './harness';
import { runFileCase, type FileCase } from './file-cases';
import { V0_LOG, write, writeManyKeys, writeRepeated, writeZipBomb } from './inputs';

const GB = 1024 * MB;
const V0_LINES = V0_LOG.trimEnd().split('\n').length;

const CASES: FileCase[] = [
  {
    kind: 'huge JSON string (200 MB)',
    make: async (bad) => [
      await writeRepeated(
        join(bad, 'exp', 'c2.json'),
        '{"completed": 5, "num_prompts": 5, "max_concurrency": 2, "s": "',
        'a',
        200 * MB,
        '"}',
      ),
    ],
    expect: 'imported',
    message: /string under "s" cut to 1048576 of 209715200 characters/,
    line: 1,
    boundMb: 500,
    timeoutMs: 300_000,
  },
  {
    kind: '1 M keys in one JSON',
    // serve9: the keys beyond the cap are counted, not kept
    make: async (bad) => [await writeManyKeys(join(bad, 'exp', 'c2.json'), 1_000_000)],
    expect: 'imported',
    boundMb: 500,
    timeoutMs: 300_000,
  },
  {
    kind: 'very long line (200 MB) in a log',
    make: async (bad) => [
      await writeRepeated(
        join(bad, 'long.log'),
        `${V0_LOG}INFO 11-20 08:02:00 [x.py:1] `,
        'a',
        200 * MB,
        '\n',
      ),
    ],
    expect: 'imported',
    message: /line cut to 1048576 bytes/,
    line: V0_LINES + 1,
    timeoutMs: 300_000,
  },
  {
    kind: '1 GB log of distinct warnings',
    // perf10: the event log bounded (a sample and counts per message kind, the drop noted)
    make: async (bad) => {
      const p = join(bad, 'flood.log');
      // the log's real start, 1 GB of lines that all differ (by their numbers), then its real end
      const head = V0_LOG.split('INFO 11-20 08:00:31')[0] as string;
      const tail = `INFO 11-20 08:00:31${V0_LOG.split('INFO 11-20 08:00:31')[1] as string}`;
      return [await writeDistinct(p, head, GB, tail)];
    },
    expect: 'imported',
    boundMb: 300,
    timeoutMs: 600_000,
  },
  {
    kind: 'sparse 2 GB file behind a real log head',
    make: (bad) => {
      const p = write(join(bad, 'sparse.log'), V0_LOG);
      truncateSync(p, 2 * GB);
      return [p];
    },
    // the zeros right after the head make it binary: skipped at once, never read to its end
    expect: 'skipped',
    message: /^binary file$/,
    timeoutMs: 300_000,
  },
  {
    kind: 'zip bomb (1 GB of zeros) behind a real log head',
    make: async (bad) => {
      const p = await writeZipBomb(join(bad, 'bomb.zip'), 'logs/bomb.log', V0_LOG, GB);
      return [`${p}!logs/bomb.log`];
    },
    // as in the upload: skipped as binary, the entry drained (not held), the archive goes on
    expect: 'skipped',
    message: /^binary file$/,
    timeoutMs: 300_000,
  },
];

/** HEAD, then distinct WARNING lines up to BYTES, then TAIL; written in ~1 MiB batches. */
async function writeDistinct(path: string, head: string, bytes: number, tail: string): Promise<string> {
  const { createWriteStream, mkdirSync } = await import('node:fs');
  const { dirname } = await import('node:path');
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  const put = (s: string): Promise<void> =>
    new Promise((res) => (out.write(s) ? res() : out.once('drain', () => res())));
  await put(head);
  let written = 0;
  let n = 0;
  while (written < bytes) {
    const batch: string[] = [];
    for (let i = 0; i < 12_000; i++, n++)
      batch.push(`WARNING 11-20 08:00:20 [x.py:1] distinct warning number ${n} of the flood\n`);
    const text = batch.join('');
    written += text.length;
    await put(text);
  }
  await put(tail);
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
  return path;
}

describe('large bad input through `benchlens import`', () => {
  afterAll(() => {
    writeTable('8-large-file-kinds');
    cleanUp();
  });
  for (const c of CASES) it(c.kind, () => runFileCase(c), (c.timeoutMs ?? 300_000) + 300_000);
});
