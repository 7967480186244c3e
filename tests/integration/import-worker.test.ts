import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCoreService } from '../../main/core/service';
import { FIXTURES } from './cli-helpers';

describe('imports on a worker thread', () => {
  it('run off the main thread, report progress, and stop between files when cancelled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'benchlens-worker-'));
    const base = readFileSync(join(FIXTURES, 'ray-tp2-base.log'), 'utf8');
    const noise = Array.from(
      { length: 4000 },
      (_, i) => `(RayWorkerWrapper pid=6001) INFO 03-02 10:01:0${i % 10} [w.py:1] progress ${i}`,
    ).join('\n');
    for (let i = 0; i < 40; i++)
      writeFileSync(join(dir, `run-${String(i).padStart(2, '0')}.log`), `${base}${noise}\nrun ${i}\n`);
    const svc = createCoreService({
      dbPath: join(mkdtempSync(join(tmpdir(), 'benchlens-worker-db-')), 'w.db'),
    });
    expect(svc.importMode).toBe('worker');
    const progress: number[] = [];
    let cancelled: Promise<{ cancelled: boolean }> | null = null;
    svc.onEvent((event, p) => {
      if (event !== 'importProgress') return;
      const done = (p as { filesDone: number }).filesDone;
      progress.push(done);
      if (done >= 2 && !cancelled) cancelled = svc.handlers.cancelImport({});
    });
    // the main thread stays free while the worker parses
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const report = await svc.handlers.importPaths({ paths: [dir] });
    clearInterval(timer);
    expect(await cancelled).toEqual({ cancelled: true });
    const stopped = report.skipped.filter((s) => s.reason === 'import cancelled');
    expect(stopped.length).toBeGreaterThan(0);
    expect(report.imported.length + stopped.length).toBe(40);
    expect(report.errors).toEqual([]);
    expect(ticks).toBeGreaterThan(0);
    expect(progress[0]).toBe(0);
    // nothing half-imported: every stored snapshot is whole
    const list = await svc.handlers.listSnapshots({});
    expect(list).toHaveLength(report.imported.length);
    for (const s of list) expect(s.totalS).toBe(209);
    // importing again picks up exactly the files that were cancelled
    const rest = await svc.handlers.importPaths({ paths: [dir] });
    expect(rest.imported).toHaveLength(stopped.length);
    svc.close();
  });
});
