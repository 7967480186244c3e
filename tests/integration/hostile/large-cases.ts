// Large hostile cases, kept out of the default test run (minutes, gigabytes of disk): each spawns the
// real `benchlens serve` (or the CLI), feeds it a generated input and reads the process's peak RSS
// (VmHWM in /proc/<pid>/status). Run: `npm run bench:hostile`; prints a table and exits 1 when a
// bound is broken. Bounds (issue 9): a 300 MB upload through `serve` ≤ 400 MB; a JSON of 1 M keys or
// a 200 MB string ≤ 500 MB and no crash; a gzip bomb refused; `serve` answers the next request.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { FIXTURES, ROOT } from '../cli-helpers';

const CLI = join(ROOT, 'bin/benchlens.js');
const MB = 1e6;

interface Served {
  child: ChildProcess;
  port: number;
  token: string;
  tmp: string;
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return (Number(kb) * 1024) / MB;
}

async function startServe(work: string): Promise<Served> {
  const tmp = mkdtempSync(join(work, 'tmp-'));
  const child = spawn(process.execPath, [CLI, 'serve', '--db', join(work, `serve-${Date.now()}.db`)], {
    env: { ...process.env, BENCHLENS_DB: '', TMPDIR: tmp },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.setEncoding('utf8');
  for await (const chunk of child.stdout as AsyncIterable<string>) {
    out += chunk;
    const m = /http:\/\/127\.0\.0\.1:(\d+)\/#token=(\S+)/.exec(out);
    if (m) return { child, port: Number(m[1]), token: m[2] as string, tmp };
  }
  throw new Error(`serve exited before printing its URL:\n${out}`);
}

async function stop(s: Served): Promise<void> {
  s.child.kill('SIGTERM');
  if (s.child.exitCode === null) await once(s.child, 'exit');
}

/** Uploads a file through /api/upload; `abortAfterBytes` destroys the request part way. */
function upload(
  s: Served,
  file: string,
  name: string,
  abortAfterBytes?: number,
): Promise<{ status: number; body: string } | 'aborted'> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: s.port,
        method: 'POST',
        path: `/api/upload?name=${encodeURIComponent(name)}`,
        headers: {
          Host: `127.0.0.1:${s.port}`,
          Authorization: `Bearer ${s.token}`,
          'Content-Type': 'application/octet-stream',
          'Content-Length': String(statSync(file).size),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    const input = createReadStream(file);
    let sent = 0;
    req.on('error', (e) => (abortAfterBytes !== undefined ? resolve('aborted') : reject(e)));
    input.on('data', (c) => {
      sent += c.length;
      if (abortAfterBytes !== undefined && sent >= abortAfterBytes) {
        input.destroy();
        req.destroy();
        resolve('aborted');
      }
    });
    input.pipe(req);
  });
}

/** Posts `file` as the one content of an `importFiles` JSON body, escaped as it streams (never held). */
function uploadAsJson(s: Served, file: string, name: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: s.port,
        method: 'POST',
        path: '/api/importFiles',
        headers: {
          Host: `127.0.0.1:${s.port}`,
          Authorization: `Bearer ${s.token}`,
          'Content-Type': 'application/json',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    void (async () => {
      req.write(`{"files": [{"name": ${JSON.stringify(name)}, "content": "`);
      for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 })) {
        if (!req.write(JSON.stringify(chunk).slice(1, -1))) await once(req, 'drain');
      }
      req.end('"}]}');
    })().catch(reject);
  });
}

/** A real start-up log head, then distinct INFO lines up to `bytes`. */
async function generateLog(path: string, bytes: number): Promise<void> {
  const out = createWriteStream(path);
  const head = readFileSync(join(FIXTURES, 'ray-tp2-base.log'));
  let size = head.length;
  out.write(head);
  let i = 0;
  while (size < bytes) {
    const lines: string[] = [];
    for (let k = 0; k < 2000; k++, i++)
      lines.push(
        `INFO 01-01 00:00:00 [filler.py:${i % 997}] generated line ${i} of the hostile upload case\n`,
      );
    const chunk = lines.join('');
    size += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** One JSON result with `keys` extra top-level keys. */
async function generateKeysJson(path: string, keys: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(
    '{"date":"20250101-000000","backend":"vllm","model_id":"m","max_concurrency":16,"request_throughput":1.5',
  );
  for (let i = 0; i < keys; i += 10_000) {
    const parts: string[] = [];
    for (let k = i; k < Math.min(keys, i + 10_000); k++) parts.push(`,"key_${k}":"value ${k}"`);
    if (!out.write(parts.join(''))) await once(out, 'drain');
  }
  out.end('}');
  await once(out, 'finish');
}

/** A real log head (64 KB of it), then `bytes` of one endless line, gzipped: a bomb behind a log head. */
async function generateGzipBomb(path: string, bytes: number): Promise<void> {
  const gzip = createGzip({ level: 1 });
  const out = gzip.pipe(createWriteStream(path));
  const log = readFileSync(join(FIXTURES, 'ray-tp2-base.log'));
  let head = 0;
  while (head < 64 * 1024) {
    if (!gzip.write(log)) await once(gzip, 'drain');
    head += log.length;
  }
  const block = Buffer.alloc(1 << 20, 'a');
  for (let n = 0; n < bytes; n += block.length) if (!gzip.write(block)) await once(gzip, 'drain');
  gzip.end();
  await once(out, 'finish');
}

/** One result JSON whose "label" is a string of `chars` characters. */
async function generateLongString(path: string, chars: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(
    '{"backend":"vllm","model_id":"m","max_concurrency":4,"completed":1,"request_throughput":1,"label":"',
  );
  const block = 'x'.repeat(1 << 20);
  for (let n = 0; n < chars; n += block.length) if (!out.write(block)) await once(out, 'drain');
  out.end('"}');
  await once(out, 'finish');
}

/** The server still answers a plain API call. */
function answersNext(s: Served): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: s.port,
        method: 'POST',
        path: '/api/listSnapshots',
        headers: {
          Host: `127.0.0.1:${s.port}`,
          Authorization: `Bearer ${s.token}`,
          'Content-Type': 'application/json',
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end('{}');
  });
}

interface Row {
  kind: string;
  result: string;
  peakRssMb: number;
  boundMb: number;
}

async function main(): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), 'benchlens-large-'));
  const rows: Row[] = [];
  let failed = false;
  try {
    const log = join(work, 'upload-300mb.log');
    await generateLog(log, 300 * MB);
    const keys = join(work, 'keys-1m.json');
    await generateKeysJson(keys, 1_000_000);

    // 1. a 300 MB log uploaded through serve, then an aborted upload leaves no temp folder
    {
      const s = await startServe(work);
      try {
        const idleMb = peakRssMb(s.child.pid as number);
        const r = await upload(s, log, 'exp/upload-300mb.log');
        const peak = peakRssMb(s.child.pid as number);
        const ok =
          r !== 'aborted' &&
          r.status === 200 &&
          (JSON.parse(r.body) as { imported: unknown[] }).imported.length === 1;
        rows.push({
          kind: `serve: 300 MB log upload (${(statSync(log).size / MB).toFixed(0)} MB; idle ${idleMb.toFixed(0)} MB)`,
          result: ok ? 'imported' : `FAILED ${r === 'aborted' ? r : `${r.status} ${r.body.slice(0, 200)}`}`,
          peakRssMb: peak,
          boundMb: 400,
        });
        failed ||= !ok || peak > 400;
        const aborted = await upload(s, log, 'again.log', 50 * MB);
        // the server removes the folder once it sees the close; poll its temp folder
        // (tsx keeps its own cache there: only upload folders count)
        const uploads = () => readdirSync(s.tmp).filter((n) => n.startsWith('benchlens-upload-'));
        let left = uploads();
        for (let i = 0; i < 100 && left.length > 0; i++) {
          await new Promise((r2) => setTimeout(r2, 100));
          left = uploads();
        }
        rows.push({
          kind: 'serve: upload aborted after 50 MB',
          result:
            aborted === 'aborted' && left.length === 0
              ? 'temp folder removed'
              : `FAILED left: ${left.join(', ')}`,
          peakRssMb: peakRssMb(s.child.pid as number),
          boundMb: 400,
        });
        failed ||= left.length > 0;
      } finally {
        await stop(s);
      }
    }

    // 1b. the same 300 MB log as the content of an importFiles JSON body (streamed to disk too)
    {
      const s = await startServe(work);
      try {
        const r = await uploadAsJson(s, log, 'json/upload-300mb.log');
        const peak = peakRssMb(s.child.pid as number);
        const ok = r.status === 200 && (JSON.parse(r.body) as { imported: unknown[] }).imported.length === 1;
        rows.push({
          kind: 'serve: 300 MB log as an importFiles JSON body',
          result: ok ? 'imported' : `FAILED ${r.status} ${r.body.slice(0, 200)}`,
          peakRssMb: peak,
          boundMb: 400,
        });
        failed ||= !ok || peak > 400;
      } finally {
        await stop(s);
      }
    }

    // 2. a JSON of 1 M keys: through serve, and through the CLI
    {
      const s = await startServe(work);
      try {
        const r = await upload(s, keys, 'keys-1m.json');
        const peak = peakRssMb(s.child.pid as number);
        const ok = r !== 'aborted' && r.status === 200;
        rows.push({
          kind: `serve: JSON of 1 M keys (${(statSync(keys).size / MB).toFixed(0)} MB)`,
          result: ok
            ? r.body.includes('"imported":[{')
              ? 'imported'
              : `answered: ${r.body.slice(0, 160)}`
            : 'FAILED',
          peakRssMb: peak,
          boundMb: 500,
        });
        failed ||= !ok || peak > 500;
      } finally {
        await stop(s);
      }
    }
    // 3. hostile uploads: a 200 MB string, a gzip bomb behind a real log head; the server answers next
    {
      const long = join(work, 'string-200mb.json');
      await generateLongString(long, 200 * MB);
      const bomb = join(work, 'bomb.log.gz');
      await generateGzipBomb(bomb, 2.2 * 1024 * MB);
      for (const [file, label, boundMb] of [
        [long, `serve: JSON with a 200 MB string (${(statSync(long).size / MB).toFixed(0)} MB)`, 500],
        [
          bomb,
          `serve: gzip bomb behind a log head (${(statSync(bomb).size / MB).toFixed(1)} MB → 2.2 GiB)`,
          400,
        ],
      ] as const) {
        const s = await startServe(work);
        try {
          const r = await upload(s, file, file.split('/').pop() as string);
          const peak = peakRssMb(s.child.pid as number);
          const next = await answersNext(s);
          const body = r === 'aborted' ? r : r.body;
          const ok = r !== 'aborted' && r.status === 200 && next === 200;
          rows.push({
            kind: label,
            result: ok ? `${body.slice(0, 200)}; next request ${next}` : `FAILED ${body.slice(0, 200)}`,
            peakRssMb: peak,
            boundMb,
          });
          failed ||= !ok || peak > boundMb;
        } finally {
          await stop(s);
        }
      }
    }
    {
      const db = join(work, 'cli.db');
      const t = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, CLI, 'import', keys, '--db', db], {
        encoding: 'utf8',
        env: { ...process.env, BENCHLENS_DB: '' },
      });
      const kb = Number(t.stderr.trim().split('\n').pop());
      const peak = (kb * 1024) / MB;
      rows.push({
        kind: 'CLI import: JSON of 1 M keys',
        result: t.status === 0 ? t.stdout.trim() : `FAILED exit ${t.status}`,
        peakRssMb: peak,
        boundMb: 500,
      });
      failed ||= t.status !== 0 || peak > 500;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  process.stdout.write('| kind | result | peak RSS | bound |\n| --- | --- | --- | --- |\n');
  for (const r of rows)
    process.stdout.write(`| ${r.kind} | ${r.result} | ${r.peakRssMb.toFixed(0)} MB | ≤ ${r.boundMb} MB |\n`);
  return failed ? 1 : 0;
}

process.exitCode = await main();
