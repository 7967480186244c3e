// Issue 9 (12): snapshots named with digits are reachable from the CLI as from the API: text is a
// name first, `#N` / `id:N` is an id, plain digits fall back to an id when no name matches.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliJson, tempDb } from '../cli-helpers';

describe('snapshot references in the CLI', () => {
  it('resolves numeric names, #id and id:N the way the API does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'benchlens-names-'));
    const db = tempDb();
    for (const e of ['alpha', '1', '999']) {
      mkdirSync(join(dir, e));
      writeFileSync(
        join(dir, e, 'c2.json'),
        JSON.stringify({ completed: 1, num_prompts: 1, max_concurrency: 2 }),
      );
      cliJson(db, 'import', join(dir, e)); // ids 1, 2, 3 in this order
    }
    const show = (r: string) => cliJson<{ id: number; name: string }>(db, 'show', r);
    expect(show('999')).toMatchObject({ id: 3, name: '999' });
    expect(show('1')).toMatchObject({ id: 2, name: '1' });
    expect(show('#1')).toMatchObject({ id: 1, name: 'alpha' });
    expect(show('id:3')).toMatchObject({ id: 3, name: '999' });
    expect(show('2')).toMatchObject({ id: 2 }); // no snapshot named "2": the id
    expect(cli(db, 'show', '#7').code).toBe(1);
  }, 120_000);
});
