// Through the contract (callMethod, as IPC and HTTP call it): uploaded snapshots (only a file name, no
// path) of both kinds deleted and restored exactly; the trash keeps the newest deletions only; model
// identity overrides change the facet, the filter and each summary's key, also when another
// connection (the CLI while the app runs) wrote them.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store, TRASH_KEEP } from '../../db/store';
import type { Method, Output } from '../../shared/contract';
import { callMethod } from './call';
import { createCoreService } from './service';
import type { CoreService } from './types';

let dir: string;
let svc: CoreService;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'benchlens-restore-'));
  svc = createCoreService({ dbPath: join(dir, 'db.sqlite'), importInWorker: false });
});
afterEach(() => svc.close());

const call = async <M extends Method>(m: M, input: unknown) => (await callMethod(svc, m, input)) as Output<M>;
const text = (rel: string) => readFileSync(new URL(rel, import.meta.url), 'utf8');
const startupLog = (name: string) => ({
  name,
  content: text(`../importers/vllm-startup-log/fixtures/${name}`),
});
const resultFile = (name: string) => ({
  name: `exp-a/${name}`,
  content: text(`../importers/vllm-bench-json/fixtures/${name}`),
});

/** Everything the app shows of a snapshot: its detail, and its points when it is a serving one. */
async function everything(id: number): Promise<string> {
  const d = await call('getSnapshot', { snapshot: id });
  const points = d.kind === 'serving' ? (await call('servingPoints', { snapshot: id })).points : null;
  return JSON.stringify([d, points, await call('listSnapshots', {})]);
}

describe('undo of a delete, through the contract', () => {
  it('restores an uploaded start-up with a manual scenario and an uploaded serving snapshot exactly', async () => {
    const r = await call('importFiles', {
      files: [
        startupLog('ray-tp2-cached.log'),
        resultFile('rr2-detailed.json'),
        resultFile('old-vllm-no-failed.json'),
      ],
    });
    expect(r.errors).toEqual([]);
    const startup = r.imported.find((i) => i.kind === 'startup');
    const serving = r.imported.find((i) => i.kind === 'serving');
    if (!startup || !serving) throw new Error('expected a start-up and a serving snapshot');
    await call('annotate', { snapshot: startup.snapshotId, phase: 'warmup', valueS: 40, scenario: 'mine' });
    await call('setAttributes', { snapshot: serving.snapshotId, attributes: { replicas: 2 } });
    await call('renameSnapshot', { snapshot: serving.snapshotId, name: 'uploaded serving' });

    for (const id of [startup.snapshotId, serving.snapshotId]) {
      const before = await everything(id);
      const del = await call('deleteSnapshot', { snapshot: id });
      expect(del.deleted).toBe(1);
      await expect(call('getSnapshot', { snapshot: id })).rejects.toThrow(/no snapshot/);
      const back = await call('restoreSnapshot', { token: del.restoreToken });
      expect(back.id).toBe(id);
      expect(await everything(id)).toBe(before);
    }
    expect(await call('listDeleted', {})).toEqual([]);
  });

  it('refuses an unknown token cleanly, listing what can be restored', async () => {
    const r = await call('importFiles', { files: [startupLog('vllm-v0.log')] });
    const del = await call('deleteSnapshot', { snapshot: r.imported[0]?.snapshotId ?? 0 });
    await expect(call('restoreSnapshot', { token: 'ffffffffffff' })).rejects.toThrow(
      new RegExp(
        `no deleted snapshot with restore token "ffffffffffff"; restorable: ${del.restoreToken} \\("vllm-v0"\\)`,
      ),
    );
    await expect(call('restoreSnapshot', { token: 'nope' })).rejects.toThrow(
      /restoreSnapshot: token: a restore token is 12 hex digits/,
    );
  });

  it(`keeps the newest ${TRASH_KEEP} deletions`, async () => {
    const store = new Store(join(dir, 'db.sqlite'));
    try {
      store.db.exec(`INSERT INTO snapshot_trash (token, snapshot_id, name, kind, deleted_at, bundle_json)
        SELECT printf('%012x', value), value, 'old ' || value, 'startup', '2000-01-01T00:00:00.000Z', '{}'
        FROM generate_series(1, ${TRASH_KEEP})`);
    } catch {
      // no generate_series in this SQLite build: insert one by one
      const ins = store.db.prepare(
        "INSERT INTO snapshot_trash (token, snapshot_id, name, kind, deleted_at, bundle_json) VALUES (?, ?, ?, 'startup', '2000-01-01T00:00:00.000Z', '{}')",
      );
      for (let i = 1; i <= TRASH_KEEP; i++) ins.run(i.toString(16).padStart(12, '0'), i, `old ${i}`);
    } finally {
      store.close();
    }
    const r = await call('importFiles', { files: [startupLog('vllm-v0.log')] });
    const del = await call('deleteSnapshot', { snapshot: r.imported[0]?.snapshotId ?? 0 });
    const trash = await call('listDeleted', {});
    expect(trash).toHaveLength(TRASH_KEEP);
    expect(trash[0]?.token).toBe(del.restoreToken);
  });
});

describe('model identity overrides, through the contract', () => {
  it('change the facet, the filter and each summary key, also when another connection wrote them', async () => {
    await call('importFiles', {
      files: [startupLog('ray-tp2-base.log'), startupLog('k8s-multinode.log'), startupLog('vllm-v0.log')],
    });
    const before = await call('listModelIdentities', {});
    expect(before.identities.length).toBeGreaterThanOrEqual(2);
    const [a, b] = before.identities;
    if (!a || !b) throw new Error('expected two identities');
    const facetOf = async () => (await call('libraryFacets', {})).models;
    expect(await facetOf()).toEqual(
      before.identities
        .map((i) => ({ model: i.name, count: i.count }))
        .sort((x, y) => (x.model < y.model ? -1 : 1)),
    );

    // the CLI, another process, merges a into b while this core runs
    const other = new Store(join(dir, 'db.sqlite'));
    try {
      other.setIdentityOverrides([{ kind: 'key', source: a.key, target: b.key }]);
    } finally {
      other.close();
    }
    const merged = await facetOf();
    expect(merged).toEqual(expect.arrayContaining([{ model: b.name, count: a.count + b.count }]));
    expect(merged.some((m) => m.model === a.name)).toBe(false);
    const filtered = await call('listSnapshots', { model: a.names[0]?.model });
    expect(filtered).toHaveLength(a.count + b.count);
    expect(new Set(filtered.map((s) => s.modelKey))).toEqual(new Set([b.key]));

    const reset = await call('setModelIdentity', { action: 'reset', name: a.names[0]?.model });
    expect(reset.overrides).toEqual([]);
    expect(await facetOf()).toEqual(expect.arrayContaining([{ model: a.name, count: a.count }]));
  });
});
