// Folder walking (issue 9: 6, 7): symlink loops end, folders are listed as the import goes, and an
// unreadable sub-folder is skipped with its reason while the rest is imported.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import type * as FsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Store } from '../../db/store';
import { Importer } from './import';
import { openSources } from './sources';

vi.mock('node:fs/promises', async (importOriginal) => {
  const m = await importOriginal<typeof FsPromises>();
  return { ...m, readdir: vi.fn(m.readdir) };
});
const realReaddir = (await vi.importActual<typeof FsPromises>('node:fs/promises')).readdir;
const readdirMock = vi.mocked(fsp.readdir) as unknown as ReturnType<
  typeof vi.fn<(p: string) => Promise<string[]>>
>;

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'benchlens-walk-'));
  store = new Store(join(dir, 'db.sqlite'));
  readdirMock.mockClear();
  readdirMock.mockImplementation((p: string) => realReaddir(p));
});
afterEach(() => store.close());

const result = (c: number) => JSON.stringify({ completed: 1, num_prompts: 1, max_concurrency: c });

function tree(): string {
  const root = join(dir, 'in');
  for (const e of ['exp1', 'exp2']) {
    mkdirSync(join(root, e), { recursive: true });
    writeFileSync(join(root, e, 'c1.json'), result(1));
    writeFileSync(join(root, e, 'c2.json'), result(2));
  }
  return root;
}

describe('folder walking', () => {
  it('walks each folder once when symbolic links loop back (two loops: no blow-up)', async () => {
    const root = tree();
    symlinkSync('..', join(root, 'exp1', 'up'));
    symlinkSync(root, join(root, 'exp2', 'root'));
    const report = await new Importer(store).importPaths([root]);
    expect(report.errors).toEqual([]);
    expect(report.imported.map((i) => i.file).sort()).toEqual(
      ['exp1/c1.json', 'exp1/c2.json', 'exp2/c1.json', 'exp2/c2.json'].map((f) => join(root, f)),
    );
    expect(report.unchanged).toEqual([]);
    expect(report.skipped).toEqual([
      {
        file: join(root, 'exp1', 'up'),
        reason: 'folder already walked (a symbolic link back into the tree)',
      },
      {
        file: join(root, 'exp2', 'root'),
        reason: 'folder already walked (a symbolic link back into the tree)',
      },
    ]);
    expect(readdirMock).toHaveBeenCalledTimes(3);
  });

  it('skips an unreadable sub-folder with the reason and imports the rest', async () => {
    const root = tree();
    readdirMock.mockImplementation((p: string) =>
      p.endsWith('exp1')
        ? Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }))
        : realReaddir(p),
    );
    const report = await new Importer(store).importPaths([root]);
    expect(report.errors).toEqual([]);
    expect(report.skipped).toEqual([{ file: join(root, 'exp1'), reason: 'cannot read folder: EACCES' }]);
    expect(report.imported.map((i) => i.file)).toEqual([
      join(root, 'exp2/c1.json'),
      join(root, 'exp2/c2.json'),
    ]);
  });

  it('yields the first file before listing the later folders', async () => {
    const root = tree();
    const sources = await openSources([root]);
    const first = await sources.entries.next();
    expect(first.value?.display).toBe(join(root, 'exp1/c1.json'));
    expect(readdirMock.mock.calls.map(([p]) => p)).toEqual([root, join(root, 'exp1')]);
    await sources.entries.return(undefined);
  });
});
