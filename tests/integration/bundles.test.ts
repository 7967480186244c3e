// Issue: import the whole perf-examples repository as a folder, a zip and a tar.gz (GitHub's layout,
// one extra top folder) and get identical database contents; every stored metric equals its JSON value.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import {
  createReadStream,
  createWriteStream,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { pack as tarPack } from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { createCoreService } from '../../main/core/service';
import type { CoreService } from '../../main/core/types';
import type { ImportReport } from '../../shared/model';

const corpus = process.env['BENCHLENS_CORPUS'];
const TOP = 'ray-serve-llm-perf-examples-04ba8ab';

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out;
}

async function makeZip(root: string, file: string): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const f of listFiles(root)) zip.addFile(f, `${TOP}/${relative(root, f)}`);
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
}

async function makeTarGz(root: string, file: string): Promise<void> {
  const pack = tarPack();
  const done = pipeline(pack, createGzip(), createWriteStream(file));
  pack.entry({ name: `${TOP}/`, type: 'directory' });
  for (const f of listFiles(root)) {
    const data = readFileSync(f);
    await new Promise<void>((res, rej) =>
      pack.entry({ name: `${TOP}/${relative(root, f)}`, size: data.length }, data, (e) =>
        e ? rej(e) : res(),
      ),
    );
  }
  pack.finalize();
  await done;
}

/** Everything a user can see through the contract, without ids, paths or timestamps. */
async function canonical(svc: CoreService): Promise<string> {
  const h = svc.handlers;
  const list = await h.listSnapshots({});
  const out: unknown[] = [];
  for (const s of [...list].sort((a, b) => a.name.localeCompare(b.name))) {
    const { id: _id, createdAt: _c, sourcePath: _p, ...summary } = s;
    if (s.kind === 'startup') {
      const d = await h.getSnapshot({ snapshot: s.id, ranks: 'slowest' });
      out.push({
        summary,
        phases: d.phases,
        issues: d.issues,
        events: await h.phaseEvents({ snapshot: s.id, phase: 'model_loading' }),
      });
    } else {
      const { points } = await h.servingPoints({ snapshot: s.id });
      out.push({ summary, points: points.map(({ id: _i, sourcePath: _s, ...p }) => p) });
    }
    const figs = await h.figures({ snapshot: s.id });
    const hashes = [];
    for (const f of figs) {
      const data = await h.figure({ id: f.id });
      hashes.push([f.name, f.matches, createHash('sha256').update(data.base64).digest('hex')]);
    }
    out.push(hashes);
  }
  return JSON.stringify(out);
}

describe.skipIf(!corpus)(
  'whole-repository import: folder, zip, tar.gz (BENCHLENS_CORPUS; skipped: variable not set)',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'benchlens-bundles-'));
    const services: CoreService[] = [];
    afterAll(() => services.forEach((s) => s.close()));
    const open = (name: string) => {
      const s = createCoreService({ dbPath: join(dir, `${name}.db`) });
      services.push(s);
      return s;
    };
    const root = corpus as string;
    let folderDump: string;

    it('imports the folder: 9 start-up snapshots, one serving snapshot per experiment folder, no errors', async () => {
      const svc = open('folder');
      const r = await svc.handlers.importPaths({ paths: [root] });
      expect(r.errors).toEqual([]);
      expect(r.skipped).toEqual([]);
      const list = await svc.handlers.listSnapshots({});
      const experiments = new Set(
        listFiles(root)
          .filter((f) => f.endsWith('.json'))
          .map((f) => {
            const parts = relative(root, f).split('/').slice(0, -1);
            if (/^(part\d+|all-parts)$/.test(parts[parts.length - 1] ?? '')) parts.pop();
            return parts.join('/');
          }),
      );
      expect(list.filter((s) => s.kind === 'startup')).toHaveLength(9);
      expect(list.filter((s) => s.kind === 'serving')).toHaveLength(experiments.size);
      expect(r.attached).toHaveLength(listFiles(root).filter((f) => f.endsWith('.png')).length);
      folderDump = await canonical(svc);
      const again = await svc.handlers.importPaths({ paths: [root] });
      expect(again.imported).toEqual([]);
      expect(again.unchanged).toHaveLength(r.imported.length + (r.attached?.length ?? 0));
      expect(await canonical(svc)).toBe(folderDump);
    });

    it("a zip and a tar.gz of it (with GitHub's extra top folder) give identical contents; a third import is a no-op", async () => {
      const zipFile = join(dir, 'repo.zip');
      const tgzFile = join(dir, 'repo.tar.gz');
      await makeZip(root, zipFile);
      await makeTarGz(root, tgzFile);
      for (const [name, file] of [
        ['zip', zipFile],
        ['tgz', tgzFile],
      ] as const) {
        const svc = open(name);
        const r = await svc.handlers.importPaths({ paths: [file] });
        expect(r.errors).toEqual([]);
        expect(await canonical(svc)).toBe(folderDump);
        const third = await svc.handlers.importPaths({ paths: [file] });
        expect(third.imported).toEqual([]);
        expect(await canonical(svc)).toBe(folderDump);
      }
    });

    it('stores every metric of every file exactly as the JSON has it (3 horizontal-scaling and 2 prefill/decode experiments)', async () => {
      const svc = services[0] as CoreService;
      const experiments = [
        'horizontal_scaling/bm_results/rayoss251-x2',
        'horizontal_scaling/bm_results/rayturbo251-x4',
        'horizontal_scaling/bm_results/rayoss251-x8',
        'prefill_decode/bm_results/gptoss_itl5000_otl250_mixed_pd_p1xtp2-d3xtp2',
        'prefill_decode/bm_results/gptoss_itl5000_otl250_mixed_baseline_2xtp4',
      ];
      let checked = 0;
      for (const e of experiments) {
        const name = e.split('/').pop() as string;
        const { points, snapshot } = await svc.handlers.servingPoints({ snapshot: name });
        const files = listFiles(join(root, e)).filter((f) => f.endsWith('.json'));
        expect(points).toHaveLength(files.length);
        for (const f of files) {
          const json = JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>;
          const p = points.find((x) => x.file === relative(join(root, e), f));
          expect(p, f).toBeDefined();
          for (const [k, v] of Object.entries(json)) {
            expect(p?.metrics[k], `${f} ${k}`).toEqual(v);
            checked++;
          }
          if (!('failed' in json)) {
            expect(p?.failed).toBe((json['num_prompts'] as number) - (json['completed'] as number));
            expect(p?.flags['failed']).toBe('derived');
          }
          expect(p?.concurrency).toBe(json['max_concurrency']);
          expect(p?.rateInfinite).toBe(json['request_rate'] === 1e9);
        }
        if (name.startsWith('ray'))
          expect(snapshot.attributes).toMatchObject({ replicas: Number(name.split('-x')[1]) });
      }
      expect(checked).toBeGreaterThan(1000);
    });

    it('attaches the published figures to their bundle, matching names first', async () => {
      const svc = services[0] as CoreService;
      const figs = await svc.handlers.figures({ snapshot: 'rayoss251-x4' });
      expect(figs[0]).toMatchObject({ name: 'plots/oss.png', matches: true });
      const png = await svc.handlers.figure({ id: figs[0]?.id ?? 0 });
      const original = readFileSync(join(root, 'horizontal_scaling/plots/oss.png'));
      expect(createHash('sha256').update(Buffer.from(png.base64, 'base64')).digest('hex')).toBe(
        createHash('sha256').update(original).digest('hex'),
      );
      const q = await svc.handlers.figures({ snapshot: 'qwen235B-base' });
      expect(q[0]).toMatchObject({ name: 'graphs/Qwen235B.png', matches: true });
    });
  },
);

describe('import github:OWNER/REPO@REF', () => {
  it('downloads the archive over HTTP(S) and imports it; offline it fails fast with a clear message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'benchlens-gh-test-'));
    const src = join(dir, 'src', 'replica_initialization', 'experiment_terminal_output');
    const { mkdirSync, copyFileSync } = await import('node:fs');
    mkdirSync(src, { recursive: true });
    const fixtures = new URL('../../main/importers/vllm-startup-log/fixtures/', import.meta.url).pathname;
    for (const f of readdirSync(fixtures)) copyFileSync(join(fixtures, f), join(src, f));
    const tgz = join(dir, 'archive.tar.gz');
    await makeTarGz(join(dir, 'src'), tgz);
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(req.url ?? '');
      if (req.url === '/acme/perf/tar.gz/main') {
        res.writeHead(200, { 'content-type': 'application/x-gzip' });
        createReadStream(tgz).pipe(res);
      } else {
        res.writeHead(404).end();
      }
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    const svc = createCoreService({ dbPath: join(dir, 'gh.db') });
    const prev = process.env['BENCHLENS_GITHUB_ARCHIVE_BASE'];
    try {
      process.env['BENCHLENS_GITHUB_ARCHIVE_BASE'] = `http://127.0.0.1:${port}`;
      const r: ImportReport = await svc.handlers.importGithub({ repo: 'acme/perf', ref: 'main' });
      expect(seen).toEqual(['/acme/perf/tar.gz/main']);
      expect(r.errors).toEqual([]);
      expect(r.imported.map((i) => i.name).sort()).toEqual([
        'k8s-multinode',
        'ray-tp2-base',
        'ray-tp2-cached',
        'vllm-serve-2026',
        'vllm-v0',
      ]);
      expect((await svc.handlers.listSnapshots({}))[0]?.bundle).toBe('replica_initialization');
      await expect(svc.handlers.importGithub({ repo: 'acme/missing', ref: 'main' })).rejects.toThrow(
        /no repository or ref acme\/missing@main/,
      );
      // a port nobody listens on, as when offline
      const closed = createServer();
      closed.listen(0, '127.0.0.1');
      await once(closed, 'listening');
      const deadPort = (closed.address() as AddressInfo).port;
      closed.close();
      await once(closed, 'close');
      process.env['BENCHLENS_GITHUB_ARCHIVE_BASE'] = `http://127.0.0.1:${deadPort}`;
      await expect(svc.handlers.importGithub({ repo: 'acme/perf', ref: 'main' })).rejects.toThrow(
        new RegExp(
          `cannot download acme/perf@main from 127\\.0\\.0\\.1:${deadPort} \\(offline\\?\\): ECONNREFUSED`,
        ),
      );
    } finally {
      if (prev === undefined) delete process.env['BENCHLENS_GITHUB_ARCHIVE_BASE'];
      else process.env['BENCHLENS_GITHUB_ARCHIVE_BASE'] = prev;
      svc.close();
      server.close();
    }
  });
});
