// Issue 9 (12): snapshots named with digits are reachable from the CLI as from the API: text is a
// name first, `#N` / `id:N` is an id, plain digits fall back to an id when no name matches.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, cliJson, tempDb } from '../cli-helpers';
import { describeDb, inspectDb, oneLine, record, writeTable } from './harness';

afterAll(() => writeTable('5-numeric-names'));

describe('snapshot references in the CLI', () => {
  it('resolves numeric names, #id and id:N the way the API does', () => {
    const row = record('numeric snapshot names', 'cli', null);
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
    const missing = cli(db, 'show', '#7');
    row.message = oneLine(
      `show 999 → id 3 "999"; show 1 → id 2 "1"; show #1 → id 1; show #7: ${missing.stderr}`,
    );
    row.dbIntact = describeDb(inspectDb(db));
    row.goodImported = '3/3';
    row.alive = `exit ${missing.code}`;
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/#7/);
  }, 120_000);
});
