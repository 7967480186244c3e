// Files the renderer uploads (browser picker, drag and drop): text as UTF-8, archives and figures
// as base64; relative folder paths place results exactly as a path import would.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { createCoreService } from '../../main/core/service';
import { FIXTURES, ROOT } from './cli-helpers';

const BENCH = join(ROOT, 'main/importers/vllm-bench-json/fixtures');

async function zipOf(entries: [string, Buffer][]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of entries) zip.addBuffer(data, name);
  zip.end();
  const parts: Buffer[] = [];
  for await (const b of zip.outputStream as AsyncIterable<Buffer>) parts.push(b);
  return Buffer.concat(parts);
}

describe('importFiles (uploads)', () => {
  it('imports a dropped folder by relative paths, a base64 zip, and says what it skipped', async () => {
    const svc = createCoreService({ dbPath: join(mkdtempSync(join(tmpdir(), 'benchlens-up-')), 'u.db') });
    const json = readFileSync(join(BENCH, 'old-vllm-no-failed.json'), 'utf8');
    const finished: unknown[] = [];
    svc.onEvent((event, payload) => {
      if (event === 'importFinished') finished.push(payload);
    });
    const r1 = await svc.handlers.importFiles({
      files: [
        {
          name: 'horizontal_scaling/bm_results/rayoss251-x2/part1/conc16.json',
          content: json,
          encoding: 'utf8',
        },
        { name: 'notes.md', content: '# notes', encoding: 'utf8' },
      ],
    });
    expect(r1.imported).toEqual([expect.objectContaining({ name: 'rayoss251-x2', kind: 'serving' })]);
    expect(r1.skipped).toEqual([{ file: 'notes.md', reason: 'code or prose, not a result' }]);
    // every front door (menu, native dialog) learns of the report through this event
    expect(finished).toEqual([{ report: r1 }]);
    const [summary] = await svc.handlers.listSnapshots({});
    expect(summary).toMatchObject({ bundle: 'horizontal_scaling', attributes: { replicas: 2 } });

    const zip = await zipOf([
      [
        'perf/replica_initialization/experiment_terminal_output/ray-tp2-base.log',
        readFileSync(join(FIXTURES, 'ray-tp2-base.log')),
      ],
      ['perf/horizontal_scaling/bm_results/rayoss251-x2/part1/conc16.json', Buffer.from(json)],
    ]);
    const r2 = await svc.handlers.importFiles({
      files: [{ name: 'perf.zip', content: zip.toString('base64'), encoding: 'base64' }],
    });
    expect(r2.errors).toEqual([]);
    expect(r2.imported).toEqual([
      expect.objectContaining({
        file: 'perf.zip!perf/replica_initialization/experiment_terminal_output/ray-tp2-base.log',
        name: 'ray-tp2-base',
      }),
    ]);
    // the same result file, the same experiment: already there
    expect(r2.unchanged).toEqual([
      { file: 'perf.zip!perf/horizontal_scaling/bm_results/rayoss251-x2/part1/conc16.json' },
    ]);
    const damaged = await svc.handlers.importFiles({
      files: [{ name: 'broken.zip', content: zip.subarray(0, 200).toString('base64'), encoding: 'base64' }],
    });
    expect(damaged.errors[0]).toMatchObject({ file: expect.stringMatching(/broken\.zip/) });
    expect(await svc.handlers.listSnapshots({})).toHaveLength(2);
    svc.close();
  });
});

describe('importStaged (serve uploads staged on disk)', () => {
  it('imports staged files under their uploaded names: a relative path places the result, a zip is opened in place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'benchlens-staged-'));
    const svc = createCoreService({ dbPath: join(dir, 'u.db') });
    const json = readFileSync(join(BENCH, 'old-vllm-no-failed.json'));
    const stage = (name: string, data: Buffer): { name: string; path: string } => {
      const sub = mkdtempSync(join(dir, 'up-'));
      const path = join(sub, name.split('/').pop() ?? name);
      writeFileSync(path, data);
      return { name, path };
    };
    const r1 = await svc.importStaged([
      stage('horizontal_scaling/bm_results/rayoss251-x2/part1/conc16.json', json),
    ]);
    expect(r1.imported).toEqual([
      expect.objectContaining({
        file: 'horizontal_scaling/bm_results/rayoss251-x2/part1/conc16.json',
        name: 'rayoss251-x2',
      }),
    ]);
    const zip = await zipOf([
      [
        'perf/replica_initialization/experiment_terminal_output/ray-tp2-base.log',
        readFileSync(join(FIXTURES, 'ray-tp2-base.log')),
      ],
    ]);
    const r2 = await svc.importStaged([stage('perf.zip', zip)]);
    expect(r2.errors).toEqual([]);
    expect(r2.imported).toEqual([
      expect.objectContaining({
        file: 'perf.zip!perf/replica_initialization/experiment_terminal_output/ray-tp2-base.log',
        name: 'ray-tp2-base',
      }),
    ]);
    const [first] = await svc.handlers.listSnapshots({ kind: 'serving' });
    expect(first).toMatchObject({ bundle: 'horizontal_scaling', attributes: { replicas: 2 } });
    svc.close();
  });

  it('reports a small staged start-up log as imported (small files join a batch: it is committed before the answer)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'benchlens-staged-'));
    const svc = createCoreService({ dbPath: join(dir, 'u.db') });
    const path = join(dir, 'ray-tp2-base.log');
    writeFileSync(path, readFileSync(join(FIXTURES, 'ray-tp2-base.log')));
    const r = await svc.importStaged([{ name: 'ray-tp2-base.log', path }]);
    expect(r.errors).toEqual([]);
    expect(r.imported).toEqual([expect.objectContaining({ name: 'ray-tp2-base', kind: 'startup' })]);
    expect(await svc.handlers.listSnapshots({})).toHaveLength(1);
    svc.close();
  });
});
