import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCoreService } from '../../main/core/service';
import { FolderWatcher } from '../../main/core/watch';
import type { ImportReport } from '../../shared/model';
import { FIXTURES, ROOT } from './cli-helpers';

const BENCH_FIXTURES = join(ROOT, 'main/importers/vllm-bench-json/fixtures');

describe('FolderWatcher', () => {
  it('imports only settled files, retries a half-written JSON once it changes, and reports each batch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'benchlens-watch-'));
    const exp = join(dir, 'bm_results', 'rayoss251-x2', 'part1');
    mkdirSync(exp, { recursive: true });
    const svc = createCoreService({ dbPath: join(dir, 'w.db') });
    const reports: ImportReport[] = [];
    const w = new FolderWatcher(
      dir,
      (files) => svc.handlers.importPaths({ paths: files }),
      (r) => reports.push(r),
      { settleMs: 2000 },
    );
    const full = readFileSync(join(BENCH_FIXTURES, 'old-vllm-no-failed.json'), 'utf8');
    const target = join(exp, 'conc16.json');
    writeFileSync(target, full.slice(0, 200));
    let t = 1_000_000;
    expect(await w.tick(t)).toBeNull(); // first sight
    expect(await w.tick((t += 1000))).toBeNull(); // not settled yet
    const half = await w.tick((t += 1500));
    expect(half?.errors[0]).toMatchObject({
      file: target,
      message: expect.stringMatching(/invalid JSON: unexpected end of file/),
    });
    expect(await w.tick((t += 5000))).toBeNull(); // unchanged since: not retried
    writeFileSync(target, full);
    expect(await w.tick((t += 100))).toBeNull(); // changed: wait for it to settle again
    const done = await w.tick((t += 2500));
    expect(done?.imported).toEqual([
      expect.objectContaining({ file: target, name: 'rayoss251-x2', kind: 'serving' }),
    ]);
    copyFileSync(join(FIXTURES, 'ray-tp2-base.log'), join(dir, 'ray-tp2-base.log'));
    await w.tick((t += 10));
    const log = await w.tick((t += 2500));
    expect(log?.imported.map((i) => i.name)).toEqual(['ray-tp2-base']);
    expect(reports).toHaveLength(3);
    svc.close();
  });
});

describe('benchlens watch (subprocess)', () => {
  it('imports a file that lands in the folder and prints it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'benchlens-watch-cli-'));
    mkdirSync(join(dir, 'runs'));
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'bin/benchlens.js'),
        'watch',
        join(dir, 'runs'),
        '--json',
        '--db',
        join(dir, 'w.db'),
        '--create',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const line = new Promise<string>((res) =>
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('\n')) res(out.split('\n')[0] as string);
      }),
    );
    await new Promise<void>((res) => {
      const check = () => (err.includes('watching') ? res() : setTimeout(check, 50));
      check();
    });
    copyFileSync(join(FIXTURES, 'ray-tp2-cached.log'), join(dir, 'runs', 'ray-tp2-cached.log'));
    const first = JSON.parse(await line) as { folder: string; report: ImportReport };
    expect(first.folder).toBe(join(dir, 'runs'));
    expect(first.report.imported[0]).toMatchObject({ name: 'ray-tp2-cached', kind: 'startup' });
    child.kill('SIGINT');
    await new Promise((res) => child.on('exit', res));
  });
});
