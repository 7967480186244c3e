// The core's snapshotsChanged events name what changed (issue 10: 3): an import's snapshots (new
// or grown), an edited or renamed one, a deleted one; an import that changed nothing names none.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contract, events, type EventPayload } from '../../shared/contract';
import { callMethod } from './call';
import { createCoreService } from './service';
import type { CoreService } from './types';

let dir: string;
let svc: CoreService;
let changes: EventPayload<'snapshotsChanged'>[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'benchlens-events-'));
  svc = createCoreService({ dbPath: join(dir, 'db.sqlite'), importInWorker: false });
  changes = [];
  svc.onEvent((event, payload) => {
    if (event === 'snapshotsChanged') changes.push(events.snapshotsChanged.parse(payload));
  });
});
afterEach(() => svc.close());

function result(rel: string, c: number): string {
  const p = join(dir, 'in', rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(
    p,
    JSON.stringify({ completed: 10, num_prompts: 10, max_concurrency: c, output_throughput: c }),
  );
  return p;
}

const importPaths = async (paths: string[]) =>
  contract.importPaths.output.parse(await callMethod(svc, 'importPaths', { paths }));

describe('snapshotsChanged', () => {
  it('names the snapshots an import added or grew, an edit touched and a delete removed', async () => {
    const first = await importPaths([result('a/c1.json', 1), result('b/c1.json', 1)]);
    const [a, b] = first.imported.map((i) => i.snapshotId);
    expect(changes.at(-1)).toEqual({ ids: [a, b], removed: [] });

    // a new point in experiment a: the same snapshot, grown
    await importPaths([result('a/c2.json', 2)]);
    expect(changes.at(-1)).toEqual({ ids: [a], removed: [] });

    // the same files again: nothing changed, nothing named (no full refresh either)
    await importPaths([join(dir, 'in')]);
    expect(changes.at(-1)).toEqual({ ids: [], removed: [] });

    await callMethod(svc, 'renameSnapshot', { snapshot: b, name: 'bee' });
    expect(changes.at(-1)).toEqual({ ids: [b], removed: [] });
    await callMethod(svc, 'setAttributes', { snapshot: b, attributes: { gpus: 8 } });
    expect(changes.at(-1)).toEqual({ ids: [b], removed: [] });
    await callMethod(svc, 'deleteSnapshot', { snapshot: a });
    expect(changes.at(-1)).toEqual({ ids: [], removed: [a] });
    expect(changes).toHaveLength(6);
  });
});
