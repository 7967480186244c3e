// Issue 9 (15): control characters in file names never reach the terminal raw.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempDb } from '../cli-helpers';
import { describeDb, inspectDb, oneLine, record, writeTable } from './harness';

afterAll(() => writeTable('7-control-chars'));

describe('CLI import report', () => {
  it('prints control characters in file names escaped', () => {
    const row = record('control characters in file names', 'cli', null);
    const dir = mkdtempSync(join(tmpdir(), 'benchlens-ctl-'));
    mkdirSync(join(dir, 'exp'));
    writeFileSync(join(dir, 'exp', 'c\u001b[31mred.json'), '{"completed": 1, "num_prompts": 1}');
    writeFileSync(join(dir, 'exp', 'bad\u0007.json'), '{"num_prompts": 1, "completed": ,}');
    const db = tempDb();
    const r = cli(db, 'import', dir, '--verbose');
    row.message = oneLine(r.stderr.split('\n').find((l) => l.includes('bad')) ?? r.stderr);
    row.alive = `exit ${r.code}`;
    row.dbIntact = describeDb(inspectDb(db));
    row.goodImported = r.stdout.includes('c\\u001b[31mred.json') ? '1/1' : '0/1';
    expect(r.stdout).toContain('c\\u001b[31mred.json');
    expect(r.stderr).toContain('bad\\u0007.json');
    // eslint-disable-next-line no-control-regex
    expect(r.stdout + r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  }, 60_000);
});
