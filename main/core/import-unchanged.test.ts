// Unchanged content is found from its hash before parsing (issue 10): a re-import of the same log
// never runs the parser and still reports `unchanged`; changed content of the same size, a deleted
// replica of a multi-replica log and uploads are parsed again as before.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Store } from '../../db/store';
import { StartupLogParser } from '../importers/vllm-startup-log/parser';
import { Importer } from './import';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'benchlens-unchanged-'));
  store = new Store(join(dir, 'db.sqlite'));
});
afterEach(() => {
  store.close();
  vi.restoreAllMocks();
});

const fixture = readFileSync(
  new URL('../importers/vllm-startup-log/fixtures/ray-tp2-base.log', import.meta.url),
  'utf8',
);
/** The fixture followed by plain lines, past the 64 KiB head: `tag` changes content, not size. */
const bigLog = (tag: string) =>
  fixture + Array.from({ length: 3000 }, (_, i) => `plain progress line ${tag} ${i}\n`).join('');

function write(rel: string, text: string): string {
  const p = join(dir, 'in', rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
}

const R = (app: string, pid: number, t: string, msg: string) =>
  `(ServeReplica:default:LLMServer:${app} pid=${pid}) INFO 05-06 10:${t} [x.py:1] ${msg}`;
const twoReplicas = [
  R('llama', 100, '00:00', 'Starting to load model meta-llama/Llama-3.1-8B...'),
  R('qwen', 200, '00:05', 'Starting to load model Qwen/Qwen3-8B...'),
  R('llama', 100, '00:40', 'Model loading took 15.0 GiB and 40.000000 seconds'),
  R('qwen', 200, '01:05', 'Model loading took 16.0 GiB and 60.000000 seconds'),
].join('\n');

describe('re-importing unchanged content', () => {
  it('does not run the parser on an unchanged log larger than the head, and reports it unchanged', async () => {
    const f = write('a/big.log', bigLog('a'));
    const first = await new Importer(store).importPaths([f]);
    expect(first.errors).toEqual([]);
    expect(first.imported).toHaveLength(1);
    const push = vi.spyOn(StartupLogParser.prototype, 'pushBytes');
    const again = await new Importer(store).importPaths([f]);
    expect(push).not.toHaveBeenCalled();
    expect(again.unchanged).toEqual([{ file: f }]);
    expect(again.imported).toEqual([]);
    expect(store.listSnapshots()).toHaveLength(1);
  });

  it('does not run the parser on an unchanged small log', async () => {
    const f = write('a/small.log', fixture);
    await new Importer(store).importPaths([f]);
    const push = vi.spyOn(StartupLogParser.prototype, 'pushBytes');
    const again = await new Importer(store).importPaths([f]);
    expect(push).not.toHaveBeenCalled();
    expect(again.unchanged).toEqual([{ file: f }]);
  });

  it('parses other content of the same size (read a second time) as a new snapshot', async () => {
    const a = bigLog('a');
    const b = bigLog('b');
    expect(b.length).toBe(a.length);
    await new Importer(store).importPaths([write('a/big.log', a)]);
    const f = write('b/big.log', b);
    const push = vi.spyOn(StartupLogParser.prototype, 'pushBytes');
    const r = await new Importer(store).importPaths([f]);
    expect(push).toHaveBeenCalled();
    expect(r.errors).toEqual([]);
    expect(r.imported).toHaveLength(1);
    expect(r.unchanged).toEqual([]);
    const snaps = store.listSnapshots();
    expect(snaps).toHaveLength(2);
    // the second read parsed the whole file: both snapshots have the same measurements
    const [s1, s2] = snaps.map((s) => store.findSnapshot(s.id));
    expect(s1?.measurements).not.toBeNull();
    expect(s2?.measurements).toEqual(s1?.measurements);
  });

  it('finds every replica of a multi-replica log unchanged, and parses again when one was deleted', async () => {
    const f = write('r/two.log', twoReplicas);
    const first = await new Importer(store).importPaths([f]);
    expect(first.imported).toHaveLength(2);
    const push = vi.spyOn(StartupLogParser.prototype, 'pushBytes');
    const again = await new Importer(store).importPaths([f]);
    expect(push).not.toHaveBeenCalled();
    expect(again.unchanged).toEqual([{ file: f }, { file: f }]);
    const [one] = store.listSnapshots();
    store.deleteSnapshot(one?.id ?? -1);
    const restored = await new Importer(store).importPaths([f]);
    expect(push).toHaveBeenCalled();
    expect(restored.imported).toHaveLength(1);
    expect(restored.unchanged).toHaveLength(1);
  });

  it('does not run the parser on an unchanged upload larger than the head', async () => {
    const content = bigLog('u');
    const first = await new Importer(store).importContents([{ name: 'up.log', content }]);
    expect(first.imported).toHaveLength(1);
    const push = vi.spyOn(StartupLogParser.prototype, 'pushBytes');
    const again = await new Importer(store).importContents([{ name: 'up.log', content }]);
    expect(push).not.toHaveBeenCalled();
    expect(again.unchanged).toEqual([{ file: 'up.log' }]);
  });
});
