// The bad-input suite, file kinds (issue 9): each kind is generated beside two good files and run
// through `benchlens import`; see file-cases.ts for the checks every kind shares. Kinds larger than
// a few MB or slower than a few seconds run in `npm run hostile:large` (large.hostile.ts).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanUp, MB, queryDb, writeTable } from './harness';
import { runFileCase, type FileCase } from './file-cases';
import { point, RAY_LOG, V0_LOG, write, writeManyKeys, writeRepeated, writeTarGz, writeZip } from './inputs';

const V0_LINES = V0_LOG.trimEnd().split('\n').length;
/** `nobody`, so that file permissions apply when the suite runs as root. */
const AS_OTHER_USER = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

/** A result file named `c2.json` in its own experiment folder. */
const badJson = (bad: string, content: string | Buffer): string[] => [
  write(join(bad, 'exp', 'c2.json'), content),
];

const CASES: FileCase[] = [
  {
    kind: 'huge JSON string (20 MB)',
    make: async (bad) => [
      await writeRepeated(
        join(bad, 'exp', 'c2.json'),
        '{"completed": 5, "num_prompts": 5, "max_concurrency": 2, "s": "',
        'a',
        20 * MB,
        '"}',
      ),
    ],
    expect: 'imported',
    message: /c2\.json: string under "s" cut to 1048576 of 20971520 characters/,
    line: 1,
  },
  {
    kind: 'malformed JSON > 64 KB inside .tar.gz',
    make: async (bad) => {
      const p = await writeTarGz(join(bad, 'run.tar.gz'), [
        [{ name: 'exp/c1.json' }, point(1)],
        [{ name: 'exp/c2.json' }, `{"num_prompts": 5, "completed": ,\n"pad": "${'p'.repeat(1 << 20)}"}`],
        [{ name: 'exp/c4.json' }, point(4)],
      ]);
      return [`${p}!exp/c2.json`];
    },
    expect: 'error',
    message: /^invalid JSON: unexpected ","$/,
    line: 1,
    check: ({ report, bad }) => {
      const archive = (bad[0] as string).split('!')[0] as string;
      // the members after the bad one are read too
      expect(report.imported.map((i) => i.file)).toContain(`${archive}!exp/c4.json`);
    },
  },
  {
    kind: 'very long line (20 MB) in a log',
    make: async (bad) => [
      await writeRepeated(
        join(bad, 'long.log'),
        `${V0_LOG}INFO 11-20 08:02:00 [x.py:1] `,
        'a',
        20 * MB,
        '\n',
      ),
    ],
    expect: 'imported',
    message: /line cut to 1048576 bytes \(\d+ more bytes not read\)/,
    line: V0_LINES + 1,
  },
  {
    kind: 'deeply nested JSON (1000 levels)',
    make: (bad) =>
      badJson(
        bad,
        `{"completed": 5, "num_prompts": 5, "max_concurrency": 2, "x": ${'['.repeat(1000)}${']'.repeat(1000)}}`,
      ),
    expect: 'error',
    message: /JSON nested deeper than 64 levels/,
    line: 1,
  },
  {
    kind: 'distinct-warning flood (30,000 lines)',
    make: (bad) => {
      const lines: string[] = [];
      for (let i = 0; i < 30_000; i++)
        lines.push(`WARNING 11-20 08:00:20 [x.py:1] distinct warning number ${i}\n`);
      return [
        write(
          join(bad, 'warn.log'),
          V0_LOG.replace('INFO 11-20 08:00:31', `${lines.join('')}INFO 11-20 08:00:31`),
        ),
      ];
    },
    expect: 'imported',
    // perf10: the event log keeps a sample and counts per message kind, the drop noted
    message:
      /\d[\d,]* (more )?(warning|event|line)s?\b.*(not kept|dropped|not stored|counted)|(not kept|dropped|not stored).*\d/i,
    check: ({ db, report, bad }) => {
      const id = report.imported.find((i) => i.file === bad[0])?.snapshotId;
      const [{ n }] = queryDb<{ n: number }>(
        db,
        'SELECT count(*) AS n FROM log_events WHERE snapshot_id = ?',
        id,
      ) as [{ n: number }];
      expect(n, 'log events stored for 30,000 distinct warnings').toBeLessThanOrEqual(10_000);
    },
  },
  {
    kind: '200,000 keys in one JSON',
    make: async (bad) => [await writeManyKeys(join(bad, 'exp', 'c2.json'), 200_000)],
    expect: 'imported',
    message: /values?\b.*(cut|not kept|counted)|100,?000/i,
    line: 1,
  },
  {
    kind: 'symbolic link loops (two)',
    make: (bad) => {
      mkdirSync(join(bad, 'a', 'b'), { recursive: true });
      write(join(bad, 'a', 'b', 'c3.json'), point(3));
      symlinkSync('..', join(bad, 'a', 'b', 'up'));
      symlinkSync('../..', join(bad, 'a', 'b', 'up2'));
      return [join(bad, 'a', 'b', 'up'), join(bad, 'a', 'b', 'up2')];
    },
    expect: 'nothing',
    check: ({ report, dir }) => {
      // the real file is imported once, whatever the number of paths that lead to it
      const c3 = [...report.imported, ...report.unchanged].filter((i) => i.file.endsWith('c3.json'));
      expect(c3.map((i) => i.file)).toEqual([join(dir, 'bad', 'a', 'b', 'c3.json')]);
    },
  },
  {
    kind: 'unreadable sub-folder',
    make: (bad, dir, dbDir) => {
      const locked = join(bad, 'locked');
      write(join(locked, 'exp', 'c8.json'), point(8));
      chmodSync(locked, 0o000);
      // the other user must reach everything else
      chmodSync(dir, 0o777);
      for (const d of readdirSync(dir)) if (d !== 'bad') chmodSync(join(dir, d), 0o777);
      chmodSync(bad, 0o777);
      chmodSync(dbDir, 0o777);
      return [locked];
    },
    run: AS_OTHER_USER,
    expect: 'skipped',
    message: /EACCES|permission|not readable|unreadable/i,
  },
  {
    kind: 'UTF-16 log (with BOM)',
    // serve9: UTF-16 logs decoded
    make: (bad) => [
      write(
        join(bad, 'utf16.log'),
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(V0_LOG, 'utf16le')]),
      ),
    ],
    expect: 'imported',
  },
  {
    kind: 'gzipped single log (.log.gz)',
    // serve9: a single gzipped log read through gunzip
    make: (bad) => [write(join(bad, 'v0.log.gz'), gzipSync(V0_LOG))],
    expect: 'imported',
  },
  {
    kind: 'backwards timestamps',
    make: (bad) => [
      write(join(bad, 'back.log'), V0_LOG.replace('INFO 11-20 08:00:31', 'INFO 11-20 07:00:31')),
    ],
    expect: 'imported',
    message: /backwards/i,
    line: 4,
  },
  {
    kind: 'child phase longer than its parent',
    make: (bad) => [
      write(
        join(bad, 'child.log'),
        RAY_LOG.replace('Loading weights took 9.50 seconds', 'Loading weights took 950.00 seconds'),
      ),
    ],
    expect: 'imported',
    message: /longer than/i,
  },
  {
    kind: 'truncated log',
    make: (bad) => [write(join(bad, 'cut.log'), RAY_LOG.slice(0, 1000))],
    expect: 'imported',
    message: /partial .*no end marker/,
  },
  {
    kind: 'tar links, FIFOs and devices',
    make: async (bad) => {
      const p = await writeTarGz(join(bad, 'links.tar.gz'), [
        [{ name: 'exp/c1.json' }, point(1)],
        [{ name: 'exp/passwd.json', type: 'symlink', linkname: '/etc/passwd' }, null],
        [{ name: 'exp/hard.json', type: 'link', linkname: 'exp/c1.json' }, null],
        [{ name: 'exp/pipe', type: 'fifo' }, null],
        [{ name: 'exp/tty', type: 'character-device', devmajor: 5, devminor: 0 }, null],
        [{ name: 'exp/c4.json' }, point(4)],
      ]);
      return ['passwd.json', 'hard.json', 'pipe', 'tty'].map((n) => `${p}!exp/${n}`);
    },
    expect: 'skipped',
    message: /^tar [a-z-]+ entry not read$/,
  },
  {
    kind: 'FIFO and socket-like files in a folder',
    make: (bad) => {
      mkdirSync(join(bad, 'exp'), { recursive: true });
      const pipes = [join(bad, 'exp', 'pipe.json'), join(bad, 'exp', 'pipe.log')];
      expect(spawnSync('mkfifo', pipes).status).toBe(0);
      for (const p of pipes) expect(statSync(p).isFIFO()).toBe(true);
      return pipes;
    },
    expect: 'skipped',
    message: /not a regular file/,
  },
  {
    kind: 'zip-slip entry names',
    make: async (bad) => {
      const p = await writeZip(join(bad, 'slip.zip'), [
        { name: 'exp/c1.json', data: point(1) },
        { name: 'XXXXX/evil.json', data: point(2), rename: '../../evil.json' },
        { name: 'Xtmp/evil2.json', data: point(3), rename: '/tmp/evil2.json' },
        { name: 'exp/c4.json', data: point(4) },
      ]);
      return [`${p}!../../evil.json`, `${p}!/tmp/evil2.json`];
    },
    expect: 'skipped',
    message: /entry not read: (invalid relative path|absolute path)/,
    check: ({ dir }) => {
      // nothing is ever written outside: BenchLens reads archives in memory
      expect(readdirSync(dir).sort()).toEqual(['bad', 'good', 'good-log']);
    },
  },
  {
    kind: 'odd zip entry names (backslash, control character)',
    make: async (bad) => {
      const p = await writeZip(join(bad, 'odd.zip'), [
        { name: 'exp/c1.json', data: point(1) },
        // a Windows zip tool's separator: read as a folder separator
        { name: 'win/aXb.json', data: point(2), rename: 'win/a\\b.json' },
        { name: 'ctl/cX.json', data: point(3), rename: 'ctl/c\u0007.json' },
        { name: 'exp/c4.json', data: point(4) },
      ]);
      return [`${p}!win/a/b.json`, `${p}!ctl/c\u0007.json`];
    },
    expect: 'imported',
    check: ({ report, bad }) => {
      const archive = (bad[0] as string).split('!')[0] as string;
      expect(report.imported.map((i) => i.file)).toEqual(
        expect.arrayContaining([`${archive}!exp/c1.json`, `${archive}!exp/c4.json`]),
      );
    },
  },
  {
    kind: 'binary garbage',
    make: (bad) => {
      let seed = 12345;
      const bytes = Buffer.from(
        Buffer.alloc(100_000, 0).map(() => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 23),
      );
      return [
        write(join(bad, 'garbage.log'), bytes),
        write(join(bad, 'exp', 'garbage.json'), bytes.subarray(0, 5000)),
      ];
    },
    expect: 'skipped',
    message: /^binary file$/,
  },
  {
    kind: 'empty files',
    make: (bad) => [write(join(bad, 'empty.log'), ''), write(join(bad, 'exp', 'empty.json'), '')],
    expect: 'skipped',
    message: /empty|no vLLM/,
  },
  {
    kind: 'NUL bytes in a log',
    make: (bad) => [write(join(bad, 'nul.log'), `${V0_LOG}INFO 11-20 08:02:00 [x.py:1] a\0b\0c\n`)],
    expect: 'skipped',
    message: /^binary file$/,
  },
  {
    kind: 'invalid UTF-8 in a log',
    make: (bad) => [
      write(
        join(bad, 'bad-utf8.log'),
        Buffer.concat([Buffer.from(V0_LOG), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x0a])]),
      ),
    ],
    expect: 'imported',
  },
  {
    kind: 'UTF-8 BOM before a JSON result',
    make: (bad) => badJson(bad, `\ufeff${point(2)}`),
    expect: 'imported',
  },
  {
    kind: 'CRLF line ends',
    make: (bad) => [write(join(bad, 'crlf.log'), V0_LOG.replaceAll('\n', '\r\n'))],
    expect: 'imported',
    check: ({ db, report, bad }) => {
      const id = report.imported.find((i) => i.file === bad[0])?.snapshotId;
      const phases = queryDb<{ phase_id: string; duration_s: number }>(
        db,
        'SELECT phase_id, duration_s FROM phases WHERE snapshot_id = ? ORDER BY phase_id',
        id,
      );
      expect(phases.length).toBeGreaterThan(3);
      expect(phases.find((p) => p.phase_id === 'model_loading')?.duration_s).toBe(22);
    },
  },
  {
    kind: 'enormous numbers, NaN, Infinity in JSON',
    make: (bad) =>
      badJson(
        bad,
        '{"completed": 1e999, "num_prompts": 5, "max_concurrency": 2, "request_throughput": NaN, "output_throughput": -Infinity}',
      ),
    expect: 'imported',
    message: /"completed".*Infinity/,
  },
  {
    kind: 'duplicate keys in JSON',
    make: (bad) => badJson(bad, '{"completed": 5, "completed": 6, "num_prompts": 6, "max_concurrency": 2}'),
    expect: 'imported',
    check: ({ db, report, bad }) => {
      const id = report.imported.find((i) => i.file === bad[0])?.snapshotId;
      // the last one wins, as in JSON.parse and Python's json
      expect(queryDb(db, 'SELECT completed, failed FROM serving_points WHERE snapshot_id = ?', id)).toEqual([
        { completed: 6, failed: 0 },
      ]);
    },
  },
  {
    kind: 'wrong types in JSON',
    make: (bad) =>
      badJson(
        bad,
        '{"completed": "five", "num_prompts": [1], "max_concurrency": 2, "output_throughput": true}',
      ),
    expect: 'imported',
    message: /unexpected value for "num_prompts"/,
  },
];

describe('bad input through `benchlens import`', () => {
  afterAll(() => {
    writeTable('1-file-kinds');
    cleanUp();
  });
  for (const c of CASES) it(c.kind, () => runFileCase(c), (c.timeoutMs ?? 120_000) + 60_000);
});
